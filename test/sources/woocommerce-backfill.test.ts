import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import { startFakeWooRest, wooShopOrder, type WooRestOrder } from '../helpers/fake-woocommerce-rest';
import { wooWebhook } from '../helpers/fake-woocommerce';
import { waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, openTestBot } from '../security/attack-kit';
import { retryAfterMs } from '../../src/sources/woocommerce/backfill';

const KEY = 'ck_backfill_0123456789abcdef';
const SECRET = 'cs_backfill_0123456789abcdef';
const WEBHOOK_SECRET = 'woo-webhook-secret-backfill';
const IN_WINDOW = 3000;
const DAY = 86_400_000;

/**
 * A shop of 3,000 orders modified in the last 30 days (ids and modification times in
 * different orders) and 120 older ones, 60 of them an hour before the window's start (inside it
 * in the shop's own time zone, UTC+2: only dates_are_gmt keeps them out).
 */
function shop(now: number): WooRestOrder[] {
  const inWindow = Array.from({ length: IN_WINDOW }, (_, i) => wooShopOrder(i, new Date(now - 29 * DAY + ((i * 7919) % IN_WINDOW) * 13 * 60_000)));
  const older = Array.from({ length: 120 }, (_, k) => wooShopOrder(IN_WINDOW + k, new Date(now - 30 * DAY - (k < 60 ? 3_600_000 : (k - 59) * DAY))));
  return [...inWindow, ...older];
}

/**
 * The WooCommerce REST backfill through the official client against a fake shop: 3,000
 * orders through 429s (Retry-After) and connection resets, a revoked key after 12 pages and a
 * resume from the stored page (every order once), an order a webhook brought newer than the
 * shop's listed copy kept, the admin routes.
 */
describe('sources: WooCommerce REST backfill', function () {
  this.timeout(300_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let woo: Awaited<ReturnType<typeof startFakeWooRest>>;
  let app: Express;
  // Taken when the file's tests start, not when mocha loads the file (a whole run can take many minutes before).
  let now = Date.now();
  const admin = { Authorization: `Bearer ${ADMIN}` };
  const status = async () => (await request(app).get('/api/v1/sources/woocommerce/backfill').set(admin).expect(200)).body;
  const stored = (id: string) => request(app).get(`/api/v1/orders/${id}`).set(admin);

  before(async () => {
    now = Date.now();
    woo = await startFakeWooRest({ consumerKey: KEY, consumerSecret: SECRET, orders: shop(now), utcOffsetHours: 2, rateLimitEvery: 4, resetEvery: 11 });
    bot = await openTestBot({ WOOCOMMERCE_BASE_URL: woo.baseUrl, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET, WOOCOMMERCE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    ({ app } = bot);
  });
  after(async () => {
    await bot?.close();
    await woo?.close();
  });

  it('the admin routes: the admin key, the source by name, the body', async () => {
    await request(app).post('/api/v1/sources/woocommerce/backfill').send({ days: 30 }).expect(401);
    await request(app).get('/api/v1/sources/woocommerce/backfill').expect(401);
    await request(app).post('/api/v1/sources/woocommerce/backfill').set('Authorization', 'Bearer wrong').send({ days: 30 }).expect(401);
    await request(app).post('/api/v1/sources/magento/backfill').set(admin).send({ days: 30 }).expect(404);
    await request(app).post('/api/v1/sources/constructor/backfill').set(admin).send({ days: 30 }).expect(404);
    // Shopify's is off here (no SHOPIFY_ADMIN_TOKEN).
    await request(app).get('/api/v1/sources/shopify/backfill').set(admin).expect(404);
    expect((await request(app).get('/api/v1/sources/woocommerce/backfill').set(admin).expect(404)).body.message).to.match(/no backfill has run/);
    await request(app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({ days: 'many' }).expect(400);
    await request(app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({ days: 30, extra: 1 }).expect(400);
    expect(woo.state.requests).to.equal(0);
    const health = (await request(app).get('/health')).body;
    expect(health.features['source woocommerce backfill']).to.deep.include({ on: true });
  });

  it('imports every order in the window once, through 429s and resets, resumes after a refusal at the stored page, and keeps a newer webhook version', async () => {
    // Before the backfill, webhooks bring order 10007 newer than the shop lists it, and 10008 older.
    const listed7 = woo.order(40007)!;
    const newer = { ...listed7, date_modified_gmt: new Date(now - 3_600_000).toISOString().slice(0, 19), billing: { ...listed7.billing, email: 'changed7@example.com' } };
    expect((await wooWebhook(app, WEBHOOK_SECRET, 'order.updated', newer).expect(200)).body.outcome).to.equal('applied');
    const listed8 = woo.order(40008)!;
    const older = { ...listed8, date_modified_gmt: new Date(Date.parse(`${listed8.date_modified_gmt}Z`) - DAY).toISOString().slice(0, 19), billing: { ...listed8.billing, email: 'old8@example.com' } };
    expect((await wooWebhook(app, WEBHOOK_SECRET, 'order.updated', older).expect(200)).body.outcome).to.equal('applied');

    woo.failFromPage(12);
    const started = await request(app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({ days: 30 }).expect(202);
    expect(started.body.resumed).to.equal(false);
    expect(Math.abs(Date.parse(started.body.status.since) - (now - 30 * DAY))).to.be.below(60_000);
    await waitFor(async () => (await status()).error, 120_000, 'the backfill to stop at the revoked key');
    const stopped = await status();
    expect(stopped).to.deep.include({ pages: 12, orders: 1200, running: false });
    expect(stopped.finishedAt).to.equal(undefined);
    expect(stopped.error).to.match(/401.*Consumer key is invalid/);
    const [{ cursor }] = (await bot.db.store.db.execute(sql`SELECT cursor FROM source_backfills WHERE source = 'woocommerce'`) as unknown as { rows: { cursor: string }[] }).rows;
    expect(cursor).to.equal('12');

    // The merchant edits an order of page 1 meanwhile: sorted by id, nothing shifts (by date modified, the order at page 13's start would be skipped).
    woo.touch(40005, new Date(now - 600_000), { status: 'cancelled' });
    woo.failFromPage(Infinity);
    expect((await request(app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({}).expect(202)).body.resumed).to.equal(true);
    await waitFor(async () => (await status()).finishedAt, 240_000, 'the backfill to finish');
    const done = await status();
    expect(done).to.deep.include({ pages: 30, orders: IN_WINDOW });
    expect(done.error).to.equal(undefined);

    // Each page asked for once: the resumed run started at the page after the stored one.
    expect(woo.state.pagesServed).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(woo.state.lastQuery).to.deep.include({ orderby: 'id', order: 'asc', per_page: '100', page: '30', dates_are_gmt: 'true' });
    expect(Math.abs(Date.parse(`${woo.state.lastQuery.modified_after}Z`) - (now - 30 * DAY))).to.be.below(60_000);
    // Through the 429s (after their Retry-After) and the resets.
    expect(woo.state.rateLimited).to.be.at.least(8);
    expect(woo.state.resets).to.be.at.least(2);
    expect(woo.state.retryGaps).to.have.length(woo.state.rateLimited);
    expect(Math.min(...woo.state.retryGaps)).to.be.at.least(950);

    const [{ count }] = (await bot.db.store.db.execute(sql`SELECT count(*)::int AS count FROM orders`) as unknown as { rows: { count: number }[] }).rows;
    expect(count).to.equal(IN_WINDOW);
    const order = (await stored('10042').expect(200)).body;
    expect(order.customer.email).to.equal('buyer42@example.com');
    expect(order.shippingAddress).to.deep.include({ line1: '42 Elm St', city: 'Denver', country: 'US' });
    expect(order.shipments[0]).to.deep.include({ carrier: 'UPS', trackingNumber: '1ZWC42', status: 'info_received' });
    expect((await stored('10043').expect(200)).body.shipments).to.deep.equal([]);
    // Page 1 was not read again: the merchant's edit comes by its webhook (or the next backfill).
    expect((await stored('10005').expect(200)).body.status).to.equal('open');
    // The webhook's newer version stays; the older one is replaced by the shop's listed copy.
    expect((await stored('10007').expect(200)).body.customer.email).to.equal('changed7@example.com');
    expect((await stored('10008').expect(200)).body.customer.email).to.equal('buyer8@example.com');
    // Outside the window (by an hour in GMT, inside it in the shop's local time) and older: not imported.
    await stored(String(10000 + IN_WINDOW)).expect(404);
    await stored(String(10000 + IN_WINDOW + 100)).expect(404);
  });

  it('started again after it finished: a new backfill from page 1, and nothing older than a webhook version replaces it', async () => {
    // A webhook brings order 10020 newer than the shop lists it.
    const listed = woo.order(40020)!;
    const newer = { ...listed, date_modified_gmt: new Date(now - 60_000).toISOString().slice(0, 19), status: 'cancelled' };
    expect((await wooWebhook(app, WEBHOOK_SECRET, 'order.updated', newer).expect(200)).body.outcome).to.equal('applied');
    const served = woo.state.pagesServed.length;
    expect((await request(app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({ days: 30 }).expect(202)).body.resumed).to.equal(false);
    await waitFor(async () => (await status()).finishedAt, 240_000, 'the second backfill to finish');
    expect(await status()).to.deep.include({ pages: 30, orders: IN_WINDOW });
    expect(woo.state.pagesServed.slice(served)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await stored('10020').expect(200)).body.status).to.equal('cancelled');
    // The order the merchant edited comes in with its edit.
    expect((await stored('10005').expect(200)).body.status).to.equal('cancelled');
    const [{ count }] = (await bot.db.store.db.execute(sql`SELECT count(*)::int AS count FROM orders`) as unknown as { rows: { count: number }[] }).rows;
    expect(count).to.equal(IN_WINDOW);
  });
});

describe('sources: WooCommerce REST backfill with a wrong key', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let woo: Awaited<ReturnType<typeof startFakeWooRest>>;

  before(async () => {
    woo = await startFakeWooRest({ consumerKey: KEY, consumerSecret: SECRET, orders: shop(Date.now()).slice(0, 50) });
    bot = await openTestBot({ WOOCOMMERCE_BASE_URL: woo.baseUrl, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: 'cs_wrong_secret' });
  });
  after(async () => {
    await bot?.close();
    await woo?.close();
  });

  it('stops at once with WooCommerce\'s refusal in its status, imports nothing', async () => {
    await request(bot.app).post('/api/v1/sources/woocommerce/backfill').set('Authorization', `Bearer ${ADMIN}`).send({ days: 7 }).expect(202);
    const stopped = await waitFor(async () => {
      const body = (await request(bot.app).get('/api/v1/sources/woocommerce/backfill').set('Authorization', `Bearer ${ADMIN}`).expect(200)).body;
      return body.error ? body : undefined;
    }, 20_000, 'the backfill to stop');
    expect(stopped).to.deep.include({ pages: 0, orders: 0 });
    expect(stopped.error).to.match(/WooCommerce refused the request \(401: woocommerce_rest_authentication_error: Invalid signature - provided signature does not match\.\)/);
    expect(woo.state).to.deep.include({ requests: 1, unauthorized: 1, pages: 0 });
  });
});

describe('sources: WooCommerce Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).to.equal(3000);
    expect(retryAfterMs(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).to.equal(30_000);
    expect(retryAfterMs('soon')).to.equal(undefined);
    expect(retryAfterMs(undefined)).to.equal(undefined);
  });
});

describe('sources: WooCommerce REST backfill with an order number taken twice', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let woo: Awaited<ReturnType<typeof startFakeWooRest>>;

  before(async () => {
    const now = Date.now();
    // Order numbers match ignoring case and separators: W-1 and w1 are the same number.
    const orders = [wooShopOrder(1, new Date(now - DAY)), wooShopOrder(2, new Date(now - DAY)), wooShopOrder(3, new Date(now - DAY))];
    orders[0].number = 'W-1';
    orders[1].number = 'w1';
    woo = await startFakeWooRest({ consumerKey: KEY, consumerSecret: SECRET, orders });
    bot = await openTestBot({ WOOCOMMERCE_BASE_URL: woo.baseUrl, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET });
  });
  after(async () => {
    await bot?.close();
    await woo?.close();
  });

  it('leaves the conflicting order out and imports the rest of the page', async () => {
    const admin = { Authorization: `Bearer ${ADMIN}` };
    await request(bot.app).post('/api/v1/sources/woocommerce/backfill').set(admin).send({ days: 7 }).expect(202);
    const done = await waitFor(async () => {
      const body = (await request(bot.app).get('/api/v1/sources/woocommerce/backfill').set(admin).expect(200)).body;
      return body.finishedAt || body.error ? body : undefined;
    }, 20_000, 'the backfill to end');
    expect(done).to.deep.include({ pages: 1, orders: 2 });
    expect(done.error).to.equal(undefined);
    expect((await request(bot.app).get('/api/v1/orders/W-1').set(admin).expect(200)).body.customer.email).to.equal('buyer1@example.com');
    expect((await request(bot.app).get('/api/v1/orders/10003').set(admin).expect(200)).body.customer.email).to.equal('buyer3@example.com');
  });
});
