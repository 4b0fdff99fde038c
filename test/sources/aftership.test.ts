import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { afterShipWebhook, trackingUpdateEvent } from '../helpers/fake-aftership';
import { afterShipStatus } from '../../src/sources/aftership/aftership';
import { ADMIN, openTestBot } from '../security/attack-kit';

const SECRET = 'aftership-webhook-secret-0123';

describe('sources: AfterShip tracking webhooks', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let app: Express;
  const shipment = async (id: string) => (await request(app).get(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.shipments[0];

  before(async () => {
    bot = await openTestBot({ AFTERSHIP_WEBHOOK_SECRET: SECRET });
    ({ app } = bot);
    await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send({
      id: '8001', placedAt: '2026-11-20T10:00:00Z', status: 'open',
      customer: { name: 'Lea Vogel', email: 'lea@example.com' },
      shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      items: [{ sku: 'TEA', name: 'Tea', quantity: 1 }],
      shipments: [{ id: 'S1', carrier: 'DHL', trackingNumber: 'AS00000001', items: [{ sku: 'TEA', quantity: 1 }], status: 'info_received' }],
    }).expect(200);
  });
  after(() => bot?.close());

  it('maps tags as formats.md §4 says, and a return to the sender by its subtag', () => {
    expect(['Pending', 'Expired', 'InfoReceived', 'InTransit', 'OutForDelivery', 'AttemptFail', 'Delivered', 'AvailableForPickup', 'Exception', 'New'].map((t) => afterShipStatus(t)))
      .to.deep.equal(['unknown', 'unknown', 'info_received', 'in_transit', 'out_for_delivery', 'failed_attempt', 'delivered', 'available_for_pickup', 'exception', 'unknown']);
    expect(afterShipStatus('Exception', 'Shipment returned to sender')).to.equal('returned');
  });

  it('a wrong signature is refused; updates apply once, in carrier time order, never back from delivered', async () => {
    const delivered = trackingUpdateEvent('AS00000001', 'Delivered', [['InTransit', 'InTransit_001', '2026-11-22T08:00:00Z'], ['Delivered', 'Delivered_001', '2026-11-23T14:00:00Z']]);
    await afterShipWebhook(app, 'wrong', delivered).expect(401);
    expect((await shipment('8001')).status).to.equal('info_received');
    expect((await afterShipWebhook(app, SECRET, delivered).expect(200)).body).to.deep.include({ outcome: 'applied', orderId: '8001' });
    expect((await afterShipWebhook(app, SECRET, delivered).expect(200)).body.outcome).to.equal('duplicate');
    // Out of order: an earlier scan arrives after delivery.
    await afterShipWebhook(app, SECRET, trackingUpdateEvent('AS00000001', 'OutForDelivery', [['OutForDelivery', 'OutForDelivery_001', '2026-11-23T07:00:00Z']])).expect(200);
    const s = await shipment('8001');
    expect(s.status).to.equal('delivered');
    expect(s.estimatedDelivery).to.equal('2026-11-28');
    expect(s.events.map((e: { status: string }) => e.status)).to.deep.equal(['in_transit', 'out_for_delivery', 'delivered']);
    expect(s.events[0].description).to.match(/InTransit_001/);
  });
});
