import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { shippoTrack, startFakeShippo } from '../helpers/fake-shippo';
import { waitFor } from '../helpers/twilio-test-kit';
import { shippoCarrier, shippoRegistry } from '../../src/sources/shippo/registry';
import { createSources } from '../../src/sources';
import { parseEnv } from '../../src/config';
import { ADMIN, openTestBot } from '../security/attack-kit';
import { failure } from '../helpers/rejection';

// Not `shippo_...`: the SDK would prefix only those with `ShippoToken `; the registry does it for any.
const TOKEN = 'test-token-0123456789';

describe('sources: Shippo tracking registration and polling (the shippo SDK)', function () {
  this.timeout(60_000);

  it('maps carrier names to Shippo carrier tokens; placeholders and unknown names have none', () => {
    expect(['UPS', 'DHL Express', 'USPS', 'FedEx', 'U.S. Postal Service', 'Federal Express', 'DHL', 'Canada Post', 'Correos España', 'dhl_germany', ' royal-mail '].map(shippoCarrier))
      .to.deep.equal(['ups', 'dhl_express', 'usps', 'fedex', 'usps', 'fedex', 'dhl_express', 'canada_post', 'correos_espana', 'dhl_germany', 'royal_mail']);
    expect(['Other', 'carrier', 'Local courier', '顺丰速运', ''].map(shippoCarrier)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });

  it('is wired when SHIPPO_API_TOKEN is set, and named in the status line when nothing is', () => {
    const deps = { orders: {} as never, db: {} as never, queue: { available: false } as never, logger: {} as never };
    const on = createSources({ ...deps, config: parseEnv({ SHIPPO_API_TOKEN: TOKEN }) });
    expect(on.registrations.map((r) => r.provider)).to.deep.equal(['shippo']);
    expect(on.status()['source tracking registration']?.why).to.match(/registered with shippo/);
    const none = createSources({ ...deps, config: parseEnv({}) });
    expect(none.registrations).to.have.length(0);
    expect(none.status()['source tracking registration']?.why).to.include('SHIPPO_API_TOKEN');
  });

  describe('registration through the bot', () => {
    let bot: Awaited<ReturnType<typeof openTestBot>>;
    let fake: Awaited<ReturnType<typeof startFakeShippo>>;
    let app: Express;
    const events = async () => (await request(app).get('/api/v1/sources/events?source=shippo').set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.events as { eventId: string; topic: string; outcome: string; detail?: string }[];
    const order = (id: string, carrier: string, trackingNumber: string) => ({
      id, placedAt: '2026-11-20T10:00:00Z', status: 'open',
      customer: { name: 'Sam Lee', email: `sam.${id}@example.com` },
      shippingAddress: { line1: '1 Congress Ave', city: 'Austin', postalCode: '78701', country: 'US' },
      items: [{ sku: 'CAP', name: 'Cap', quantity: 1 }],
      shipments: [{ id: 'S1', carrier, trackingNumber, items: [{ sku: 'CAP', quantity: 1 }], status: 'info_received' }],
    });

    before(async () => {
      fake = await startFakeShippo(TOKEN);
      // The first call is answered 429: the registration retries it with backoff.
      fake.failNext(1, 429);
      bot = await openTestBot({ SHIPPO_API_TOKEN: TOKEN, SHIPPO_API_BASE_URL: fake.baseUrl });
      ({ app } = bot);
      await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send([
        order('9201', 'UPS', '1ZSHIPPO00000001'),
        order('9202', 'DHL Express', 'JD0000000002'),
        order('9203', 'Other', 'OTHER0000003'),
      ]).expect(200);
    });
    after(async () => {
      await bot?.close();
      await fake?.close();
    });

    it('registers each new number once with its carrier token, through a 429, with the ShippoToken header', async () => {
      await waitFor(async () => (await events()).filter((e) => e.eventId.startsWith('register:') && e.outcome === 'applied').length === 2, 20_000, 'two registrations with Shippo');
      expect(fake.registered.map((r) => [r.carrier, r.tracking_number]).sort()).to.deep.equal([['dhl_express', 'JD0000000002'], ['ups', '1ZSHIPPO00000001']]);
      const posts = fake.calls.filter((c) => c.method === 'POST');
      expect(posts.map((c) => [c.path, c.status])).to.deep.include(['/tracks', 429]);
      expect(posts.filter((c) => c.status === 200)).to.have.length(2);
      expect([...new Set(fake.authorizations)]).to.deep.equal([`ShippoToken ${TOKEN}`]);
    });

    it('refuses a number whose carrier has no Shippo token, without asking Shippo, and records it as rejected', async () => {
      const rejected = await waitFor(async () => (await events()).find((e) => e.eventId === 'register:OTHER0000003' && e.outcome !== 'ignored'), 20_000, 'the refusal of OTHER0000003');
      expect(rejected).to.deep.include({ topic: 'tracker.register', outcome: 'rejected' });
      expect(rejected.detail).to.equal('Shippo needs the carrier of OTHER0000003: "Other" is no Shippo carrier (such as usps, ups, fedex, dhl_express)');
      expect(fake.registered.map((r) => r.tracking_number)).to.not.include('OTHER0000003');
    });
  });

  describe('the API client (register, poll)', () => {
    let fake: Awaited<ReturnType<typeof startFakeShippo>>;
    before(async () => { fake = await startFakeShippo(TOKEN); });
    after(() => fake?.close());

    it('a 429, a 5xx, a wrong token or a carrier Shippo refuses throws, with the status', async () => {
      const registry = shippoRegistry(TOKEN, `${fake.baseUrl}/`);
      fake.failNext(1, 429);
      expect(await failure(registry.register('9400000000000000000001', 'USPS'))).to.match(/^Shippo register of 9400000000000000000001 answered HTTP 429: .*throttled/);
      fake.failNext(1, 503);
      expect(await failure(registry.register('9400000000000000000001', 'USPS'))).to.match(/answered HTTP 503/);
      await registry.register('9400000000000000000001', 'USPS');
      expect(fake.registered).to.deep.equal([{ carrier: 'usps', tracking_number: '9400000000000000000001' }]);
      // A well-formed token the fake does not know (Shippo's list is longer than the fake's).
      expect(await failure(registry.register('PF000000001', 'Parcelforce'))).to.match(/answered HTTP 400: .*parcelforce.* is not a valid choice/);
      expect(await failure(shippoRegistry('wrong-token', fake.baseUrl).register('9400000000000000000002', 'USPS'))).to.match(/answered HTTP 401/);
      // A token that already has Shippo's prefix shape is sent once, not prefixed twice.
      expect(await failure(shippoRegistry('shippo_test_abc', fake.baseUrl).register('9400000000000000000003', 'USPS'))).to.match(/HTTP 401/);
      expect(fake.authorizations.at(-1)).to.equal('ShippoToken shippo_test_abc');
    });

    it('poll reads the Track with the webhook\'s reader: status with its substatus, scans in carrier time order, ETA', async () => {
      const registry = shippoRegistry(TOKEN, fake.baseUrl);
      // History out of order: carrier time decides; the current status (also the last history entry) counts once.
      fake.setTrack('usps', '9400SHIPPO1', shippoTrack('9400SHIPPO1', 'usps', ['TRANSIT', 'out_for_delivery', '2026-11-23T13:05:00Z', 'Out for delivery'], [
        ['TRANSIT', null, '2026-11-22T08:00:00-06:00', 'Arrived at USPS facility', 'Dallas'],
        ['PRE_TRANSIT', null, '2026-11-21T09:00:00Z', 'Label created'],
      ], '2026-11-24T20:00:00Z'));
      expect(await registry.poll!('9400SHIPPO1', 'U.S. Postal Service')).to.deep.equal({
        trackingNumber: '9400SHIPPO1',
        status: 'out_for_delivery',
        events: [
          { at: '2026-11-21T09:00:00.000Z', status: 'info_received', description: 'Label created (PRE_TRANSIT)', location: 'Austin, TX, US' },
          { at: '2026-11-22T14:00:00.000Z', status: 'in_transit', description: 'Arrived at USPS facility (TRANSIT)', location: 'Dallas, TX, US' },
          { at: '2026-11-23T13:05:00.000Z', status: 'out_for_delivery', description: 'Out for delivery (TRANSIT/out_for_delivery)', location: 'Austin, TX, US' },
        ],
        estimatedDelivery: '2026-11-24',
      });
      expect(fake.calls.at(-1)).to.deep.equal({ method: 'GET', path: '/tracks/usps/9400SHIPPO1', status: 200 });
    });

    it('poll: a Track without a status is unknown; one the SDK\'s schema refuses is still read; a carrier without a token is not asked; a 429 throws', async () => {
      const registry = shippoRegistry(TOKEN, fake.baseUrl);
      expect(await registry.poll!('1ZNOSCAN', 'UPS')).to.deep.equal({ trackingNumber: '1ZNOSCAN', status: 'unknown', events: [] });
      // No `messages` and no object ids: the SDK refuses the answer; the wire body is read instead.
      const { messages: _m, ...bare } = shippoTrack('1ZBARE', 'ups', ['DELIVERED', null, '2026-11-23T16:00:00Z', 'Delivered, front door']);
      fake.setTrack('ups', '1ZBARE', { ...bare, tracking_status: { status: 'DELIVERED', status_details: 'Delivered, front door', status_date: '2026-11-23T16:00:00Z' }, tracking_history: [] });
      expect(await registry.poll!('1ZBARE', 'UPS')).to.deep.equal({
        trackingNumber: '1ZBARE', status: 'delivered', estimatedDelivery: '2026-11-26',
        events: [{ at: '2026-11-23T16:00:00.000Z', status: 'delivered', description: 'Delivered, front door (DELIVERED)' }],
      });
      const asked = fake.calls.length;
      expect(await registry.poll!('OTHER1', 'Other')).to.equal(undefined);
      expect(fake.calls).to.have.length(asked);
      fake.failNext(1, 429);
      expect(await failure(registry.poll!('1ZBARE', 'UPS'))).to.match(/^Shippo read of 1ZBARE answered HTTP 429/);
    });
  });
});
