import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { OrderRepository } from '../../src/orders/repository';
import { orderDigitsKey, orderLookupKey } from '../../src/orders/keys';
import type { OrderInput } from '../../src/orders/contract';
import type { Db } from '../../src/store/db';
import { asSql, inTurnScope, TurnScope } from '../../src/store/turn-scope';
import { BACKENDS, openTestStore, requireServer, type TestStore } from '../helpers/db';

function order(id: string): OrderInput {
  return {
    id, placedAt: '2026-11-20T15:00:00Z', status: 'open',
    customer: { name: 'Ana Lima', email: `ana.${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com` },
    shippingAddress: { line1: '12 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' },
    items: [{ sku: 'MUG', name: 'Blue mug', quantity: 1 }],
    shipments: [],
  } as OrderInput;
}

/** Counts the statements a repository sends (the turn's read should leave none to send). */
function counting(db: Db): { db: Db; executed: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'execute' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, executed: () => n };
}

/**
 * A verifying turn reads the orders its typed numbers name with the turn's lock: the numbers
 * are keyed in SQL as orderLookupKey and orderDigitsKey key them, every number comes back
 * (found or not), and an answer from that read is the answer a lookup gives.
 */
for (const backend of BACKENDS) {
  describe(`orders: the numbers a turn types, read with its lock (${backend})`, function () {
    this.timeout(60_000);
    let t: TestStore;
    let repo: OrderRepository;
    const PENDING = '#SH-2093';
    before(async function () {
      if (backend === 'postgres') await requireServer('postgres').call(this);
      t = await openTestStore(backend);
      repo = new OrderRepository(t.store.db);
      // Four orders share the digits 1001, one of them exactly "1001" (stored last).
      await repo.upsert(['A1001', 'B-1001', 'C1001', '1001', 'SH-20931', 'SH-2093', 'ÑU-77'].map(order));
      await t.store.db.execute(sql`create table typed_probe_state (key text primary key, value jsonb)`);
      await t.store.db.execute(sql`insert into typed_probe_state values ('conv', ${JSON.stringify({ wismo: { pendingOrder: PENDING } })}::jsonb)`);
    });
    after(() => t?.cleanup());

    const TYPED = ['1001', '#1001', 'sh20931', 'SH 20931', '20931', '2093', 'ñu-77', '#ÑU77', 'ZZ-404', 'x', '12'];

    async function turnScopeFor(typed: string[]): Promise<TurnScope> {
      const read = repo.typedRead((v) => sql`(select value #>> '{wismo,pendingOrder}' from typed_probe_state where key = ${v('stateKey')})`)({ typed: JSON.stringify(typed), stateKey: 'conv' });
      const rows = (await t.store.db.execute(asSql(read.statement)) as unknown as { rows: Record<string, unknown>[] }).rows;
      return new TurnScope(new Map([[read.name, { rows, covers: [] }]]));
    }

    it('keys each number as orderLookupKey and orderDigitsKey do (ASCII and the database\'s letters), and returns unmatched ones too', async () => {
      const scope = await turnScopeFor(TYPED);
      const rows = scope.read('orders:typed')!.rows;
      for (const typed of [...TYPED, PENDING].filter((x) => /^[\x20-\x7e]*$/.test(x))) {
        expect(rows.some((r) => r.typed_key === orderLookupKey(typed) && r.typed_digits === orderDigitsKey(typed)), typed).to.equal(true);
      }
      expect(rows.filter((r) => r.typed_key === 'zz404')).to.have.length(1);
      expect(rows.find((r) => r.typed_key === 'zz404')!.id).to.equal(null);
    });

    it('answers as a lookup does, and without a statement when the read covered the number', async () => {
      const scope = await turnScopeFor(TYPED);
      for (const typed of [...TYPED, PENDING]) {
        const looked = await repo.credentialsByNumber(typed);
        const probe = counting(t.store.db);
        const scoped = await inTurnScope(scope, () => new OrderRepository(probe.db).credentialsByNumber(typed));
        expect(scoped, typed).to.deep.equal(looked);
        if (/^[\x20-\x7e]*$/.test(typed) && orderLookupKey(typed) !== '') expect(probe.executed(), `${typed}: read again`).to.equal(0);
      }
    });

    it('an exact number wins over orders that share its digits, however many', async () => {
      expect((await repo.credentialsByNumber('1001'))?.orderId).to.equal('1001');
      expect((await repo.credentialsByNumber('#1001'))?.orderId).to.equal('1001');
      // Digits alone name one order only when exactly one has them.
      expect(await repo.credentialsByNumber('SH1001')).to.equal(undefined);
      expect((await repo.credentialsByNumber('20931'))?.orderId).to.equal('SH-20931');
    });
  });
}
