import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { shopifyFulfillment, shopifyOrder, shopifyWebhook } from '../helpers/fake-shopify';
import { ADMIN, joined, openTestBot, webchat } from '../security/attack-kit';

const SECRET = 'shopify-new-secret-0123';
const OLD_SECRET = 'shopify-old-secret-0123';

/** Shopify's webhooks end to end: signed deliveries in, the order service, a shopper's answer out. */
describe('sources: Shopify webhooks', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let app: Express;

  before(async () => {
    bot = await openTestBot({ SHOPIFY_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}`, SHOPIFY_SHOP_DOMAIN: 'test-shop.myshopify.com' });
    ({ app } = bot);
  });
  after(() => bot?.close());

  const stored = async (id: string) => (await request(app).get(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${ADMIN}`)).body;
  const events = async (query = '') => (await request(app).get(`/api/v1/sources/events${query}`).set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.events as { eventId: string; outcome: string; detail?: string }[];

  it('a wrong signature is refused (401) and nothing is stored', async () => {
    await shopifyWebhook(app, 'not-the-secret', 'orders/create', shopifyOrder()).expect(401);
    expect((await request(app).get('/api/v1/orders/1001').set('Authorization', `Bearer ${ADMIN}`)).status).to.equal(404);
    expect(await events()).to.deep.equal([]);
  });

  it('orders/create stores the order under its name without "#"; the shopper can ask about it', async () => {
    const res = await shopifyWebhook(app, SECRET, 'orders/create', shopifyOrder(), { eventId: 'evt-create-1' }).expect(200);
    expect(res.body).to.deep.include({ outcome: 'applied', orderId: '1001' });
    const order = await stored('1001');
    expect(order).to.deep.include({ id: '1001', status: 'open' });
    expect(order.customer).to.deep.include({ email: 'jon@example.com', phone: '+12085550142' });
    expect(order.items).to.deep.equal([{ sku: 'MUG-BLUE', name: 'Mug - Blue', quantity: 2 }]);
    const chat = await webchat(app, '192.0.2.41');
    const r = await chat.say('where is my order #1001? jon@example.com');
    expect(r.some((x) => x.wismo.orderId === '1001')).to.equal(true);
  });

  it('the same event id again is a duplicate, and changes nothing', async () => {
    const res = await shopifyWebhook(app, SECRET, 'orders/create', shopifyOrder({ email: 'someone.else@example.com' }), { eventId: 'evt-create-1' }).expect(200);
    expect(res.body.outcome).to.equal('duplicate');
    expect((await stored('1001')).customer.email).to.equal('jon@example.com');
  });

  it('a fulfilment brings the tracking number, and carrier events move the shipment in carrier time order', async () => {
    await shopifyWebhook(app, OLD_SECRET, 'fulfillments/create', shopifyFulfillment(), { eventId: 'evt-ful-1' }).expect(200);
    let order = await stored('1001');
    expect(order.shipments).to.have.length(1);
    expect(order.shipments[0]).to.deep.include({ id: '255858046', carrier: 'UPS', trackingNumber: '1Z2345', status: 'unknown' });

    const event = (id: number, status: string, at: string) => ({ id, fulfillment_id: 255858046, order_id: 820982911946154500, status, happened_at: at, message: status, city: 'Boise', province: 'ID', country: 'US' });
    await shopifyWebhook(app, SECRET, 'fulfillment_events/create', event(1, 'out_for_delivery', '2026-11-23T08:00:00Z')).expect(200);
    order = await stored('1001');
    expect(order.shipments[0].status).to.equal('out_for_delivery');
    const chat = await webchat(app, '192.0.2.42');
    expect(joined(await chat.say('order 1001, jon@example.com - is it coming today?'))).to.match(/1Z2345/);

    await shopifyWebhook(app, SECRET, 'fulfillment_events/create', event(2, 'delivered', '2026-11-23T15:00:00Z')).expect(200);
    // An older scan delivered late does not move it back from delivered.
    await shopifyWebhook(app, SECRET, 'fulfillment_events/create', event(3, 'in_transit', '2026-11-22T09:00:00Z')).expect(200);
    order = await stored('1001');
    expect(order.shipments[0].status).to.equal('delivered');
    expect(order.shipments[0].events.map((e: { status: string }) => e.status)).to.deep.equal(['in_transit', 'out_for_delivery', 'delivered']);
  });

  it('an order delivery older than the one applied is stale; a cancellation applies', async () => {
    const older = await shopifyWebhook(app, SECRET, 'orders/updated', shopifyOrder({ updated_at: '2026-11-20T09:00:00-05:00', email: 'old@example.com' })).expect(200);
    expect(older.body.outcome).to.equal('stale');
    expect((await stored('1001')).customer.email).to.equal('jon@example.com');
    const cancelled = await shopifyWebhook(app, SECRET, 'orders/cancelled', shopifyOrder({ updated_at: '2026-11-24T10:00:00-05:00', cancelled_at: '2026-11-24T10:00:00-05:00', fulfillments: [shopifyFulfillment()] })).expect(200);
    expect(cancelled.body.outcome).to.equal('applied');
    const order = await stored('1001');
    expect(order.status).to.equal('cancelled');
    // What the carrier events said is kept when Shopify's own copy of the fulfilment knows less.
    expect(order.shipments[0].status).to.equal('delivered');
  });

  it('a body that is not JSON, or not an order, is answered 200 and recorded as rejected with why', async () => {
    expect((await shopifyWebhook(app, SECRET, 'orders/create', '{not json', { eventId: 'evt-bad-1' }).expect(200)).body.outcome).to.equal('rejected');
    const res = await shopifyWebhook(app, SECRET, 'orders/create', shopifyOrder({ id: 5, name: '#1002', email: null, customer: null }), { eventId: 'evt-bad-2' }).expect(200);
    expect(res.body).to.deep.include({ outcome: 'rejected', detail: 'the order has no email' });
    expect((await request(app).get('/api/v1/orders/1002').set('Authorization', `Bearer ${ADMIN}`)).status).to.equal(404);
    const rejected = await events('?source=shopify&outcome=rejected');
    expect(rejected.map((e) => e.eventId).sort()).to.deep.equal(['evt-bad-1', 'evt-bad-2']);
    await request(app).get('/api/v1/sources/events').expect(401);
  });

  it('/health lists the source with its last event and the events it rejected', async () => {
    const health = JSON.stringify((await request(app).get('/health')).body);
    expect(health).to.match(/source shopify/);
    expect(health).to.match(/last event \d{4}-\d\d-\d\dT[^"]*, 2 rejected since start/);
    expect(health).to.match(/source easypost[^}]*EASYPOST_WEBHOOK_SECRET unset/);
  });
});
