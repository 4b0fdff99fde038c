import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { shippoStatus } from '../../src/sources/shippo/shippo';
import { ADMIN, openTestBot } from '../security/attack-kit';

const TOKEN = 'shippo-webhook-token-0123';

/** Shippo's track_updated webhook: a Track with its current status and history. */
function trackUpdated(status: string, substatus: string | null, at: string, history: Array<[string, string]> = []) {
  return {
    event: 'track_updated',
    test: true,
    data: {
      carrier: 'usps', tracking_number: 'SHIPPO123', eta: '2026-11-26T18:00:00Z', metadata: 'Order 9101',
      tracking_status: { status, status_details: `${status} scan`, status_date: at, location: { city: 'Austin', state: 'TX', country: 'US' }, substatus: substatus ? { code: substatus, text: substatus, action_required: false } : null },
      tracking_history: history.map(([s, d]) => ({ status: s, status_details: `${s} scan`, status_date: d, location: { city: 'Dallas', state: 'TX', country: 'US' } })),
    },
  };
}

describe('sources: Shippo tracking webhooks', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let app: Express;
  const post = (body: object, token = TOKEN) => request(app).post(`/sources/shippo/webhooks?token=${token}`).send(body);
  const shipment = async () => (await request(app).get('/api/v1/orders/9101').set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.shipments[0];

  before(async () => {
    bot = await openTestBot({ SHIPPO_WEBHOOK_TOKEN: TOKEN });
    ({ app } = bot);
    await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send({
      id: '9101', placedAt: '2026-11-20T10:00:00Z', status: 'open',
      customer: { name: 'Sam Lee', email: 'sam@example.com' },
      shippingAddress: { line1: '1 Congress Ave', city: 'Austin', postalCode: '78701', country: 'US' },
      items: [{ sku: 'CAP', name: 'Cap', quantity: 1 }],
      shipments: [{ id: 'S1', carrier: 'USPS', trackingNumber: 'SHIPPO123', items: [{ sku: 'CAP', quantity: 1 }], status: 'info_received' }],
    }).expect(200);
  });
  after(() => bot?.close());

  it('maps status and substatus as formats.md §4 says', () => {
    expect(['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'DELIVERED', 'RETURNED', 'FAILURE'].map((s) => shippoStatus(s)))
      .to.deep.equal(['unknown', 'info_received', 'in_transit', 'delivered', 'returned', 'exception']);
    expect(shippoStatus('TRANSIT', 'out_for_delivery')).to.equal('out_for_delivery');
    expect(shippoStatus('TRANSIT', 'delivery_attempted')).to.equal('failed_attempt');
  });

  it('a wrong token is refused; an update applies once (no event id: number, date and status name it), never back from delivered', async () => {
    const out = trackUpdated('TRANSIT', 'out_for_delivery', '2026-11-23T08:00:00Z', [['TRANSIT', '2026-11-22T10:00:00Z']]);
    await post(out, 'wrong').expect(401);
    await request(app).post('/sources/shippo/webhooks').send(out).expect(401);
    expect((await post(out).expect(200)).body).to.deep.include({ outcome: 'applied', orderId: '9101' });
    expect((await post(out).expect(200)).body.outcome).to.equal('duplicate');
    expect((await shipment()).status).to.equal('out_for_delivery');
    await post(trackUpdated('DELIVERED', null, '2026-11-23T16:00:00Z')).expect(200);
    await post(trackUpdated('TRANSIT', null, '2026-11-21T09:00:00Z')).expect(200);
    const s = await shipment();
    expect(s.status).to.equal('delivered');
    expect(s.estimatedDelivery).to.equal('2026-11-26');
  });
});
