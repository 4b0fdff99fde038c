import { expect } from 'chai';
import { seedDemoShop, shouldSeed } from '../../src/app/seed';
import { OrderRepository } from '../../src/orders/repository';
import { fulfilmentState, type Order } from '../../src/orders/types';
import { openTestStore, type TestStore } from '../helpers/db';

const NOW = new Date('2026-11-20T15:00:00Z');

describe('app: demo shop seed', () => {
  let t: TestStore;
  let orders: OrderRepository;
  let seeded: number;
  let all: Order[];

  before(async () => {
    t = await openTestStore('pglite');
    orders = new OrderRepository(t.store.db);
    seeded = await seedDemoShop(orders, NOW);
    const ids = (await t.store.db.query.orders.findMany({ columns: { id: true } })).map((r) => r.id);
    all = (await Promise.all(ids.map((id) => orders.get(id)))).filter((o): o is Order => o !== undefined);
  });
  after(() => t?.cleanup());

  it('loads at least a dozen orders, and says how many', async () => {
    expect(seeded).to.be.at.least(12);
    expect(await orders.count()).to.equal(seeded);
  });

  const statusesOf = (o: Order) => o.shipments.map((s) => s.status);
  const situations: [string, (o: Order) => boolean][] = [
    ['unfulfilled', (o) => fulfilmentState(o) === 'unfulfilled' && !o.items.some((i) => i.tags.includes('preorder'))],
    ['pre-order', (o) => o.items.some((i) => i.tags.includes('preorder'))],
    ['split shipment (partly delivered)', (o) => o.shipments.length >= 2 && new Set(statusesOf(o)).size >= 2],
    ['in transit', (o) => statusesOf(o).includes('in_transit')],
    ['out for delivery', (o) => statusesOf(o).includes('out_for_delivery')],
    ['failed delivery attempt', (o) => statusesOf(o).includes('failed_attempt')],
    ['delivered', (o) => statusesOf(o).length > 0 && statusesOf(o).every((s) => s === 'delivered')],
    ['carrier exception', (o) => statusesOf(o).includes('exception')],
    ['returned to sender', (o) => statusesOf(o).includes('returned')],
    ['cancelled', (o) => fulfilmentState(o) === 'cancelled'],
  ];
  for (const [name, matches] of situations) {
    it(`covers: ${name}`, () => {
      expect(all.filter(matches).map((o) => o.id), name).not.to.be.empty;
    });
  }

  it('covers: one customer with two open orders', async () => {
    const emails = [...new Set(all.map((o) => o.customer.email))];
    const counts = await Promise.all(emails.map(async (email) => (await orders.openOrdersOf({ email })).length));
    expect(counts.some((n) => n >= 2)).to.equal(true);
  });

  it('dates the orders relative to "now" (the demo stays current)', () => {
    for (const o of all) expect(o.placedAt.getTime(), o.id).to.be.at.most(NOW.getTime());
    const inTransit = all.find((o) => o.id === '1001')!;
    expect(inTransit.shipments[0].estimatedDelivery).to.equal('2026-11-22');
  });

  it('re-seeding replaces the demo orders instead of duplicating them', async () => {
    expect(await seedDemoShop(orders, NOW)).to.equal(seeded);
    expect(await orders.count()).to.equal(seeded);
  });

  describe('shouldSeed', () => {
    it('never: no; always: yes, whatever the store holds', async () => {
      expect(await shouldSeed('never', 'pglite', orders)).to.equal(false);
      expect(await shouldSeed('always', 'postgres', orders)).to.equal(true);
    });

    it('auto: not when the embedded store already has orders, never on PostgreSQL', async () => {
      expect(await orders.count()).to.be.greaterThan(0);
      expect(await shouldSeed('auto', 'pglite', orders)).to.equal(false);
      expect(await shouldSeed('auto', 'postgres', orders)).to.equal(false);
    });

    it('auto: yes on an empty embedded store (file or memory), no on an empty PostgreSQL', async () => {
      // shouldSeed only asks how many orders there are.
      const none = { count: async () => 0 } as unknown as OrderRepository;
      expect(await shouldSeed('auto', 'pglite', none)).to.equal(true);
      expect(await shouldSeed('auto', 'pglite-memory', none)).to.equal(true);
      expect(await shouldSeed('auto', 'postgres', none)).to.equal(false);
    });
  });
});
