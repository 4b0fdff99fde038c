import type { Storage, StoreItems } from 'botbuilder';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { botState } from '../store/schema';
import { jsonArray } from '../store/bulk';
import { currentTurnScope, Shape, writeWithTurn, type NamedRead } from '../store/turn-scope';

/** The turn's named read of its state rows (src/store/turn-scope.ts). */
const TURN_STATE = 'bot_state';

const SELECT_STATE = new Shape((v) => sql`select ${botState.key} as key, ${botState.value} as value, ${botState.etag} as etag
  from ${botState} where ${botState.key} = any(${jsonArray(sql`${v('keys')}`)})`);

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

  /** The state rows of `keys`, read with a turn's lock (src/store/turn-lock.ts): `read` then answers from them. */
  lockedRead(keys: string[]): NamedRead {
    return { name: TURN_STATE, statement: SELECT_STATE.with({ keys: JSON.stringify(keys) }), covers: keys };
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const locked = currentTurnScope()?.keyed(TURN_STATE, keys);
    const rows = locked && locked.missing.length === 0 ? locked.rows : (await this.db.select().from(botState).where(inArray(botState.key, keys)));
    const items: StoreItems = {};
    for (const row of rows) items[row.key as string] = { ...(row.value as object), eTag: String(row.etag) };
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
