import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type BrowserContext, type Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../helpers/browser';
import { handoffFixture, factSheet, seedConversation, TestClock, type HandoffFixture } from '../helpers/handoff-fixture';


describe('agent inbox in a real browser', function () {
  this.timeout(120_000);
  let f: HandoffFixture;
  let server: http.Server;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    requireChromium(this, 'the inbox browser test');
    // One clock for server and browser: the browser keeps real time, so the server does too.
    f = await handoffFixture({}, { clock: new TestClock(new Date()) });
    await f.handoff.agents.create({ email: 'ana@shop.example', name: 'Ana', role: 'agent', password: 'agent password 123' });
    server = http.createServer(f.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    // CSP violations and script errors fail the test.
    watchPage(page, problems, /401|Unauthorized/);
  });

  after(async function () {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await f?.close();
  });

  it('logs in, sees a new case arrive live, opens it and replies', async function () {
    await page.goto(`${base}/inbox/`);
    await page.locator('#login-email').fill('ana@shop.example');
    await page.locator('#login-password').fill('agent password 123');
    await page.locator('#login-form button[type=submit]').click();
    await page.locator('#live.on').waitFor({ timeout: 15_000 });

    // The clock was set when the fixture was made; the stream reads from the real "now" it opened
    // at, a few seconds of browser start and login later: the case is stamped with real time too.
    f.clock.current = new Date();
    const conv = await seedConversation(f, { orderId: '1001', facts: factSheet('1001') });
    const { caseId } = await f.handoff.service.open({ conversationKey: conv.key, channel: 'webchat', reason: 'delivery_problem', lang: 'es', orderId: '1001', now: f.clock.now(), problem: 'damaged' });
    const item = page.locator(`#cases li[data-case="${caseId}"]`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).to.include('Delivery problem');

    await item.click();
    await page.locator('.transcript .msg.in', { hasText: 'mi pedido llegó roto' }).waitFor();
    await page.locator('.shipment', { hasText: '1Z999AA10123456784' }).waitFor();
    await page.locator('[data-f="reply"]').fill('Hola, te enviamos uno nuevo.');
    await page.locator('[data-f="reply-form"] button[type=submit]').click();
    await page.locator('.transcript .msg.agent', { hasText: 'Hola, te enviamos uno nuevo.' }).waitFor({ timeout: 15_000 });

    expect(f.channel.sent.at(-1)!.message.text).to.equal('Hola, te enviamos uno nuevo.');
    expect(await f.handoff.cases.stateOf(conv.key)).to.include({ active: true, agentJoined: true });
    await page.locator('[data-f="meta"]', { hasText: 'agent Ana' }).waitFor({ timeout: 15_000 });

    await page.locator('[data-f="note"]').fill('sent a replacement');
    await page.locator('[data-f="note-form"] button[type=submit]').click();
    await page.locator('.notes li', { hasText: 'sent a replacement' }).waitFor();

    await page.locator('[data-a="resolve"]').click();
    await page.locator('[data-f="meta"]', { hasText: 'resolved' }).waitFor({ timeout: 15_000 });
    expect(await f.handoff.cases.stateOf(conv.key)).to.include({ active: false });
    expect(problems).to.deep.equal([]);
  });
});
