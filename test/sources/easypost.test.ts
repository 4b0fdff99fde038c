import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { easyPostWebhook, trackerEvent } from '../helpers/fake-easypost';
import { ADMIN, joined, openTestBot, webchat } from '../security/attack-kit';

const SECRET = 'easypost-webhook-secret-0123';

/** EasyPost's signed tracker events move every shipment with their tracking code, in carrier time order. */
describe('sources: EasyPost tracker webhooks', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let app: Express;

  const order = (id: string, tracking: string) => ({
    id, placedAt: '2026-11-20T10:00:00Z', status: 'open',
    customer: { name: 'Ana Lima', email: `ana.${id}@example.com` },
    shippingAddress: { line1: '12 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' },
    items: [{ sku: 'MUG', name: 'Blue mug', quantity: 1 }],
    shipments: [{ id: 'S1', carrier: 'UPS', trackingNumber: tracking, items: [{ sku: 'MUG', quantity: 1 }], status: 'info_received' }],
  });
  const shipment = async (id: string) => (await request(app).get(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.shipments[0];

  before(async () => {
    bot = await openTestBot({ EASYPOST_WEBHOOK_SECRET: SECRET });
    ({ app } = bot);
    await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`)
      .send([order('7001', 'EZ1000000001'), order('7002', 'EZ2000000002'), order('7003', 'EZ2000000002')]).expect(200);
  });
  after(() => bot?.close());

  it('a wrong signature is refused (401) and changes nothing', async () => {
    await easyPostWebhook(app, 'wrong-secret', trackerEvent('EZ1000000001', 'delivered', [['delivered', null, '2026-11-23T15:00:00Z']])).expect(401);
    expect((await shipment('7001')).status).to.equal('info_received');
  });

  it('out for delivery, then delivered, each answered to the shopper; a replay and an older scan change nothing', async () => {
    const out = trackerEvent('EZ1000000001', 'out_for_delivery', [['in_transit', null, '2026-11-22T09:00:00Z'], ['out_for_delivery', null, '2026-11-23T08:00:00Z']]);
    expect((await easyPostWebhook(app, SECRET, out).expect(200)).body).to.deep.include({ outcome: 'applied', orderId: '7001' });
    const s = await shipment('7001');
    expect(s.status).to.equal('out_for_delivery');
    expect(s.estimatedDelivery).to.equal('2026-11-27');
    const chat = await webchat(app, '192.0.2.51');
    expect(joined(await chat.say('order 7001 ana.7001@example.com'))).to.match(/out for delivery/i);

    await easyPostWebhook(app, SECRET, trackerEvent('EZ1000000001', 'delivered', [['delivered', null, '2026-11-23T15:00:00Z']])).expect(200);
    expect((await shipment('7001')).status).to.equal('delivered');
    expect(joined(await chat.say('and now?'))).to.match(/delivered/i);

    expect((await easyPostWebhook(app, SECRET, out).expect(200)).body.outcome).to.equal('duplicate');
    await easyPostWebhook(app, SECRET, trackerEvent('EZ1000000001', 'in_transit', [['in_transit', 'arrived_at_facility', '2026-11-21T20:00:00Z']])).expect(200);
    const after = await shipment('7001');
    expect(after.status).to.equal('delivered');
    expect(after.events.map((e: { status: string }) => e.status)).to.deep.equal(['in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
  });

  it('one tracking number in two orders updates both; a missed delivery is a failed attempt', async () => {
    const res = await easyPostWebhook(app, SECRET, trackerEvent('EZ2000000002', 'in_transit', [['in_transit', 'delivery_attempted', '2026-11-23T12:00:00Z']])).expect(200);
    expect(res.body.outcome).to.equal('applied');
    expect((await shipment('7002')).status).to.equal('failed_attempt');
    expect((await shipment('7003')).status).to.equal('failed_attempt');
  });

  it('a tracking code no shipment has is ignored; a body that is no tracker event is rejected', async () => {
    expect((await easyPostWebhook(app, SECRET, trackerEvent('EZ9999999999', 'in_transit', [])).expect(200)).body.outcome).to.equal('ignored');
    expect((await easyPostWebhook(app, SECRET, { id: 'evt_x', description: 'batch.created', result: {} }).expect(200)).body.outcome).to.equal('rejected');
    expect((await easyPostWebhook(app, SECRET, 'not json').expect(200)).body.outcome).to.equal('rejected');
  });
});
