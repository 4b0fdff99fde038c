import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import { startFakeShopifyGraphQL } from '../helpers/fake-shopify-graphql';
import { waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, openTestBot } from '../security/attack-kit';

const TOKEN = 'shpat_backfill_test_token';
const ORDERS = 10_000;

/**
 * The Shopify backfill: 10,000 orders through the GraphQL Admin API, throttled on the way,
 * cut short by a failure after 30 pages and resumed from its stored cursor: every order once.
 */
describe('sources: Shopify backfill', function () {
  this.timeout(300_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let shopify: Awaited<ReturnType<typeof startFakeShopifyGraphQL>>;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };
  const status = async () => (await request(app).get('/api/v1/sources/shopify/backfill').set(admin).expect(200)).body;

  before(async () => {
    shopify = await startFakeShopifyGraphQL({ token: TOKEN, orders: ORDERS, throttleEvery: 7 });
    bot = await openTestBot({ SHOPIFY_ADMIN_TOKEN: TOKEN, SHOPIFY_API_BASE_URL: shopify.baseUrl });
    ({ app } = bot);
  });
  after(async () => {
    await bot?.close();
    await shopify?.close();
  });

  it('imports every order once, through throttling, and resumes where it stopped', async () => {
    await request(app).post('/api/v1/sources/shopify/backfill').set(admin).send({ days: 'many' }).expect(400);
    shopify.failFromPage(30);
    const started = await request(app).post('/api/v1/sources/shopify/backfill').set(admin).send({ days: 60 }).expect(202);
    expect(started.body.resumed).to.equal(false);
    await waitFor(async () => (await status()).error, 120_000, 'the backfill to stop at the failure');
    const stopped = await status();
    expect(stopped).to.deep.include({ pages: 30, orders: 3000 });
    expect(stopped.finishedAt).to.equal(undefined);

    shopify.failFromPage(Infinity);
    expect((await request(app).post('/api/v1/sources/shopify/backfill').set(admin).send({}).expect(202)).body.resumed).to.equal(true);
    await waitFor(async () => (await status()).finishedAt, 240_000, 'the backfill to finish');
    const done = await status();
    expect(done).to.deep.include({ pages: 100, orders: ORDERS });
    expect(done.error).to.equal(undefined);
    expect(shopify.state.throttled).to.be.greaterThan(10);
    // The resumed run asked for the page after the last stored one: no page was fetched twice.
    const served = shopify.state.cursorsServed;
    expect(new Set(served).size).to.equal(served.length);

    const [{ count }] = (await bot.db.store.db.execute(sql`SELECT count(*)::int AS count FROM orders`) as unknown as { rows: { count: number }[] }).rows;
    expect(count).to.equal(ORDERS);
    const order = (await request(app).get('/api/v1/orders/20042').set(admin).expect(200)).body;
    expect(order.customer.email).to.equal('buyer42@example.com');
    expect(order.shipments[0]).to.deep.include({ id: '700042', carrier: 'UPS', trackingNumber: '1ZBF42', status: 'in_transit' });
  });
});
