import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { demoOrders } from '../../src/app/demo-shop';
import { changesBetween, type OrderChange } from '../../src/orders/events';
import { OrderChangeFeed } from '../../src/orders/change-feed';
import { OrderService } from '../../src/orders/service';
import { createLogger } from '../../src/log/logger';
import { openTestStore, type TestStore } from '../helpers/db';

/** Order changes: what is a change, written with the change itself, delivered once. */
describe('orders: changes as events through one service', function () {
  let t: TestStore;
  let repo: OrderRepository;
  const demo = () => demoOrders().map((o) => orderSchema.parse(o));

  before(async function () {
    t = await openTestStore();
    repo = new OrderRepository(t.store.db);
  });
  after(() => t?.cleanup());

  it('tells status, shipment, estimated-delivery and exception changes apart', () => {
    const before = { status: 'open', shipments: new Map([['S1', { status: 'in_transit', eta: '2030-01-02' }]]) };
    const after = { status: 'open', shipments: new Map([['S1', { status: 'exception', eta: '2030-01-05' }], ['S2', { status: 'info_received', eta: null }]]) };
    expect(changesBetween('9', before, after).map((c) => c.type)).to.deep.equal(['shipment.status_changed', 'shipment.exception', 'shipment.eta_moved', 'shipment.added']);
    expect(changesBetween('9', undefined, after).map((c) => c.type)).to.deep.equal(['order.created']);
    expect(changesBetween('9', after, after)).to.deep.equal([]);
  });

  it('writes the changes in the same transaction as the orders, and none for a refused bulk', async () => {
    const pending = async () => Number(((await t.store.db.execute(sql`select count(*)::int as n from order_changes where dispatched_at is null`)) as unknown as { rows: { n: number }[] }).rows[0].n);
    const start = await pending();
    await repo.upsert(demo());
    expect(await pending()).to.equal(start + demo().length);
    const clash = [{ ...demo()[0], id: 'X-77' }, { ...demo()[1], id: 'x77' }];
    await repo.upsert(clash).then(() => expect.fail('a clash must be refused'), () => undefined);
    expect(await pending()).to.equal(start + demo().length);
  });

  it('delivers each change once, even with two feeds taking turns on one database', async () => {
    const seen: OrderChange[] = [];
    const feeds = [new OrderChangeFeed(t.store.db, createLogger('silent')), new OrderChangeFeed(t.store.db, createLogger('silent'))];
    for (const f of feeds) f.subscribe('test', async (batch) => void seen.push(...batch));
    await Promise.all(feeds.map((f) => f.kick()));
    const service = new OrderService(repo, feeds[0]);
    const order = demo().find((o) => o.id === '1001')!;
    await service.ingest([{ ...order, status: 'cancelled' }]);
    await service.addMerchantEvent('1001', { type: 'fulfilment_delayed', shipBy: '2030-12-01' });
    await Promise.all(feeds.map((f) => f.kick()));
    await Promise.all(feeds.map((f) => f.idle()));
    const forOrder = seen.filter((c) => c.orderId === '1001' && c.type !== 'order.created');
    expect(forOrder.map((c) => c.type)).to.deep.equal(['order.status_changed', 'merchant.event']);
    const ids = seen.map((c) => JSON.stringify(c));
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
