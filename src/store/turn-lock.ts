import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { inArray, sql } from 'drizzle-orm';
import { botState } from './schema';
import { inTurnScope, inlined, literal, TurnScope, type LeadingWrite, type NamedRead, type StateRow } from './turn-scope';

/**
 * Turns of one conversation, one at a time across every instance that shares the database:
 * each channel already serialises a conversation's turns inside its own process; this lock
 * covers two instances behind a load balancer (a provider's retry, or two quick messages,
 * landing on different instances), so the conversation's state is never read by one turn
 * while another is between its read and its write.
 *
 * It is also the turn's unit of work (src/store/turn-scope.ts): the state rows named in
 * `stateKeys` are read with the lock, and what the stores write during the turn is sent in one
 * round trip, in one transaction, when the turn ends.
 */
export interface TurnLock {
  hold<T>(key: string, task: () => Promise<T>, options?: TurnReads): Promise<T>;
  close(): Promise<void>;
}

/** What a turn's first round trip does besides taking the lock. */
export interface TurnReads {
  /** botbuilder state rows read with the lock (PostgresStorage then answers from them). */
  stateKeys?: string[];
  /** A write that comes first and stays even if the turn fails: the shopper's message. */
  first?: LeadingWrite;
  /** Reads the turn's stores will answer from (TurnScope.read). */
  more?: NamedRead[];
}

/** No lock and no unit of work: every store writes at once (tests, and the engine used on its own). */
export const inProcessTurnLock: TurnLock = {
  hold: async (_key, task, options) => {
    await options?.first?.now();
    return task();
  },
  close: async () => undefined,
};

export interface TurnLockLogger {
  warn(obj: object, msg: string): void;
}

/** How long a turn waits for another instance's turn of the same conversation before it runs anyway. */
const LOCK_WAIT_MS = 15_000;
/** Connections kept for turns, apart from the queries' pool so a waiting lock never starves a turn's lookups. */
const LOCK_CONNECTIONS = 16;
/** Set before a turn's writes when the transaction holds the shopper's message too. */
const SAVEPOINT = 'turn_writes';

/** Reads botbuilder state rows (written into the turn's first round trip). */
function stateRead(keys: string[]): string {
  return inlined(sql`SELECT key, value, etag FROM ${botState} WHERE ${inArray(botState.key, keys)}`);
}

/**
 * On PostgreSQL a turn is a transaction on a connection of its own, in two round trips:
 * `BEGIN`, a transaction-level advisory lock on the conversation and the state read; then the
 * turn's writes and `COMMIT`, which also lets the lock go. A process that dies mid-turn loses
 * its connection, and PostgreSQL rolls back and releases the lock with it. When the lock cannot
 * be had (the wait passed, the database is unreachable) the turn still runs, without a unit of
 * work and with a warning: a message is never dropped for want of a lock.
 */
export class PostgresTurnLock implements TurnLock {
  private readonly pool: pg.Pool;

  constructor(url: string, private readonly namespace: string, private readonly logger?: TurnLockLogger) {
    this.pool = new pg.Pool({ connectionString: url, max: LOCK_CONNECTIONS, options: `-c lock_timeout=${LOCK_WAIT_MS} -c search_path=${namespace}` });
    this.pool.on('error', () => { /* a dropped idle client is replaced by the pool */ });
  }

  async hold<T>(key: string, task: () => Promise<T>, reads: TurnReads = {}): Promise<T> {
    const { first } = reads;
    const begun = await this.begin(`turn:${this.namespace}:${key}`, reads);
    if (!begun) {
      await first?.now();
      return task();
    }
    const { client, scope } = begun;
    let result: T;
    try {
      result = await inTurnScope(scope, task);
    } catch (err) {
      scope.discard();
      // The shopper's message stays; nothing else of the failed turn is written.
      await this.end(client, first ? 'COMMIT' : undefined);
      throw err;
    }
    await this.commit(client, scope, first !== undefined);
    return result;
  }

  private async begin(lockKey: string, { stateKeys = [], first, more = [] }: TurnReads): Promise<{ client: pg.PoolClient; scope: TurnScope } | undefined> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // A connection lost while held (database restart) must not crash the process: the commit then fails and discards it.
      client.on('error', ignore);
      // After the lock, so each statement sees what the conversation's previous turn committed.
      const statements = ['BEGIN', `SELECT pg_advisory_xact_lock(hashtext(${literal(lockKey)}))`];
      if (first) statements.push(inlined(first.statement()));
      if (stateKeys.length > 0) statements.push(stateRead(stateKeys));
      statements.push(...more.map((r) => inlined(r.statement)));
      const results = resultsOf(await client.query(statements.join(';\n')));
      let next = 2;
      if (first) first.written(results[next++].rows);
      const state = new Map<string, StateRow | null>(stateKeys.map((k) => [k, null]));
      if (stateKeys.length > 0) {
        for (const row of results[next++].rows) state.set(row.key as string, { key: row.key as string, value: row.value, etag: Number(row.etag) });
      }
      const named = new Map(more.map((r) => [r.name, { rows: results[next++].rows, covers: r.covers ?? [] }]));
      return { client, scope: new TurnScope(state, named) };
    } catch (err) {
      if (client) release(client, true);
      this.logger?.warn({ err: (err as Error).message }, 'turn lock not taken: the turn runs without it');
      return undefined;
    }
  }

  /**
   * The turn's writes and the commit, in one round trip. When they fail, the turn fails with them;
   * a savepoint keeps the shopper's message, committed in one more round trip.
   */
  private async commit(client: pg.PoolClient, scope: TurnScope, keepsFirst: boolean): Promise<void> {
    const writes = scope.close();
    const guarded = keepsFirst && writes.length > 0;
    let results: pg.QueryResult[];
    try {
      results = resultsOf(await client.query([...(guarded ? [`SAVEPOINT ${SAVEPOINT}`] : []), ...writes.map((w) => w.text), 'COMMIT'].join(';\n')));
    } catch (err) {
      if (guarded) await this.end(client, `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; COMMIT`);
      else release(client, true);
      // Nothing was to be written: the turn is whole, only its lock connection is gone.
      if (writes.length > 0 || keepsFirst) throw err;
      return;
    }
    release(client, false);
    const offset = guarded ? 1 : 0;
    writes.forEach((w, i) => w.write.written?.(results[i + offset].rows));
  }

  /** Ends the transaction with `statements`, or by closing the connection (a rollback, in no round trip). */
  private async end(client: pg.PoolClient, statements?: string): Promise<void> {
    if (!statements) return release(client, true);
    try {
      await client.query(statements);
      release(client, false);
    } catch {
      release(client, true);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * PGlite is one process's own database: no lock, but the turn's writes still go together, in
 * one call and one implicit transaction, when the turn ends.
 */
export class PgliteTurnLock implements TurnLock {
  constructor(private readonly client: PGlite) {}

  async hold<T>(_key: string, task: () => Promise<T>, options?: TurnReads): Promise<T> {
    await options?.first?.now();
    const scope = new TurnScope();
    let result: T;
    try {
      result = await inTurnScope(scope, task);
    } catch (err) {
      scope.discard();
      throw err;
    }
    const writes = scope.close();
    if (writes.length === 0) return result;
    const results = await this.client.exec(writes.map((w) => w.text).join(';\n'));
    writes.forEach((w, i) => w.write.written?.(results[i].rows as Record<string, unknown>[]));
    return result;
  }

  async close(): Promise<void> {}
}

/** node-postgres answers a query of several statements with one result each, and a single statement with one result. */
function resultsOf(answer: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
  return Array.isArray(answer) ? answer : [answer];
}

function ignore(): void {
  /* see begin() */
}

function release(client: pg.PoolClient, discard: boolean): void {
  client.removeListener('error', ignore);
  client.release(discard);
}
