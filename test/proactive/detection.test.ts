import { expect } from 'chai';
import { openTestStore, type TestStore } from '../helpers/db';
import { demoKnowledge } from '../answers/fixtures';
import { OrderRepository } from '../../src/orders/repository';
import { DelayDetection, type Detection } from '../../src/proactive/detection';
import type { OrderInput } from '../../src/orders/contract';
import type { OrderChange } from '../../src/orders/events';
import type { Knowledge } from '../../src/knowledge/schema';

// Wednesday 25 November 2026, 15:00 in New York (the demo shop's zone).
const NOW = new Date('2026-11-25T20:00:00Z');

function order(id: string, over: Partial<OrderInput> = {}): OrderInput {
  return {
    id, placedAt: '2026-11-20T15:00:00Z', status: 'open',
    customer: { name: 'Ana Lima', email: `ana.${id}@example.com` },
    shippingAddress: { line1: '12 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' },
    items: [{ sku: 'MUG', name: 'Blue mug', quantity: 1 }],
    shipments: [],
    ...over,
  } as OrderInput;
}

function shipped(status: string, eta: string | undefined, events: Array<[string, string, string?]>): OrderInput['shipments'] {
  return [{
    id: 'S1', carrier: 'UPS', trackingNumber: '1Z1', items: [{ sku: 'MUG', quantity: 1 }], status,
    ...(eta ? { estimatedDelivery: eta } : {}),
    events: events.map(([s, at, description]) => ({ status: s, at, ...(description ? { description } : {}) })),
  }] as OrderInput['shipments'];
}

/** Each kind of delay or exception is found from what changed or what time made true, and recorded once per order. */
describe('proactive: delay and exception detection', function () {
  this.timeout(60_000);
  let t: TestStore;
  let repo: OrderRepository;
  let knowledge: Knowledge;
  let found: Detection[];
  let detection: DelayDetection;

  before(async () => {
    t = await openTestStore();
    repo = new OrderRepository(t.store.db);
    knowledge = await demoKnowledge();
    detection = new DelayDetection({ db: t.store.db, orders: repo, knowledge: () => knowledge, onDetected: async (d) => void found.push(...d) });
  });
  beforeEach(() => { found = []; });
  after(() => t?.cleanup());

  it('reads the order changes: a later estimate, a stale shipment, a merchant delay, and the carrier\'s troubles', async () => {
    await repo.upsert([
      order('D1', { shipments: shipped('in_transit', '2026-11-28', [['in_transit', '2026-11-24T10:00:00Z']]) }),
      order('D2', { shipments: shipped('exception', undefined, [['exception', '2026-11-24T10:00:00Z', 'Held by customs (Exception_011)']]) }),
      order('D3', { shipments: shipped('exception', undefined, [['exception', '2026-11-24T10:00:00Z', 'Address incomplete']]) }),
      order('D4', { shipments: shipped('failed_attempt', undefined, [['failed_attempt', '2026-11-24T10:00:00Z']]) }),
    ]);
    const changes: OrderChange[] = [
      { type: 'shipment.eta_moved', orderId: 'D1', shipmentId: 'S1', from: '2026-11-26', to: '2026-11-28' },
      { type: 'shipment.eta_moved', orderId: 'D1', shipmentId: 'S1', from: '2026-11-28', to: '2026-11-27' },
      { type: 'shipment.stale', orderId: 'D1', shipmentId: 'S1', since: '2026-11-18' },
      { type: 'shipment.exception', orderId: 'D2', shipmentId: 'S1', status: 'exception' },
      { type: 'shipment.exception', orderId: 'D3', shipmentId: 'S1', status: 'exception' },
      { type: 'shipment.exception', orderId: 'D4', shipmentId: 'S1', status: 'failed_attempt' },
      { type: 'merchant.event', orderId: 'D3', event: { type: 'fulfilment_delayed', shipBy: '2026-12-01' } as never },
      { type: 'merchant.event', orderId: 'D3', event: { type: 'note', text: 'called the warehouse' } as never },
    ];
    expect(await detection.onChanges(changes, NOW)).to.equal(6);
    expect(found.map((d) => [d.orderId, d.kind])).to.deep.equal([
      ['D1', 'eta_later'], ['D1', 'stale'], ['D2', 'customs_hold'], ['D3', 'exception'], ['D4', 'failed_attempt'], ['D3', 'fulfilment_delayed'],
    ]);
    expect(found[0].detail).to.deep.equal({ from: '2026-11-26', to: '2026-11-28' });
    expect(found[5].detail).to.deep.equal({ shipBy: '2026-12-01' });

    // The same changes again (a replay, another instance): nothing new.
    found = [];
    expect(await detection.onChanges(changes, NOW)).to.equal(0);
    expect(found).to.deep.equal([]);
  });

  it('finds what time made true: an estimated delivery that passed, a ship-by day that passed; once each', async () => {
    await repo.upsert([
      order('T1', { shipments: shipped('in_transit', '2026-11-24', [['in_transit', '2026-11-23T10:00:00Z']]) }),
      order('T2', { shipments: shipped('in_transit', '2026-11-25', [['in_transit', '2026-11-24T10:00:00Z']]) }),
      order('T3', { shipments: shipped('delivered', '2026-11-20', [['delivered', '2026-11-21T10:00:00Z']]) }),
      // Placed on the 20th (a Friday) in the demo shop: due to ship on Monday the 23rd; nothing shipped.
      order('T4'),
      // Placed this morning: not late.
      order('T5', { placedAt: '2026-11-25T14:00:00Z' }),
      order('T6', { status: 'cancelled' }),
    ]);
    await detection.scan(NOW);
    const kinds = found.map((d) => `${d.orderId}:${d.kind}`).sort();
    expect(kinds).to.include.members(['T1:eta_passed', 'T4:ship_by_passed']);
    expect(kinds.filter((k) => /^T[2356]:/.test(k))).to.deep.equal([]);
    expect(found.find((d) => d.orderId === 'T1')!.detail).to.deep.equal({ estimatedDelivery: '2026-11-24' });

    found = [];
    await detection.scan(new Date(NOW.getTime() + 3_600_000));
    expect(found.filter((d) => d.orderId.startsWith('T'))).to.deep.equal([]);
  });

  it('scans for passed ship-by days a batch at a time, going on where the last scan stopped, then wrapping', async () => {
    const t2 = await openTestStore();
    try {
      const repo2 = new OrderRepository(t2.store.db);
      const seen: string[] = [];
      const small = new DelayDetection({ db: t2.store.db, orders: repo2, knowledge: () => knowledge, scanBatch: 2, onDetected: async (d) => void seen.push(...d.map((x) => x.orderId)) });
      // The two oldest are pre-orders of a lamp released on 10 December: not late, and never recorded, so
      // a scan that always began at the oldest would look at them forever and never reach W3-W5.
      const lamp = { items: [{ sku: 'LAMP-AUR', name: 'Aurora lamp', quantity: 1 }] };
      await repo2.upsert([
        order('P1', { placedAt: '2026-11-02T15:00:00Z', ...lamp }), order('P2', { placedAt: '2026-11-03T15:00:00Z', ...lamp }),
        order('W3', { placedAt: '2026-11-16T15:00:00Z' }), order('W4', { placedAt: '2026-11-17T15:00:00Z' }), order('W5', { placedAt: '2026-11-18T15:00:00Z' }),
      ]);
      await small.scan(NOW);
      expect(seen).to.deep.equal([]);
      await small.scan(NOW);
      expect(seen).to.deep.equal(['W3', 'W4']);
      await small.scan(NOW);
      expect(seen).to.deep.equal(['W3', 'W4', 'W5']);
      await small.scan(NOW);
      // Wrapped round: everything late is recorded, nothing new.
      await small.scan(NOW);
      expect(seen).to.deep.equal(['W3', 'W4', 'W5']);
    } finally {
      await t2.cleanup();
    }
  });
});
