import { expect } from 'chai';
import { sql, type SQL } from 'drizzle-orm';
import { lateCandidates } from '../../src/proactive/detection';
import { sendingClaim } from '../../src/proactive/notices';
import { inlined } from '../../src/store/turn-scope';
import type { Db } from '../../src/store/db';
import { BACKENDS, openTestStore, requireServer, type TestStore } from '../helpers/db';

const ORDERS = 20_000;
const NOTICES = 5_000;

async function plan(db: Db, statement: SQL): Promise<string> {
  const result = await db.execute(sql.raw(`explain ${inlined(statement)}`));
  return (result as unknown as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * The proactive rounds' statements stay about their own batch as the shop grows: the scan for
 * passed ship-by days walks the open orders' placing index from where it stopped, and a send job
 * finds its notices by key, not by intersecting them with every pending notice (the due index
 * holds an entry for every due time ever set, and stale statistics made that plan look cheap:
 * 50 ms a claim in the bench at 20,000 notices).
 */
for (const backend of BACKENDS) {
  describe(`proactive: statements of a round read their batch (${backend})`, function () {
    this.timeout(120_000);
    let t: TestStore;
    before(async function () {
      if (backend === 'postgres') await requireServer('postgres').call(this);
      t = await openTestStore(backend);
      const db = t.store.db;
      await db.execute(sql`insert into customers (email, name) values ('bulk@example.com', 'Bulk Shopper')`);
      await db.execute(sql.raw(`
        insert into orders (id, lookup_key, digits_key, customer_id, placed_at, status, email, shipping_address, document)
        select 'P' || g, 'p' || g, g::text, (select id from customers limit 1), timestamptz '2026-11-01' + g * interval '1 minute', 'open',
          'bulk@example.com', '{"country":"US"}'::jsonb, '{}'::jsonb
        from generate_series(1, ${ORDERS}) g`));
      await db.execute(sql.raw(`insert into order_items (order_id, position, sku, name, quantity) select 'P' || g, 0, 'MUG', 'Mug', 1 from generate_series(1, ${ORDERS}) g`));
      // The oldest orders were found late already. Statistics are taken while their notices were
      // sent; then all of them are pending again, their due times moved.
      await db.execute(sql.raw(`
        insert into proactive_notices (order_id, kind, detected_at, state, channel, conversation_key, text, due_at)
        select 'P' || g, 'ship_by_passed', now(), 'sent', 'sms', 'sms:+1555' || g, 'late', null from generate_series(1, ${NOTICES}) g`));
      await db.execute(sql`analyze`);
      await db.execute(sql`update proactive_notices set state = 'pending', due_at = now()`);
      await db.execute(sql`update proactive_notices set due_at = now() + interval '10 minutes'`);
    });
    after(() => t?.cleanup());

    it('a batch of the scan for passed ship-by days walks the open orders by placing time', async () => {
      for (const after of [undefined, { placedAt: '2026-11-04T09:20:00Z', id: 'P4880' }]) {
        const p = await plan(t.store.db, lateCandidates(new Date('2026-09-01T00:00:00Z'), after, 500));
        expect(p).to.match(/orders_open_placed_idx/);
        expect(p).to.not.match(/Seq Scan on orders/);
      }
    });

    it("a send job's claim finds its notices by key, never through the due index", async () => {
      const refs = Array.from({ length: 50 }, (_, i) => ({ orderId: `P${i * 97 + 1}`, kind: 'ship_by_passed' as const }));
      const now = new Date();
      // The setup is one where testing the state through the due index looks cheap to the planner.
      const plain = sql`update proactive_notices n set reason = 'probe' from json_to_recordset(${JSON.stringify(refs.map((r) => ({ order_id: r.orderId, kind: r.kind })))}::json) as v(order_id text, kind text)
        where n.order_id = v.order_id and n.kind = v.kind and n.state = 'pending'`;
      expect(await plan(t.store.db, plain)).to.match(/proactive_notices_due_idx/);

      const p = await plan(t.store.db, sendingClaim(refs, now));
      expect(p).to.not.match(/proactive_notices_due_idx/);
      expect(p).to.match(/proactive_notices_order_id_kind_pk/);
      expect(p).to.not.match(/Seq Scan on proactive_notices/);
      const claimed = await t.store.db.execute(sendingClaim(refs, now));
      expect((claimed as unknown as { rows: unknown[] }).rows).to.have.length(50);
    });
  });
}
