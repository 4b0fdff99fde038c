import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { wooOrder, wooWebhook } from '../helpers/fake-woocommerce';
import { afterShipWebhook, startFakeAfterShip, trackingUpdateEvent } from '../helpers/fake-aftership';
import { waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, joined, openTestBot, webchat } from '../security/attack-kit';

const WOO_SECRET = 'woo-webhook-secret-0123';
const AFTERSHIP_SECRET = 'aftership-webhook-secret-0123';
const AFTERSHIP_KEY = 'asat_test_key_0123';

/**
 * A WooCommerce order by webhook, its tracking number from the Shipment Tracking meta
 * registered with (a fake) AfterShip and moved by AfterShip's webhooks; a shopper asks at each step.
 */
describe('sources: WooCommerce orders, tracked through AfterShip', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let aftership: Awaited<ReturnType<typeof startFakeAfterShip>>;
  let app: Express;
  const stored = async (id: string) => (await request(app).get(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${ADMIN}`)).body;

  before(async () => {
    aftership = await startFakeAfterShip(AFTERSHIP_KEY);
    bot = await openTestBot({
      // The fixtures are dated (November 2026): days later their orders are late, and a late order
      // brings a person in (HANDOFF_LATE_DAYS), which these tests are not about.
      HANDOFF_LATE_DAYS: '3650',
      WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET, AFTERSHIP_WEBHOOK_SECRET: AFTERSHIP_SECRET, AFTERSHIP_API_KEY: AFTERSHIP_KEY, AFTERSHIP_API_BASE_URL: aftership.baseUrl,
    });
    ({ app } = bot);
  });
  after(async () => {
    await bot?.close();
    await aftership?.close();
  });

  it('the webhook ping is acknowledged and stores nothing; a wrong signature is refused', async () => {
    await request(app).post('/sources/woocommerce/webhooks').type('form').send('webhook_id=17').expect(200);
    await wooWebhook(app, 'wrong', 'order.created', wooOrder()).expect(401);
    expect((await request(app).get('/api/v1/orders/727').set('Authorization', `Bearer ${ADMIN}`)).status).to.equal(404);
  });

  it('order, tracking number, out for delivery, delivered: the shopper is told each', async () => {
    expect((await wooWebhook(app, WOO_SECRET, 'order.created', wooOrder(), 'd-1').expect(200)).body).to.deep.include({ outcome: 'applied', orderId: '727' });
    const order = await stored('727');
    expect(order.customer).to.deep.include({ email: 'lea@example.com', phone: '+4915123456789' });
    const chat = await webchat(app, '192.0.2.61', 'de-DE');
    const first = joined(await chat.say('Wo ist meine Bestellung 727? lea@example.com'));
    expect(first).to.not.match(/00340434/);

    await wooWebhook(app, WOO_SECRET, 'order.updated', wooOrder({ status: 'completed', date_modified_gmt: '2026-11-21T08:00:00' }, [{ provider: 'DHL', number: '00340434161094042557' }]), 'd-2').expect(200);
    expect((await stored('727')).shipments[0]).to.deep.include({ carrier: 'DHL', trackingNumber: '00340434161094042557', status: 'info_received' });
    await waitFor(() => aftership.created.length > 0, 20_000, 'the tracking number to be registered with AfterShip');
    expect(aftership.created).to.deep.equal(['00340434161094042557']);

    await afterShipWebhook(app, AFTERSHIP_SECRET, trackingUpdateEvent('00340434161094042557', 'OutForDelivery', [['InTransit', 'InTransit_001', '2026-11-22T06:00:00Z'], ['OutForDelivery', 'OutForDelivery_001', '2026-11-23T07:00:00Z']])).expect(200);
    expect(joined(await chat.say('und jetzt?'))).to.match(/00340434161094042557/);
    expect((await stored('727')).shipments[0].status).to.equal('out_for_delivery');

    await afterShipWebhook(app, AFTERSHIP_SECRET, trackingUpdateEvent('00340434161094042557', 'Delivered', [['Delivered', 'Delivered_001', '2026-11-23T13:00:00Z']])).expect(200);
    expect((await stored('727')).shipments[0].status).to.equal('delivered');
    expect(joined(await chat.say('und jetzt?'))).to.match(/zugestellt/i);
  });

  it('a replayed or older order delivery changes nothing, and keeps what the tracking provider said', async () => {
    expect((await wooWebhook(app, WOO_SECRET, 'order.updated', wooOrder(), 'd-2').expect(200)).body.outcome).to.equal('duplicate');
    const older = await wooWebhook(app, WOO_SECRET, 'order.updated', wooOrder({ date_modified_gmt: '2026-11-20T10:00:00', billing: { ...wooOrder().billing, email: 'old@example.com' } })).expect(200);
    expect(older.body.outcome).to.equal('stale');
    // A newer order delivery (a note added) keeps the shipment's scans and status.
    await wooWebhook(app, WOO_SECRET, 'order.updated', wooOrder({ status: 'completed', date_modified_gmt: '2026-11-24T08:00:00' }, [{ provider: 'DHL', number: '00340434161094042557' }])).expect(200);
    const order = await stored('727');
    expect(order.customer.email).to.equal('lea@example.com');
    expect(order.shipments[0].status).to.equal('delivered');
    expect(order.shipments[0].events).to.have.length(3);
  });
});
