import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../helpers/browser';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';

/**
 * The tracking page in a real browser (Debian's Chromium): the order's timeline in the link's
 * language on a phone-sized screen, the chat on the page answering "where is my order?"
 * about that order without asking for any detail, and a tampered link showing the not-found page.
 */
describe('tracking page in a real browser: timeline, language, verified chat, tampered link', function () {
  this.timeout(180_000);
  let db: TestStore;
  let wismo: Wismo;
  let server: http.Server;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  const problems: string[] = [];

  before(async function () {
    requireChromium(this, 'the tracking page browser test');
    db = await openTestStore();
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_API_KEY: 'browser-admin-key-0123456789', DIRECTLINE_SECRET: 'browser-directline-secret-0123',
      SHOP_NAME: 'Acme Outfitters', SHOP_PRIMARY_COLOR: '#0b6e4f', SUPPORT_HOURS: 'always',
    });
    wismo = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    await seedDemoShop(wismo.orders);
    server = http.createServer(wismo.app);
    wismo.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openChromium();
    context = browser.context;
  });

  after(async function () {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await wismo?.close();
    await db?.cleanup();
  });

  /** The path of a fresh link to an order's page (the host of PUBLIC_BASE_URL is not this test server). */
  const pagePath = (orderId: string, lang: 'es' | 'en') => new URL(wismo.trackingPages.urlFor(orderId, lang)).pathname;

  it('shows the timeline in the shopper\'s language on a phone, and its chat answers about the order without asking for details', async () => {
    const page: Page = await context.newPage();
    watchPage(page, problems);
    await page.setViewportSize({ width: 375, height: 740 });
    const path = pagePath('1001', 'es');
    expect(path).not.to.contain('1001');
    const res = await page.goto(`${base}${path}`);
    expect(res?.status()).to.equal(200);

    expect(await page.getAttribute('html', 'lang')).to.equal('es');
    expect(await page.title()).to.equal('Pedido 1001 · Acme Outfitters');
    expect(await page.locator('h1').textContent()).to.equal('Pedido 1001');
    expect(await page.locator('main h2').allTextContents()).to.deep.equal(['Envíos']);
    expect(await page.locator('#chat-heading').textContent()).to.equal('¿Tienes preguntas sobre este pedido?');
    const timeline = page.locator('ol.timeline > li');
    expect(await timeline.count()).to.equal(2);
    expect(await timeline.nth(0).locator('strong').textContent()).to.equal('En tránsito');
    expect(await timeline.nth(0).textContent()).to.contain('Departed facility, Dallas, TX');
    expect(await timeline.nth(1).locator('strong').textContent()).to.equal('Etiqueta creada');
    // Mobile first: nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);
    // The stage badge reads at WCAG AA contrast.
    const [fg, bg] = await page.locator('.stage').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(contrastOf(fg, bg)).to.be.at.least(4.5);

    // The chat on the page is already verified for order 1001.
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('¿dónde está mi pedido?');
    await input.press('Enter');
    const reply = page.locator('.webchat__basic-transcript p').filter({ hasText: /1Z999AA10123456784/ }).last();
    await reply.waitFor({ timeout: 30_000 });
    const transcript = (await page.locator('.webchat__basic-transcript').textContent()) ?? '';
    expect(transcript).to.contain('UPS');
    expect(transcript).not.to.match(/correo electrónico|código postal|número de pedido/i);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('shows the not-found page for a tampered link, and no chat', async () => {
    const page = await context.newPage();
    watchPage(page, problems, /404/);
    const path = pagePath('1001', 'en');
    const token = path.split('/').at(-1)!;
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 3] ^= 0x40;
    const res = await page.goto(`${base}/track/${raw.toString('base64url')}`);
    expect(res?.status()).to.equal(404);
    expect(await page.locator('h1').textContent()).to.equal('This tracking link does not work');
    expect(await page.content()).not.to.contain('1001');
    expect(await page.locator('#webchat').count()).to.equal(0);
    expect(problems).to.deep.equal([]);
    await page.close();
  });
});

/** WCAG contrast of two computed `rgb(r, g, b)` colours. */
function contrastOf(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
