import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { openTestStore, type TestStore } from '../helpers/db';
import { captureLogger } from '../helpers/capture-logger';
import { startFakeEasyPost, trackerEvent } from '../helpers/fake-easypost';
import { startFakeAfterShip, trackingUpdateEvent } from '../helpers/fake-aftership';
import { demoKnowledge } from '../answers/fixtures';
import { OrderRepository } from '../../src/orders/repository';
import { OrderService } from '../../src/orders/service';
import { TrackingUpdates } from '../../src/sources/tracking';
import { TrackingWatch } from '../../src/sources/tracking-watch';
import { easyPostRegistry } from '../../src/sources/easypost/registry';
import { afterShipRegistry } from '../../src/sources/aftership/registry';
import type { TrackerRegistry } from '../../src/sources/registration';
import type { OrderInput } from '../../src/orders/contract';
import { orderChanges, shipmentWatch } from '../../src/store/schema';
import type { Knowledge } from '../../src/knowledge/schema';

const ZONE = 'America/New_York';
const HOUR = 3_600_000;
// Thursday 19 November 2026, 15:00 in New York.
const NOW = new Date('2026-11-19T20:00:00Z');

function order(id: string, tracking: string, status: string, scans: Array<[string, string]>, extra: Partial<OrderInput> = {}): OrderInput {
  return {
    id, placedAt: '2026-11-09T10:00:00Z', status: 'open',
    customer: { name: 'Ana Lima', email: `ana.${id}@example.com` },
    shippingAddress: { line1: '12 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' },
    items: [{ sku: 'MUG', name: 'Blue mug', quantity: 1 }],
    shipments: [{
      id: 'S1', carrier: 'UPS', trackingNumber: tracking, items: [{ sku: 'MUG', quantity: 1 }], status,
      events: scans.map(([s, at]) => ({ status: s, at })),
    }],
    ...extra,
  } as OrderInput;
}

/**
 * The tracking watch: shipments whose webhooks went quiet are polled at the providers, each once
 * even with two instances sweeping; stale shipments (no scan for the knowledge's business days)
 * are flagged once, with an order change, and cleared by a newer scan.
 */
describe('sources: the tracking watch (polling fallback and stale shipments)', function () {
  this.timeout(60_000);
  let t: TestStore;
  let repo: OrderRepository;
  let service: OrderService;
  let knowledge: Knowledge;
  let easypost: Awaited<ReturnType<typeof startFakeEasyPost>>;
  let aftership: Awaited<ReturnType<typeof startFakeAfterShip>>;
  const log = captureLogger('warn');

  const watch = (registries: TrackerRegistry[]) => new TrackingWatch({
    db: t.store.db, registries, updates: new TrackingUpdates(service), knowledge: () => knowledge, timeZone: ZONE,
    settings: { pollAfterMs: 24 * HOUR }, logger: log.logger,
  });
  const shipment = async (id: string) => (await repo.getDocument(id))!.shipments[0];
  const staleChanges = async (id: string) => (await t.store.db.select().from(orderChanges)
    .where(sql`${orderChanges.orderId} = ${id} and ${orderChanges.type} = 'shipment.stale'`)).map((r) => r.payload);
  const watched = async (id: string) => (await t.store.db.select().from(shipmentWatch).where(sql`${shipmentWatch.orderId} = ${id}`))[0];

  before(async () => {
    t = await openTestStore();
    repo = new OrderRepository(t.store.db);
    service = new OrderService(repo);
    knowledge = await demoKnowledge();
    easypost = await startFakeEasyPost('ep-key');
    aftership = await startFakeAfterShip('as-key');
  });
  after(async () => {
    await easypost?.close();
    await aftership?.close();
    await t?.cleanup();
  });

  it('polls a shipment quiet for longer than the setting, applies what the provider says, and not again until it is quiet again', async () => {
    await service.ingest([order('W1', 'EZQUIET1', 'in_transit', [['in_transit', '2026-11-17T12:00:00Z']]), order('W2', 'EZFRESH2', 'in_transit', [['in_transit', '2026-11-19T12:00:00Z']])]);
    easypost.setTracker('EZQUIET1', trackerEvent('EZQUIET1', 'out_for_delivery', [['in_transit', null, '2026-11-17T12:00:00Z'], ['out_for_delivery', null, '2026-11-19T13:00:00Z']]).result);
    const w = watch([easyPostRegistry('ep-key', easypost.baseUrl)]);

    const first = await w.sweep(NOW);
    expect(first).to.include({ polled: 1, updated: 1, pollErrors: 0 });
    expect(easypost.listed).to.deep.equal(['EZQUIET1']);
    const s = await shipment('W1');
    expect(s.status).to.equal('out_for_delivery');
    expect(s.events.map((e) => e.status)).to.deep.equal(['in_transit', 'out_for_delivery']);

    // The poll brought a scan from 13:00; 20:00 is not 24 h later: nothing is asked again.
    expect((await w.sweep(new Date(NOW.getTime() + HOUR))).polled).to.equal(0);
    // A day on, still no new scan: asked again (and the other one, quiet by now too).
    expect((await w.sweep(new Date(NOW.getTime() + 25 * HOUR))).polled).to.equal(2);
    expect(easypost.listed).to.have.members(['EZQUIET1', 'EZQUIET1', 'EZFRESH2']);
  });

  it('a provider that fails is recorded and asked again next time; then the next provider that knows the number answers', async () => {
    await service.ingest([order('W3', 'ASQUIET3', 'in_transit', [['in_transit', '2026-11-16T12:00:00Z']])]);
    easypost.failNext(1, 503);
    aftership.setTracking('ASQUIET3', trackingUpdateEvent('ASQUIET3', 'Delivered', [['InTransit', 'InTransit_001', '2026-11-16T12:00:00Z'], ['Delivered', 'Delivered_001', '2026-11-18T16:00:00Z']]).msg);
    const w = watch([easyPostRegistry('ep-key', easypost.baseUrl), afterShipRegistry('as-key', aftership.baseUrl)]);
    const later = new Date(NOW.getTime() + 2 * 24 * HOUR);

    const result = await w.sweep(later);
    // EasyPost failed (recorded), AfterShip knew the number: delivered.
    expect(result.pollErrors).to.equal(0);
    expect((await shipment('W3')).status).to.equal('delivered');
    expect(aftership.listed).to.include('ASQUIET3');
    expect(log.find(/tracking poll failed/)).to.not.equal(undefined);
    // Delivered: no longer watched.
    await w.sweep(new Date(later.getTime() + HOUR));
    expect(await watched('W3')).to.equal(undefined);
  });

  it('a poll that every provider fails keeps its error on the shipment until a poll answers', async () => {
    await service.ingest([order('W4', 'EZDOWN4', 'in_transit', [['in_transit', '2026-11-16T12:00:00Z']])]);
    const down: TrackerRegistry = { name: 'down', register: async () => undefined, poll: async () => { throw new Error('503 Service Unavailable'); } };
    const w = watch([down]);
    const at = new Date(NOW.getTime() + 3 * 24 * HOUR);
    expect((await w.sweep(at)).pollErrors).to.be.greaterThan(0);
    expect((await watched('W4')).pollError).to.equal('down: 503 Service Unavailable');
    const up: TrackerRegistry = { name: 'up', register: async () => undefined, poll: async (n) => ({ trackingNumber: n, status: 'in_transit', events: [] }) };
    await watch([up]).sweep(new Date(at.getTime() + 25 * HOUR));
    expect((await watched('W4')).pollError).to.equal(null);
  });

  it('two instances sweeping at once ask for each quiet number once', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => `EZPAIR${String(i).padStart(2, '0')}`);
    await service.ingest(numbers.map((n, i) => order(`P${i}`, n, 'in_transit', [['in_transit', '2026-11-10T12:00:00Z']])));
    const asked: string[] = [];
    const counting: TrackerRegistry = { name: 'counting', register: async () => undefined, poll: async (n) => { asked.push(n); return undefined; } };
    const at = new Date(NOW.getTime() + 10 * 24 * HOUR);
    await Promise.all([watch([counting]).sweep(at), watch([counting]).sweep(at)]);
    const pairs = asked.filter((n) => n.startsWith('EZPAIR'));
    expect(pairs).to.have.length(12);
    expect(new Set(pairs).size).to.equal(12);
  });

  it('flags a shipment stale after the business days without a scan, once, with an order change; a newer scan clears it', async () => {
    // Last scan Friday 13 November; Thursday 19 is the 4th carrier day after it.
    await service.ingest([order('S1', 'STALE1', 'in_transit', [['in_transit', '2026-11-13T15:00:00Z']])]);
    const w = watch([]);
    expect((await w.sweep(new Date('2026-11-18T20:00:00Z'))).newlyStale).to.equal(0);
    expect((await watched('S1')).staleSince).to.equal(null);

    expect((await w.sweep(NOW)).newlyStale).to.be.greaterThan(0);
    expect((await watched('S1')).staleSince).to.equal('2026-11-13');
    expect(await staleChanges('S1')).to.deep.equal([{ type: 'shipment.stale', orderId: 'S1', shipmentId: 'S1', since: '2026-11-13' }]);
    expect((await w.stale()).map((s) => s.orderId)).to.include('S1');

    // Swept again: still stale, no second change.
    await w.sweep(new Date(NOW.getTime() + HOUR));
    expect(await staleChanges('S1')).to.have.length(1);

    // A new scan clears it.
    await service.ingest([order('S1', 'STALE1', 'in_transit', [['in_transit', '2026-11-13T15:00:00Z'], ['in_transit', '2026-11-19T18:00:00Z']])]);
    expect((await w.sweep(new Date(NOW.getTime() + 2 * HOUR))).cleared).to.equal(1);
    expect((await watched('S1')).staleSince).to.equal(null);
  });

  it('does not watch delivered shipments or cancelled orders', async () => {
    await service.ingest([
      order('D1', 'DELIV1', 'delivered', [['delivered', '2026-11-01T15:00:00Z']]),
      order('C1', 'CANCL1', 'in_transit', [['in_transit', '2026-11-01T15:00:00Z']], { status: 'cancelled' }),
    ]);
    await watch([]).sweep(NOW);
    expect(await watched('D1')).to.equal(undefined);
    expect(await watched('C1')).to.equal(undefined);
  });
});
