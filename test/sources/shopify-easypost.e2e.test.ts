import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { shopifyFulfillment, shopifyOrder, shopifyWebhook } from '../helpers/fake-shopify';
import { easyPostWebhook, startFakeEasyPost, trackerEvent } from '../helpers/fake-easypost';
import { waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, joined, openTestBot, webchat } from '../security/attack-kit';

const SHOPIFY_SECRET = 'shopify-e2e-secret-0123';
const EASYPOST_SECRET = 'easypost-e2e-secret-0123';
const EASYPOST_KEY = 'EZTK-test-key-0123';

/**
 * The end to end: a Shopify order by webhook, its fulfilment's tracking number
 * registered with (a fake) EasyPost, EasyPost's signed webhooks moving it to out for delivery
 * and delivered, and a shopper on web chat told each state; replays change nothing.
 */
describe('sources end to end: Shopify order, EasyPost tracking, a shopper on web chat', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let easypost: Awaited<ReturnType<typeof startFakeEasyPost>>;
  let app: Express;

  before(async () => {
    easypost = await startFakeEasyPost(EASYPOST_KEY);
    bot = await openTestBot({
      // The fixtures are dated (November 2026): days later their orders are late, and a late order
      // brings a person in (HANDOFF_LATE_DAYS), which these tests are not about.
      HANDOFF_LATE_DAYS: '3650',
      SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, EASYPOST_WEBHOOK_SECRET: EASYPOST_SECRET, EASYPOST_API_KEY: EASYPOST_KEY, EASYPOST_API_BASE_URL: easypost.baseUrl,
    });
    ({ app } = bot);
  });
  after(async () => {
    await bot?.close();
    await easypost?.close();
  });

  it('each state reaches the shopper, and a provider hiccup only delays the registration', async () => {
    await shopifyWebhook(app, SHOPIFY_SECRET, 'orders/create', shopifyOrder({ name: '#2001', id: 9001 })).expect(200);
    const chat = await webchat(app, '192.0.2.71');
    expect(joined(await chat.say('hi, order #2001, jon@example.com, where is it?'))).to.not.match(/1Z9/);

    easypost.failNext(1, 503);
    await shopifyWebhook(app, SHOPIFY_SECRET, 'fulfillments/create', shopifyFulfillment({ id: 77, order_id: 9001, tracking_number: '1Z999', tracking_numbers: ['1Z999'] })).expect(200);
    await waitFor(() => easypost.created.length > 0, 20_000, 'the tracking number to be registered with EasyPost');
    expect(easypost.created).to.deep.equal([{ tracking_code: '1Z999', carrier: 'UPS' }]);
    const registered = (await request(app).get('/api/v1/sources/events?source=easypost').set('Authorization', `Bearer ${ADMIN}`)).body.events;
    expect(registered.map((e: { eventId: string; outcome: string }) => `${e.eventId} ${e.outcome}`)).to.include('register:1Z999 applied');

    const out = trackerEvent('1Z999', 'out_for_delivery', [['in_transit', null, '2026-11-22T09:00:00Z'], ['out_for_delivery', null, '2026-11-23T08:00:00Z']]);
    await easyPostWebhook(app, EASYPOST_SECRET, out).expect(200);
    expect(joined(await chat.say('any news?'))).to.match(/out for delivery/i);

    const delivered = trackerEvent('1Z999', 'delivered', [['delivered', null, '2026-11-23T15:00:00Z']]);
    await easyPostWebhook(app, EASYPOST_SECRET, delivered).expect(200);
    expect(joined(await chat.say('and now?'))).to.match(/delivered/i);

    // Replayed and out-of-order deliveries change nothing.
    await easyPostWebhook(app, EASYPOST_SECRET, out).expect(200);
    await easyPostWebhook(app, EASYPOST_SECRET, delivered).expect(200);
    await easyPostWebhook(app, EASYPOST_SECRET, trackerEvent('1Z999', 'in_transit', [['in_transit', null, '2026-11-21T12:00:00Z']])).expect(200);
    await shopifyWebhook(app, SHOPIFY_SECRET, 'fulfillments/update', shopifyFulfillment({ id: 77, order_id: 9001, tracking_number: '1Z999', tracking_numbers: ['1Z999'], shipment_status: 'in_transit', updated_at: '2026-11-21T09:00:00-05:00' })).expect(200);
    const order = (await request(app).get('/api/v1/orders/2001').set('Authorization', `Bearer ${ADMIN}`)).body;
    expect(order.shipments[0].status).to.equal('delivered');
    expect(easypost.created).to.have.length(1);
  });
});
