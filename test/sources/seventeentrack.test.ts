import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { ALREADY_REGISTERED, REFUSED, seventeenTrackWebhook, startFakeSeventeenTrack, trackInfo, trackingEvent } from '../helpers/fake-17track';
import { waitFor } from '../helpers/twilio-test-kit';
import { seventeenTrackStatus, verifySeventeenTrackSign } from '../../src/sources/seventeentrack/seventeentrack';
import { seventeenTrackRegistry } from '../../src/sources/seventeentrack/registry';
import { createSources } from '../../src/sources';
import { parseEnv } from '../../src/config';
import { ADMIN, openTestBot } from '../security/attack-kit';
import { failure } from '../helpers/rejection';

const KEY = '17track-api-key-0123';

describe('sources: 17TRACK (API v2.2)', function () {
  this.timeout(60_000);

  describe('mapping and signature', () => {
    it('maps main statuses as formats.md §4 says, and a return to the sender by its sub-status', () => {
      expect(['NotFound', 'Expired', 'InfoReceived', 'InTransit', 'AvailableForPickup', 'OutForDelivery', 'DeliveryFailure', 'Delivered', 'Exception', 'Pending'].map((s) => seventeenTrackStatus(s)))
        .to.deep.equal(['unknown', 'unknown', 'info_received', 'in_transit', 'available_for_pickup', 'out_for_delivery', 'failed_attempt', 'delivered', 'exception', 'unknown']);
      expect(seventeenTrackStatus('Exception', 'Exception_Returning')).to.equal('returned');
      expect(seventeenTrackStatus('Exception', 'Exception_Returned')).to.equal('returned');
      expect(seventeenTrackStatus('Exception', 'Exception_Lost')).to.equal('exception');
      expect(seventeenTrackStatus('InTransit', 'Exception_Returned')).to.equal('in_transit');
    });

    it('sign is the hex SHA-256 of the body, "/" and the key (a fixed vector), compared exactly', () => {
      const body = Buffer.from('{"event":"TRACKING_UPDATED"}');
      const sign = '72d57adcca8d6548d5335699782ca2add4ff711d5244e2d4fb2e0b416d81f90e';
      expect(verifySeventeenTrackSign(body, sign, '17track-key-0123')).to.equal(true);
      expect(verifySeventeenTrackSign(body, sign.toUpperCase(), '17track-key-0123')).to.equal(true);
      expect(verifySeventeenTrackSign(body, sign, '17track-key-0124')).to.equal(false);
      expect(verifySeventeenTrackSign(Buffer.from('{"event":"TRACKING_UPDATED"} '), sign, '17track-key-0123')).to.equal(false);
      expect(verifySeventeenTrackSign(body, sign.slice(0, 63), '17track-key-0123')).to.equal(false);
      expect(verifySeventeenTrackSign(body, undefined, '17track-key-0123')).to.equal(false);
    });

    it('is wired when a key is set: the webhook key when given, else the API key; a registry with the API key', () => {
      // The parsed environment (defaults filled in), as the app passes it; nothing else is touched while wiring.
      const deps = { orders: {} as never, db: {} as never, queue: { available: false } as never, logger: {} as never };
      const both = createSources({ ...deps, config: parseEnv({ SEVENTEENTRACK_API_KEY: 'api', SEVENTEENTRACK_WEBHOOK_KEY: 'hook' }) });
      expect(both.seventeentrack?.key).to.equal('hook');
      expect(both.registrations.map((r) => r.provider)).to.deep.equal(['17track']);
      expect(both.status()['source 17track']?.on).to.equal(true);
      expect(createSources({ ...deps, config: parseEnv({ SEVENTEENTRACK_API_KEY: 'api' }) }).seventeentrack?.key).to.equal('api');
      const hookOnly = createSources({ ...deps, config: parseEnv({ SEVENTEENTRACK_WEBHOOK_KEY: 'hook' }) });
      expect(hookOnly.seventeentrack?.key).to.equal('hook');
      expect(hookOnly.registrations).to.have.length(0);
      const none = createSources({ ...deps, config: parseEnv({}) });
      expect(none.seventeentrack).to.equal(undefined);
      expect(none.status()['source 17track']?.on).to.equal(false);
    });
  });

  describe('webhooks and registration through the bot', () => {
    let bot: Awaited<ReturnType<typeof openTestBot>>;
    let fake: Awaited<ReturnType<typeof startFakeSeventeenTrack>>;
    let app: Express;
    const shipments = async (id: string) => (await request(app).get(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.shipments;
    const events = async () => (await request(app).get('/api/v1/sources/events?source=17track').set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.events as { eventId: string; topic: string; outcome: string; detail?: string; orderId?: string }[];
    const order = (id: string, shipped: Array<{ id: string; carrier: string; trackingNumber: string }>) => ({
      id, placedAt: '2026-11-20T10:00:00Z', status: 'open',
      customer: { name: 'Lea Vogel', email: `lea.${id}@example.com` },
      shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      items: [{ sku: 'TEA', name: 'Tea', quantity: 1 }],
      shipments: shipped.map((s) => ({ ...s, items: [{ sku: 'TEA', quantity: 1 }], status: 'info_received' })),
    });

    before(async () => {
      fake = await startFakeSeventeenTrack(KEY);
      // The first registration is answered 429: the registration retries with backoff.
      fake.failNext(1, 429);
      // No SEVENTEENTRACK_WEBHOOK_KEY: the API key is the webhook's security key.
      bot = await openTestBot({ SEVENTEENTRACK_API_KEY: KEY, SEVENTEENTRACK_API_BASE_URL: fake.baseUrl });
      ({ app } = bot);
      await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send([
        order('9001', [{ id: 'S1', carrier: 'DHL', trackingNumber: 'ST1000000001' }]),
        order('9002', [{ id: 'S1', carrier: 'DHL', trackingNumber: 'ST2000000002' }]),
        order('9003', [{ id: 'S1', carrier: '100003', trackingNumber: 'ST3000000003' }]),
      ]).expect(200);
    });
    after(async () => {
      await bot?.close();
      await fake?.close();
    });

    it('registers every new number once, through a 429, with the carrier only when it is a 17TRACK code', async () => {
      const settled = await waitFor(async () => {
        const regs = (await events()).filter((e) => e.eventId.startsWith('register:'));
        return regs.length === 3 && regs.every((e) => e.outcome !== 'ignored') ? regs : undefined;
      }, 20_000, 'three registrations with 17TRACK');
      expect(settled.map((e) => [e.eventId, e.outcome]).sort()).to.deep.equal([
        ['register:ST1000000001', 'applied'], ['register:ST2000000002', 'applied'], ['register:ST3000000003', 'applied'],
      ]);
      expect(fake.registered.map((r) => r.number).sort()).to.deep.equal(['ST1000000001', 'ST2000000002', 'ST3000000003']);
      expect(fake.registered.find((r) => r.number === 'ST1000000001')).to.deep.equal({ number: 'ST1000000001' });
      expect(fake.registered.find((r) => r.number === 'ST3000000003')).to.deep.equal({ number: 'ST3000000003', carrier: 100003 });
      const registerCalls = fake.calls.filter((c) => c.action === 'register');
      expect(registerCalls.map((c) => c.status)).to.include(429);
      expect(registerCalls.filter((c) => c.status === 200)).to.have.length(3);
    });

    it('a wrong sign is refused (401) and nothing is stored', async () => {
      const body = trackingEvent('ST1000000001', 'Delivered', 'Delivered_Other', [['Delivered_Other', '2026-11-23T14:00:00Z', 'Delivered']]);
      await seventeenTrackWebhook(app, 'not-the-key', body).expect(401);
      await seventeenTrackWebhook(app, KEY, body, 'a'.repeat(64)).expect(401);
      await seventeenTrackWebhook(app, KEY, body, '').expect(401);
      expect((await shipments('9001'))[0].status).to.equal('info_received');
      expect((await events()).filter((e) => !e.eventId.startsWith('register:'))).to.deep.equal([]);
    });

    it('an update moves the shipment, keeping 17TRACK\'s sub-status in each scan; a replay is a duplicate', async () => {
      const body = trackingEvent('ST1000000001', 'InTransit', 'InTransit_Arrival', [
        ['InfoReceived', '2026-11-21T09:00:00Z', 'Shipment information received'],
        ['InTransit_Arrival', '2026-11-22T08:00:00Z', 'Arrived at facility'],
      ]);
      expect((await seventeenTrackWebhook(app, KEY, body).expect(200)).body).to.deep.include({ outcome: 'applied', orderId: '9001' });
      const [s] = await shipments('9001');
      expect(s.status).to.equal('in_transit');
      expect(s.estimatedDelivery).to.equal('2026-11-28');
      expect(s.events.map((e: { status: string; description: string; location: string }) => [e.status, e.description, e.location])).to.deep.equal([
        ['info_received', 'Shipment information received (InfoReceived)', 'Leipzig, DE'],
        ['in_transit', 'Arrived at facility (InTransit_Arrival)', 'Leipzig, DE'],
      ]);
      expect((await seventeenTrackWebhook(app, KEY, body).expect(200)).body.outcome).to.equal('duplicate');
      const logged = (await events()).filter((e) => e.topic === 'TRACKING_UPDATED');
      expect(logged.map((e) => [e.eventId, e.outcome])).to.deep.equal([['TRACKING_UPDATED|ST1000000001|2026-11-22T08:00:00Z|InTransit', 'applied']]);
    });

    it('out-of-order events are sorted by carrier time; the newest scan sets the status', async () => {
      await seventeenTrackWebhook(app, KEY, trackingEvent('ST2000000002', 'OutForDelivery', 'OutForDelivery_Other', [['OutForDelivery_Other', '2026-11-23T07:00:00Z', 'Out for delivery']])).expect(200);
      // An older update arrives after the newer one.
      await seventeenTrackWebhook(app, KEY, trackingEvent('ST2000000002', 'InTransit', 'InTransit_Departure', [['InTransit_Departure', '2026-11-22T20:00:00Z', 'Departed facility']])).expect(200);
      const [s] = await shipments('9002');
      expect(s.status).to.equal('out_for_delivery');
      expect(s.events.map((e: { at: string; status: string }) => [e.at, e.status])).to.deep.equal([
        ['2026-11-22T20:00:00.000Z', 'in_transit'], ['2026-11-23T07:00:00.000Z', 'out_for_delivery'],
      ]);
    });

    it('delivered is not left on an older event, only on a newer one', async () => {
      await seventeenTrackWebhook(app, KEY, trackingEvent('ST2000000002', 'Delivered', 'Delivered_Other', [['Delivered_Other', '2026-11-23T13:00:00Z', 'Delivered']])).expect(200);
      expect((await shipments('9002'))[0].status).to.equal('delivered');
      await seventeenTrackWebhook(app, KEY, trackingEvent('ST2000000002', 'DeliveryFailure', 'DeliveryFailure_NoBody', [['DeliveryFailure_NoBody', '2026-11-23T10:00:00Z', 'Nobody home']])).expect(200);
      const after = (await shipments('9002'))[0];
      expect(after.status).to.equal('delivered');
      expect(after.events.map((e: { status: string }) => e.status)).to.deep.equal(['in_transit', 'out_for_delivery', 'failed_attempt', 'delivered']);
      // A return to the sender after delivery (a newer scan) does move it.
      await seventeenTrackWebhook(app, KEY, trackingEvent('ST2000000002', 'Exception', 'Exception_Returning', [['Exception_Returning', '2026-11-24T09:00:00Z', 'Returning to sender']])).expect(200);
      expect((await shipments('9002'))[0].status).to.equal('returned');
    });

    it('a malformed body is answered 200 and recorded as rejected; TRACKING_STOPPED is recorded as ignored', async () => {
      expect((await seventeenTrackWebhook(app, KEY, 'not json').expect(200)).body.outcome).to.equal('rejected');
      expect((await seventeenTrackWebhook(app, KEY, { event: 'TRACKING_UPDATED', data: { number: 'ST1000000001' } }).expect(200)).body.outcome).to.equal('rejected');
      expect((await seventeenTrackWebhook(app, KEY, { event: 'SOMETHING_ELSE', data: { number: 'ST1000000001', track_info: trackInfo('Delivered', 'Delivered_Other', []) } }).expect(200)).body.outcome).to.equal('rejected');
      const stopped = await seventeenTrackWebhook(app, KEY, { event: 'TRACKING_STOPPED', data: { number: 'ST1000000001', carrier: 100001, param: null, tag: '' } }).expect(200);
      expect(stopped.body.outcome).to.equal('ignored');
      expect(stopped.body.detail).to.match(/tracking stopped by 17TRACK for ST1000000001/);
      expect((await seventeenTrackWebhook(app, KEY, trackingEvent('ST9999999999', 'InTransit', 'InTransit_Other', [['InTransit_Other', '2026-11-22T08:00:00Z', 'In transit']])).expect(200)).body)
        .to.deep.include({ outcome: 'ignored', detail: 'no shipment has tracking number ST9999999999 yet' });
      const logged = (await events()).filter((e) => !e.eventId.startsWith('register:'));
      expect(logged.filter((e) => e.outcome === 'rejected')).to.have.length(3);
      expect(logged.filter((e) => e.outcome === 'rejected').every((e) => e.eventId.startsWith('sha256:'))).to.equal(true);
      expect(logged.find((e) => e.topic === 'TRACKING_STOPPED')?.outcome).to.equal('ignored');
      expect((await shipments('9001'))[0].status).to.equal('in_transit');
    });
  });

  describe('the API client (register, gettrackinfo)', () => {
    let fake: Awaited<ReturnType<typeof startFakeSeventeenTrack>>;
    before(async () => { fake = await startFakeSeventeenTrack(KEY); });
    after(() => fake?.close());

    it('a number already registered counts as registered; another refusal, a 429 or a wrong key throws', async () => {
      const registry = seventeenTrackRegistry(KEY, `${fake.baseUrl}/`);
      expect(registry.name).to.equal('17track');
      await registry.register('RR123456789CN', 'China Post');
      await registry.register('RR123456789CN', 'China Post');
      expect(fake.registered).to.deep.equal([{ number: 'RR123456789CN' }]);
      expect(fake.calls.map((c) => c.status)).to.deep.equal([200, 200]);
      expect(await failure(registry.register('BAD0001', 'DHL'))).to.include(`17TRACK refused BAD0001: The tracking number format is not correct. (code ${REFUSED})`);
      fake.failNext(1, 429);
      expect(await failure(registry.register('RR000000001CN', 'DHL'))).to.include('17TRACK register answered HTTP 429 (code -18010005)');
      await registry.register('RR000000001CN', 'DHL');
      expect(fake.registered.map((r) => r.number)).to.deep.equal(['RR123456789CN', 'RR000000001CN']);
      expect(await failure(seventeenTrackRegistry('wrong-key', fake.baseUrl).register('RR000000002CN', 'DHL'))).to.include('HTTP 401');
      expect(ALREADY_REGISTERED).to.equal(-18019901);
    });

    it('poll maps gettrackinfo\'s track_info like a webhook; a number 17TRACK does not track is undefined', async () => {
      const registry = seventeenTrackRegistry(KEY, fake.baseUrl);
      fake.setTrackInfo('RR123456789CN', trackInfo('Exception', 'Exception_Returned', [
        ['InTransit_PickedUp', '2026-11-20T08:00:00Z', 'Picked up'],
        ['Exception_Returned', '2026-11-25T12:30:00Z', 'Returned to sender'],
      ], { from: '2026-11-27T00:00:00+08:00' }));
      const update = await registry.poll!('RR123456789CN', 'China Post');
      expect(update).to.deep.equal({
        trackingNumber: 'RR123456789CN',
        status: 'returned',
        events: [
          { at: '2026-11-25T12:30:00.000Z', status: 'returned', description: 'Returned to sender (Exception_Returned)', location: 'Leipzig, DE' },
          { at: '2026-11-20T08:00:00.000Z', status: 'in_transit', description: 'Picked up (InTransit_PickedUp)', location: 'Leipzig, DE' },
        ],
        estimatedDelivery: '2026-11-27',
      });
      const polled = fake.calls.filter((c) => c.action === 'gettrackinfo');
      expect(polled.at(-1)?.items).to.deep.equal([{ number: 'RR123456789CN' }]);
      // Registered, nothing known yet: unknown, no scans.
      expect(await registry.poll!('RR000000001CN', 'DHL')).to.deep.equal({ trackingNumber: 'RR000000001CN', status: 'unknown', events: [] });
      expect(await registry.poll!('RR999999999CN', '100003')).to.equal(undefined);
      expect(fake.calls.filter((c) => c.action === 'gettrackinfo').at(-1)?.items).to.deep.equal([{ number: 'RR999999999CN', carrier: 100003 }]);
      fake.failNext(1, 503);
      expect(await failure(registry.poll!('RR123456789CN', 'DHL'))).to.include('HTTP 503');
    });
  });
});
