import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type BrowserContext, type Frame, type Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../../helpers/browser';
import type { Store } from '../../../src/store/db';
import { buildWebchat, EchoBot, listen, openTestStore, storeUserToken } from './helpers';


async function ask(target: Page | Frame, question: string, answer: string): Promise<void> {
  const input = target.locator('[data-id="webchat-sendbox-input"]');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(question);
  await input.press('Enter');
  await said(target, answer).waitFor({ timeout: 30_000 });
}

/** A message text as rendered in Web Chat's transcript (a screen-reader copy of it lives elsewhere). */
function said(target: Page | Frame, text: string) {
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return target.locator('.webchat__basic-transcript p').filter({ hasText: exact });
}

describe('web chat in a real browser', function () {
  this.timeout(120_000);
  let store: Store;
  let bot: EchoBot;
  let server: Awaited<ReturnType<typeof listen>>;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  const problems: string[] = [];

  before(async function () {
    requireChromium(this, 'the web chat browser test');
    store = await openTestStore();
    bot = new EchoBot();
    server = await listen(buildWebchat(store, { bot }));
    browser = await openChromium();
    context = browser.context;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  function watch(page: Page): void {
    watchPage(page, problems);
  }

  it('answers a question typed into Web Chat on the shop page', async () => {
    const page = await context.newPage();
    watch(page);
    await page.goto(`${server.base}/`);
    await expect(await page.locator('.brand').textContent()).to.equal('Acme Outfitters');
    await ask(page, 'where is my order 1001?', 'echo: where is my order 1001?');
    const turn = bot.turns.at(-1)!;
    expect(turn.text).to.equal('where is my order 1001?');
    expect(turn.fromId).to.match(/^dl_/);
    expect(turn.channel).to.equal('webchat');
    // The shopper's own message is shown once (the echo matched the sent activity).
    expect(await said(page, 'where is my order 1001?').count()).to.equal(1);
    expect(problems.filter((p) => /Content Security Policy|pageerror/.test(p))).to.deep.equal([]);
    await page.close();
  });

  it('opens from the embed snippet on another origin and carries a store-signed identity', async () => {
    const userToken = storeUserToken({ email: 'ana@example.com', exp: Math.floor(Date.now() / 1000) + 600 });
    // The merchant's site: another origin (another port) with only the documented snippet.
    const merchant = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><html><body><h1>Merchant</h1><script src="${server.base}/webchat/embed.js" async data-user-token="${userToken}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (merchant.address() as AddressInfo).port;
      const page = await context.newPage();
      watch(page);
      await page.goto(`http://localhost:${port}/`);
      await page.getByRole('button', { name: 'Chat with Acme Outfitters' }).click();
      const frameElement = await page.waitForSelector('iframe[title="Acme Outfitters chat"]');
      const frame = (await frameElement.contentFrame())!;
      await ask(frame, 'my order?', 'echo: my order?');
      expect(bot.turns.at(-1)!.proven).to.deep.equal({ email: 'ana@example.com' });
      await page.close();
    } finally {
      merchant.closeAllConnections();
      await new Promise<void>((resolve) => merchant.close(() => resolve()));
    }
  });
});
