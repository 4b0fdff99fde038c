import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import type { Express, Router } from 'express';
import { type BrowserContext, type Page } from 'playwright-core';
import { openChromium, requireChromium, watchPage } from '../helpers/browser';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { createApp } from '../../src/http/app';
import { knowledgeRouter } from '../../src/http/routes/knowledge';
import { KnowledgeService } from '../../src/knowledge/service';
import { KnowledgeVersions } from '../../src/knowledge/versions';
import { validateDocument } from '../../src/knowledge/loader';
import { plainDocument } from '../../src/knowledge/document';
import { promiseFor } from '../../src/knowledge/promise';
import { orderFromInput } from '../../src/answers/preview';
import { formatCalendarDay } from '../../src/answers/format';
import type { Knowledge } from '../../src/knowledge/schema';
import type { OrderInput } from '../../src/orders/contract';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';

const ADMIN = 'editor-admin-key-0123456789';
const SECRET = 'editor-directline-secret-0123456789';

/**
 * The knowledge editor in a real browser against the whole app (buildWismo): an admin
 * changes the default processing time, the preview shows the new ship-by date, the save
 * reaches the bot's answer over Direct Line, and a restore brings the old date back.
 */
describe('knowledge editor in a real browser', function () {
  this.timeout(180_000);
  let db: TestStore;
  let wismo: Wismo;
  let app: Express;
  let ownService: KnowledgeService | undefined;
  let server: http.Server;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  let page: Page;
  const problems: string[] = [];

  // Placed now, unshipped, one item no processing rule names: its ship-by date follows processing.default_days.
  const order: OrderInput = {
    id: '3001', placedAt: new Date().toISOString(), status: 'open', shippingMethod: 'standard',
    customer: { name: 'Kim Lee', email: 'kim@example.com', locale: 'en-US' },
    shippingAddress: { line1: '5 Elm St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' },
    items: [{ sku: 'MUG-BLUE', name: 'Blue stoneware mug', quantity: 1, tags: ['kitchen'] }],
    shipments: [],
  };
  const shipByWith = (knowledge: Knowledge) => promiseFor(orderFromInput(order), knowledge).expectedShipBy!;

  before(async function () {
    requireChromium(this, 'the knowledge editor browser test');
    db = await openTestStore();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: SECRET, SUPPORT_HOURS: 'always' });
    wismo = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    await wismo.orders.upsert([order]);
    app = wismo.app;
    if ((await request(app).get('/knowledge/')).status === 404) {
      // The container does not mount the knowledge routes yet: mount them in front of the app, on its KnowledgeBase.
      ownService = await KnowledgeService.start({ base: wismo.knowledge, versions: new KnowledgeVersions(db.store.db), pollMs: 0 });
      const router = knowledgeRouter({ knowledge: ownService, agents: wismo.handoff.agents, adminKey: ADMIN, timeZone: config.SHOP_TIMEZONE });
      app = createApp({ logger: createLogger('silent'), routers: [router, wismo.app as unknown as Router] });
    }
    server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    // CSP violations and script errors fail the test.
    watchPage(page, problems, /40[01]|Unauthorized|Bad Request/);
  });

  after(async function () {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    ownService?.close();
    await wismo?.close();
    await db?.cleanup();
  });

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  /** Asks the bot over Direct Line when order 3001 ships (verifying with its email); returns the answer text. */
  async function askWhenItShips(): Promise<string> {
    const started = await request(app).post('/v3/directline/conversations').set(bearer(SECRET)).expect(201);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    let watermark = '';
    const say = async (text: string) => {
      await request(app).post(`/v3/directline/conversations/${conversationId}/activities`).set(bearer(token)).send({ type: 'message', from: { id: `kim-${conversationId}` }, text, locale: 'en-US' }).expect(200);
      const res = await request(app).get(`/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`).set(bearer(token)).expect(200);
      watermark = res.body.watermark;
      return (res.body.activities as { from: { role?: string }; text?: string }[]).filter((a) => a.from.role === 'bot').map((a) => a.text ?? '').join('\n');
    };
    const ask = await say('when will my order 3001 ship?');
    expect(ask).to.match(/email|phone|postcode|zip/i);
    return say('kim@example.com');
  }

  it('edits the processing time with a live preview, saves it into the bot, and restores the old version', async () => {
    const before = wismo.knowledge.current();
    const changedDoc = plainDocument(before);
    changedDoc.processing.default_days = before.processing.default_days + 4;
    const checked = validateDocument(changedDoc, {});
    if (!checked.ok) throw new Error('test setup: the changed document does not validate');
    const oldDay = shipByWith(before);
    const newDay = shipByWith(checked.knowledge);
    expect(newDay).not.to.equal(oldDay);
    const year = new Date().getFullYear();
    const spoken = (day: string) => formatCalendarDay(day, 'en-US', year);

    await page.goto(`${base}/knowledge/`);
    await page.locator('#login-key').fill(ADMIN);
    await page.locator('#key-form button[type=submit]').click();
    const defaultDays = page.locator('[data-path="processing.default_days"]');
    await defaultDays.waitFor({ timeout: 15_000 });
    await page.locator('#preview-shipby', { hasText: oldDay }).waitFor({ timeout: 15_000 });
    const [firstVersion] = (await request(app).get('/api/v1/knowledge/versions').set(bearer(ADMIN)).expect(200)).body.versions;

    // A mistake is shown next to its field and nothing is saved.
    await defaultDays.fill('-2');
    await page.locator('#save').click();
    await page.locator('[data-error-for="processing.default_days"]', { hasText: /0 or more/ }).waitFor({ timeout: 15_000 });
    expect((await request(app).get('/api/v1/knowledge/versions').set(bearer(ADMIN))).body.versions).to.have.length(1);

    await defaultDays.fill(String(changedDoc.processing.default_days));
    await page.locator('#preview-shipby', { hasText: newDay }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#preview-text').textContent()).to.contain(spoken(newDay));
    expect(wismo.knowledge.current().processing.default_days, 'nothing changes before Save').to.equal(before.processing.default_days);

    await page.locator('#save').click();
    await page.locator('#save-status', { hasText: 'Saved as version' }).waitFor({ timeout: 15_000 });
    await page.locator(`#version-list li[data-version="${firstVersion.version}"] [data-restore]`).waitFor();
    expect(await page.locator('[data-error-for="processing.default_days"]').textContent()).to.equal('');
    const [saved] = (await request(app).get('/api/v1/knowledge/versions').set(bearer(ADMIN)).expect(200)).body.versions;
    expect(saved).to.include({ author: 'admin-key', source: 'editor', summary: `processing.default_days: ${before.processing.default_days} → ${changedDoc.processing.default_days}` });

    const afterSave = await askWhenItShips();
    expect(afterSave).to.contain(spoken(newDay)).and.not.to.contain(spoken(oldDay));

    await page.locator(`#version-list li[data-version="${firstVersion.version}"] [data-restore]`).click();
    await page.locator('#save-status', { hasText: `Version ${firstVersion.version} restored` }).waitFor({ timeout: 15_000 });
    await page.locator('#preview-shipby', { hasText: oldDay }).waitFor({ timeout: 15_000 });
    expect(await defaultDays.inputValue()).to.equal(String(before.processing.default_days));

    const afterRestore = await askWhenItShips();
    expect(afterRestore).to.contain(spoken(oldDay));
    expect(problems).to.deep.equal([]);
  });
});
