import DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Many values as one statement parameter (JSON), for batch work: `id = any(${jsonList(ids)})` or
 * `from ${jsonRows(rows, 'order_id text, kind text')}`. One parameter whatever the count, on
 * PostgreSQL and PGlite alike (drizzle would spread an array into one parameter per element).
 */
export function jsonList(values: readonly string[]): SQL {
  return jsonArray(sql`${JSON.stringify(values)}`);
}

/**
 * A JSON list parameter as a text array, for `column = any(...)`: the planner then looks the
 * values up in the column's index. (`column in (select json_array_elements_text(...))` is planned
 * as a semi-join that reads the whole table: 100 times slower on 20,000 rows.)
 */
export function jsonArray(json: SQL): SQL {
  return sql`array(select json_array_elements_text(${json}::json))`;
}

/** Rows of objects as a table `v` with the given column definitions (snake_case keys). */
export function jsonRows(rows: readonly Record<string, unknown>[], columns: string): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as v(${sql.raw(columns)})`;
}

/**
 * Calls joined into one `run` of at most `max` (a DataLoader without its cache): concurrent sends
 * each reading a contact or logging a message cost one statement between them, not one each.
 * At most `parallel` runs go at once and calls made meanwhile wait for the next (group commit):
 * an idle store answers at once, a busy one gets fewer, larger statements. `run` answers in the
 * order it was given.
 */
export function coalesced<K, V>(run: (keys: readonly K[]) => Promise<V[]>, max = 500, parallel = 2): (key: K) => Promise<V> {
  let free = parallel;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  const loader = new DataLoader<K, V>(async (keys) => {
    try {
      return await run(keys);
    } finally {
      release();
    }
  }, {
    cache: false,
    maxBatchSize: max,
    batchScheduleFn: (dispatch) => {
      if (free > 0) {
        free -= 1;
        setImmediate(dispatch);
      } else {
        waiting.push(() => setImmediate(dispatch));
      }
    },
  });
  return (key) => loader.load(key);
}

/**
 * `insert into table (columns) select ... from` the rows as one JSON parameter, `on conflict do
 * nothing`: for batches, where drizzle's per-value parameters cost more than the database's work.
 * `columns` maps each snake_case column (the rows' keys) to its SQL type.
 */
export function insertJsonRows(table: PgTable, rows: readonly Record<string, unknown>[], columns: Record<string, string>, returning?: string): SQL {
  const names = Object.keys(columns).join(', ');
  const types = Object.entries(columns).map(([name, type]) => `${name} ${type}`).join(', ');
  return sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from ${jsonRows(rows, types)} on conflict do nothing${returning ? sql.raw(` returning ${returning}`) : sql``}`;
}
