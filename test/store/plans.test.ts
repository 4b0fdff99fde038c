import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { jsonList } from '../../src/store/bulk';
import { inlined } from '../../src/store/turn-scope';
import { BACKENDS, openTestStore, requireServer, type TestStore } from '../helpers/db';

/**
 * A list of keys in one JSON parameter (`= any(jsonList(...))`, src/store/bulk.ts) is looked up in
 * the column's index. The earlier form, `in (select json_array_elements_text(...))`, was planned
 * as a semi-join reading the whole table: every turn's state read grew with the conversations.
 */
for (const backend of BACKENDS) {
  describe(`store: key lists use the index (${backend})`, function () {
    this.timeout(60_000);
    let t: TestStore;
    before(async function () {
      if (backend === 'postgres') await requireServer('postgres').call(this);
      t = await openTestStore(backend);
      await t.store.db.execute(sql`insert into bot_state (key, value) select 'webchat/conversations/' || g || '/', '{}'::jsonb from generate_series(1, 20000) g`);
      await t.store.db.execute(sql`analyze bot_state`);
    });
    after(() => t?.cleanup());

    it('a few keys out of 20,000 rows: an index scan, not a read of the table', async () => {
      const select = sql`select key from bot_state where key = any(${jsonList(['webchat/conversations/7/', 'webchat/conversations/8/'])})`;
      const result = await t.store.db.execute(sql.raw(`explain ${inlined(select)}`));
      const plan = (result as unknown as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).to.match(/Index (Only )?Scan/);
      expect(plan).to.not.match(/Seq Scan on bot_state/);
      const rows = await t.store.db.execute(select);
      expect((rows as unknown as { rows: unknown[] }).rows).to.have.length(2);
    });
  });
}
