import type { Storage, StoreItems } from 'botbuilder';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { botState } from '../store/schema';
import { currentTurnScope, Shape, writeWithTurn } from '../store/turn-scope';

/** A state row written whatever its etag (the last writer wins; the turn lock keeps writers apart). */
const UPSERT = new Shape((v) => sql`
  INSERT INTO ${botState} (key, value, etag) VALUES (${v('key')}, ${v('value')}::jsonb, 1)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = ${botState}.etag + 1, updated_at = now()`);

/**
 * botbuilder `Storage` on PostgreSQL: any instance can take a conversation's next turn
 * and a restart loses nothing. Etags give optimistic concurrency, as botbuilder expects:
 * a write with a stale etag fails instead of overwriting another instance's turn.
 */
export class PostgresStorage implements Storage {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    // Read already, with the turn's lock (src/store/turn-lock.ts).
    const rows = currentTurnScope()?.stateRows(keys) ?? (await this.db.select().from(botState).where(inArray(botState.key, keys)));
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...(row.value as object), eTag: String(row.etag) };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
      if (eTag === undefined || eTag === '*' || eTag === '') {
        // With the turn's other writes, when the turn runs in a scope (botbuilder's saveChanges writes '*').
        await writeWithTurn(this.db, { statement: () => UPSERT.with({ key, value: JSON.stringify(value) }) });
        continue;
      }
      const expected = Number(eTag);
      const updated = await this.db
        .update(botState)
        .set({ value, etag: sql`${botState.etag} + 1`, updatedAt: new Date() })
        .where(sql`${botState.key} = ${key} AND ${botState.etag} = ${expected}`)
        .returning({ key: botState.key });
      if (updated.length === 0) {
        // A first write from a fresh state object carries no row yet: insert it.
        const inserted = await this.db.insert(botState).values({ key, value, etag: 1 }).onConflictDoNothing().returning({ key: botState.key });
        if (inserted.length === 0) throw new Error(`Storage: etag conflict on ${key}`);
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.db.delete(botState).where(eq(botState.key, key));
  }
}

/** A field of a state row's value, as an SQL expression (text): `stateField(key, ['wismo', 'linkedOrderId'])`. */
export function stateField(stateKey: unknown, path: string[]): SQL {
  return sql`(select ${botState.value} #>> ${`{${path.join(',')}}`} from ${botState} where ${botState.key} = ${stateKey})`;
}
