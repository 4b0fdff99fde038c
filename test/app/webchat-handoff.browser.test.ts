import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { type BrowserContext, type Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../helpers/browser';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';


/**
 * The whole product in a real browser: a shopper on the demo shop's page asks where order
 * 1001 is, verifies with the email and gets the answer; asks for a person; an agent sees
 * the case appear in the inbox without a reload and replies; the reply shows in the
 * shopper's Web Chat.
 */
describe('app in a real browser: web chat, verification, handoff to the inbox and back', function () {
  this.timeout(180_000);
  const ADMIN = 'browser-admin-key-0123456789';
  let db: TestStore;
  let wismo: Wismo;
  let server: http.Server;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  const problems: string[] = [];

  before(async function () {
    requireChromium(this, 'the whole-app browser test');
    db = await openTestStore();
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: 'browser-directline-secret-0123',
      SHOP_NAME: 'Acme Outfitters', SUPPORT_HOURS: 'always',
    });
    wismo = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    await seedDemoShop(wismo.orders);
    await request(wismo.app).post('/api/v1/agents').set('Authorization', `Bearer ${ADMIN}`)
      .send({ email: 'sam@acme.example', name: 'Sam', role: 'agent', password: 'sam password 1234' }).expect(201);
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

  function watch(page: Page): void {
    watchPage(page, problems, /401|Unauthorized/);
    page.on('response', (res) => { if (res.status() === 404) problems.push(`404: ${new URL(res.url()).pathname}`); });
  }

  /** Types into Web Chat and waits for a bot message matching `reply`. */
  async function ask(page: Page, text: string, reply: RegExp): Promise<string> {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(text);
    await input.press('Enter');
    const message = page.locator('.webchat__basic-transcript p').filter({ hasText: reply }).last();
    await message.waitFor({ timeout: 30_000 });
    return (await message.textContent()) ?? '';
  }

  it('answers a verified shopper, hands over, and the agent\'s reply reaches the shopper', async () => {
    const shopper = await context.newPage();
    watch(shopper);
    await shopper.goto(`${base}/`);
    const verify = await ask(shopper, 'where is my order 1001?', /e-?mail|phone|post ?code|zip/i);
    expect(verify).not.to.contain('1Z999AA10123456784');
    const answer = await ask(shopper, 'ana@example.com', /1Z999AA10123456784/);
    expect(answer).to.match(/UPS/);

    await ask(shopper, 'I want to talk to a person', /person|team/i);

    const agent = await context.newPage();
    watch(agent);
    await agent.goto(`${base}/inbox/`);
    await agent.locator('#login-email').fill('sam@acme.example');
    await agent.locator('#login-password').fill('sam password 1234');
    await agent.locator('#login-form button[type=submit]').click();
    const item = agent.locator('#cases li', { hasText: /person|requested/i }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await agent.locator('.shipment', { hasText: '1Z999AA10123456784' }).waitFor({ timeout: 15_000 });
    await agent.locator('[data-f="reply"]').fill('Hi Ana, this is Sam. Your parcel is with UPS, I am checking with them.');
    await agent.locator('[data-f="reply-form"] button[type=submit]').click();

    await shopper.locator('.webchat__basic-transcript p').filter({ hasText: 'Hi Ana, this is Sam.' }).waitFor({ timeout: 30_000 });
    expect(problems).to.deep.equal([]);
  });
});
