import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../helpers/browser';
import { ADMIN, openTestBot, webchat } from '../security/attack-kit';

/**
 * The insights dashboard at /insights/ in a real browser, on a whole bot with three real web chat
 * conversations (a verified order question, a question it cannot answer, a request for a person).
 */
describe('insights dashboard in a real browser', function () {
  this.timeout(120_000);
  const admin = { Authorization: `Bearer ${ADMIN}` };
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let server: http.Server;
  let base: string;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  let context: BrowserContext;
  let page: Page;
  let caseId: number;
  // What the API says, read with the admin key: the page must show the same.
  let api: { totals: Record<string, number | null>; handoffReasons: { reason: string; caseIds: number[] }[]; currency: string; from: string; to: string };
  const problems: string[] = [];

  before(async function () {
    requireChromium(this, 'the insights dashboard browser test');
    bot = await openTestBot();
    await request(bot.app).post('/api/v1/orders').set(admin).send([{
      id: '7801', placedAt: new Date(Date.now() - 3_600_000).toISOString(), status: 'open', customer: { name: 'Ana Lima', email: 'ana7801@example.com' },
      shippingAddress: { line1: '1 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' }, items: [{ sku: 'MUG', name: 'Mug', quantity: 1 }], shipments: [],
    }]).expect(200);
    const verified = await webchat(bot.app, '192.0.2.81');
    expect((await verified.say('where is my order 7801? ana7801@example.com')).some((r) => r.wismo.orderId === '7801')).to.equal(true);
    const lost = await webchat(bot.app, '192.0.2.82');
    await lost.say('do you sell gift cards');
    const wantsPerson = await webchat(bot.app, '192.0.2.83');
    expect((await wantsPerson.say('I want to talk to a person')).some((r) => r.wismo.handoff)).to.equal(true);
    const cases = (await request(bot.app).get('/api/v1/cases?status=active').set(admin).expect(200)).body.cases as { id: number; reason: string }[];
    expect(cases.map((c) => c.reason)).to.deep.equal(['requested']);
    caseId = cases[0].id;
    await request(bot.app).post('/api/v1/agents').set(admin).send({ email: 'ana@shop.example', name: 'Ana', role: 'agent', password: 'agent password 123' }).expect(201);
    api = (await request(bot.app).get('/api/v1/insights').set(admin).expect(200)).body;

    server = http.createServer(bot.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    // CSP violations and script errors fail the test; the anonymous visit's 401s are expected.
    watchPage(page, problems, /401|Unauthorized/);
  });

  after(async function () {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await bot?.close();
  });

  const tile = (key: string) => ({
    value: () => page.locator(`[data-tile="${key}"] .value`).textContent(),
    detail: () => page.locator(`[data-tile="${key}"] .detail`).textContent(),
  });
  const loaded = (groupBy: string) => page.locator(`main[data-group-by="${groupBy}"][aria-busy="false"]`).waitFor({ timeout: 15_000 });

  it('the API figures of the three conversations are the ones the page must show', () => {
    expect(api.totals).to.deep.include({
      conversations: 3, handoffs: 1, handoffRate: 0.3333, orderConversations: 1, automatedResolutions: 1, automatedResolutionRate: 1, estimatedSaving: 12, repeatContacts: 0,
    });
    expect(api.currency).to.equal('EUR');
    expect(api.handoffReasons).to.deep.equal([{ reason: 'requested', count: 1, caseIds: [caseId] }]);
  });

  it('serves the page, its chart library from node_modules and a redirect that keeps the view', async () => {
    await request(bot.app).get('/insights?groupBy=channel&language=en').expect(301).expect('Location', '/insights/?groupBy=channel&language=en');
    const html = await request(bot.app).get('/insights/').expect(200).expect('Content-Type', /html/).expect('Cache-Control', 'no-cache');
    expect(html.text).to.include('src="/insights/vendor/chart.umd.min.js"').and.include('src="/insights/insights.js"').and.not.match(/<script>/);
    const lib = await request(bot.app).get('/insights/vendor/chart.umd.min.js').expect(200).expect('Content-Type', /javascript/);
    expect(lib.text).to.match(/Chart\.js v4\./);
    await request(bot.app).get('/insights/vendor/chart.umd.js').expect(404);
  });

  it('shows an anonymous visitor the login form and no data', async () => {
    const res = await page.goto(`${base}/insights`);
    expect(res!.url()).to.equal(`${base}/insights/`);
    const headers = res!.headers();
    expect(headers['content-security-policy']).to.contain("script-src 'self'");
    expect(headers['x-frame-options']).to.equal('DENY');
    await page.locator('#login-form').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('#app').isHidden()).to.equal(true);
    expect(await page.locator('#tiles li').count()).to.equal(0);
    const anonymous = await page.evaluate(async () => Promise.all(['/api/v1/insights', '/api/v1/insights.csv'].map(async (u) => (await fetch(u)).status)));
    expect(anonymous).to.deep.equal([401, 401]);
  });

  it('logs in with the inbox account and shows the figures the API computed', async () => {
    await page.getByLabel('Email').fill('ana@shop.example');
    await page.getByLabel('Password').fill('agent password 123');
    await page.getByLabel('Password').press('Enter');
    await loaded('day');
    expect(await page.locator('#me').textContent()).to.equal('Ana (agent)');
    expect(await page.locator('#f-from').inputValue()).to.equal(api.from);
    expect(await page.locator('#f-to').inputValue()).to.equal(api.to);

    expect(await page.locator('[data-tile]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tile')))).to.deep.equal([
      'conversations', 'wismo-share', 'automated-resolution-rate', 'handoff-rate', 'verification-success-rate', 'estimated-saving', 'median-first-answer', 'repeat-contacts',
    ]);
    expect(await tile('conversations').value()).to.equal('3');
    expect(await tile('handoff-rate').value()).to.equal('33.3%');
    expect(await tile('handoff-rate').detail()).to.equal('1 handoff of 3 conversations');
    expect(await tile('automated-resolution-rate').value()).to.equal('100%');
    expect(await tile('estimated-saving').value()).to.equal('€12.00');
    expect(await tile('repeat-contacts').value()).to.equal('0');
    const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);
    expect(await tile('wismo-share').value()).to.equal(pct(api.totals.wismoShare));
    expect(await tile('verification-success-rate').value()).to.equal(pct(api.totals.verificationSuccessRate));
    expect(await tile('median-first-answer').value()).to.match(/^\d+(\.\d)? (ms|s)$/);
  });

  it('draws the charts, each with a text alternative', async () => {
    for (const id of ['chart-daily', 'chart-handoff', 'chart-stages', 'chart-notices']) {
      const drawn = await page.locator(`#${id}`).evaluate((canvas: HTMLCanvasElement) => {
        const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(canvas);
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return { chart: Boolean(chart), width: canvas.width, painted };
      });
      expect(drawn.chart, id).to.equal(true);
      expect(drawn.width, id).to.be.greaterThan(100);
      expect(drawn.painted, id).to.be.greaterThan(500);
    }
    expect(await page.locator('#chart-daily').getAttribute('aria-label')).to.contain('3 conversations and 1 automated resolution in all');
    expect(await page.locator('#chart-daily').getAttribute('role')).to.equal('img');
    // The table behind the daily chart: today, 3 conversations, 1 automated resolution.
    await page.locator('#h-daily ~ details summary').click();
    const row = (await page.locator('#table-daily tbody tr').allTextContents()).join('|');
    expect(row).to.equal(`${api.to}31100%`);
  });

  it('lists the handoff reason with a link that opens its case in the inbox', async () => {
    const link = page.locator(`#reasons a[data-case="${caseId}"]`);
    expect(await link.getAttribute('href')).to.equal(`/inbox/#case-${caseId}`);
    expect(await page.locator('#reasons tbody tr').allTextContents()).to.deep.equal([`Asked for a person1#${caseId}`]);
    const inbox = await context.newPage();
    watchPage(inbox, problems);
    await inbox.goto(`${base}${await link.getAttribute('href')}`);
    await inbox.locator('[data-f="title"]', { hasText: `#${caseId} Asked for a person` }).waitFor({ timeout: 15_000 });
    await inbox.close();
  });

  it('shows the question the bot could not answer', async () => {
    const rows = await page.locator('#unanswered tbody tr').allTextContents();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.match(/^do you sell gift cards1/);
  });

  it('reloads by another group and offers the same view as CSV', async () => {
    const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/insights?') && r.url().includes('groupBy=channel'));
    await page.getByLabel('Group by').selectOption('channel');
    expect((await reloaded).status()).to.equal(200);
    await loaded('channel');
    expect(page.url()).to.contain('groupBy=channel');
    expect(await page.locator('#h-handoff').textContent()).to.equal('Handoff rate by channel');
    expect(await page.locator('#table-handoff tbody tr').allTextContents()).to.deep.equal(['webchat3133.3%']);
    // The daily chart stays by day.
    expect(await page.locator('#chart-daily').getAttribute('aria-label')).to.contain(`busiest day was ${api.to}`);

    const href = await page.locator('#csv').getAttribute('href');
    expect(href).to.equal(`/api/v1/insights.csv?from=${api.from}&to=${api.to}&groupBy=channel`);
    const csv = await page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href!);
    expect(csv.status).to.equal(200);
    expect(csv.type).to.match(/^text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 3)).to.deep.equal(['channel', 'conversations', 'wismoConversations']);
    expect(rows.map((r) => r.split(',').slice(0, 2).join(','))).to.deep.equal(['webchat,3', 'total,3']);

    // A filter narrows both the figures and the CSV link.
    await page.getByLabel('Language').selectOption('de');
    await page.locator('main[aria-busy="false"] [data-tile="conversations"] .value', { hasText: /^0$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#csv').getAttribute('href')).to.contain('language=de');
  });

  it('keeps the view in the address and fits a phone screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await loaded('channel');
    expect(await page.locator('#f-language').inputValue()).to.equal('de');
    await page.getByLabel('Language').selectOption('');
    await page.locator('main[aria-busy="false"] [data-tile="conversations"] .value', { hasText: /^3$/ }).waitFor({ timeout: 15_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).to.be.at.most(0);
    expect(problems).to.deep.equal([]);
  });
});
