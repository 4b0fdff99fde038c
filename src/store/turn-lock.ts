import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { inTurnScope, inlined, literal, preparedCall, TurnDeclined, TurnScope, type DeferredWrite, type LeadingWrite, type NamedRead, type Statement } from './turn-scope';

/**
 * Turns of one conversation, one at a time across every instance that shares the database:
 * each channel already serialises a conversation's turns inside its own process; this lock
 * covers two instances behind a load balancer (a provider's retry, or two quick messages,
 * landing on different instances), so the conversation's state is never read by one turn
 * while another is between its read and its write.
 *
 * It is also the turn's unit of work (src/store/turn-scope.ts): the reads the turn names (its
 * state, its linked order...) are made with the lock, and what the stores write during the turn
 * is sent in one round trip, in one transaction, when the turn ends.
 */
export interface TurnLock {
  hold<T>(key: string, task: () => Promise<T>, options?: TurnReads): Promise<T>;
  close(): Promise<void>;
}

/** What a turn's first round trip does besides taking the lock. */
export interface TurnReads {
  /** A write that comes first and stays even if the turn fails: the shopper's message. */
  first?: LeadingWrite;
  /** Reads the turn's stores will answer from (TurnScope.read). */
  more?: NamedRead[];
}

/** No lock and no unit of work: every store writes at once (tests, and the engine used on its own). */
export const inProcessTurnLock: TurnLock = {
  hold: async (_key, task, options) => {
    await options?.first?.now();
    if (options?.first?.declined) throw new TurnDeclined();
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

/** The statements each lock connection has prepared (they last as long as the connection). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/**
 * Statements sent as one query (the simple protocol: one round trip, no parameters). Our SQL
 * goes as `EXECUTE` of a statement the connection prepared, prepared in the same query the first
 * time. A statement prepared stays even when its transaction fails: a connection whose query
 * failed is therefore closed, never reused with names it may or may not hold.
 */
class RoundTrip {
  private readonly parts: string[] = [];
  private readonly preparing: string[] = [];

  constructor(private readonly client: pg.PoolClient) {}

  /** Adds one statement; answers the index of its result. */
  add(statement: string | Statement): number {
    if (typeof statement === 'string') return this.parts.push(statement) - 1;
    const prepared = preparedOn.get(this.client);
    const call = preparedCall(statement);
    if (!prepared?.has(call.name) && !this.preparing.includes(call.name)) {
      this.parts.push(call.prepare);
      this.preparing.push(call.name);
    }
    return this.parts.push(call.execute) - 1;
  }

  async send(): Promise<pg.QueryResult[]> {
    const results = resultsOf(await this.client.query(this.parts.join(';\n')));
    const prepared = preparedOn.get(this.client) ?? new Set<string>();
    for (const name of this.preparing) prepared.add(name);
    preparedOn.set(this.client, prepared);
    return results;
  }
}

/**
 * On PostgreSQL a turn is a transaction on a connection of its own, in two round trips:
 * `BEGIN`, a transaction-level advisory lock on the conversation and the turn's reads; then the
 * turn's writes and `COMMIT`, which also lets the lock go. A process that dies mid-turn loses
 * its connection, and PostgreSQL rolls back and releases the lock with it. When the lock cannot
 * be had (the wait passed, the database is unreachable) the turn still runs, without a unit of
 * work and with a warning: a message is never dropped for want of a lock.
 */
export class PostgresTurnLock implements TurnLock {
  private readonly pool: pg.Pool;

  constructor(url: string, private readonly namespace: string, private readonly logger?: TurnLockLogger) {
    // No JIT: a turn's statements touch a few rows, but the planner's guesses for JSON lists (100 rows each) can push
    // their estimated cost past jit_above_cost, and compiling then takes hundreds of milliseconds per execution.
    this.pool = new pg.Pool({ connectionString: url, max: LOCK_CONNECTIONS, options: `-c lock_timeout=${LOCK_WAIT_MS} -c search_path=${namespace} -c jit=off` });
    this.pool.on('error', () => { /* a dropped idle client is replaced by the pool */ });
  }

  async hold<T>(key: string, task: () => Promise<T>, reads: TurnReads = {}): Promise<T> {
    const { first } = reads;
    const begun = await this.begin(`turn:${this.namespace}:${key}`, reads);
    if (!begun) {
      await first?.now();
      if (first?.declined) throw new TurnDeclined();
      return task();
    }
    const { client, scope } = begun;
    if (first?.declined) {
      // Nothing was written: the reads are let go with the lock.
      await this.end(client, 'ROLLBACK');
      throw new TurnDeclined();
    }
    let result: T;
    try {
      result = await inTurnScope(scope, task);
    } catch (err) {
      // The shopper's message and the kept writes stay; nothing else of the failed turn is written.
      const kept = scope.discard();
      const ended = await this.end(client, first || kept.length > 0 ? keptThenCommit(kept) : undefined);
      if (!ended) await writeAlone(kept);
      throw err;
    }
    await this.commit(client, scope, first !== undefined);
    return result;
  }

  private async begin(lockKey: string, reads: TurnReads): Promise<{ client: pg.PoolClient; scope: TurnScope } | undefined> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // A connection lost while held (database restart) must not crash the process: the commit then fails and discards it.
      client.on('error', ignore);
      // After the lock, so each statement sees what the conversation's previous turn committed.
      const trip = new RoundTrip(client);
      trip.add('BEGIN');
      trip.add(`SELECT pg_advisory_xact_lock(hashtext(${literal(lockKey)}))`);
      const scopeFrom = addReads((statement) => trip.add(statement), reads);
      return { client, scope: scopeFrom(await trip.send()) };
    } catch (err) {
      if (client) release(client, true);
      this.logger?.warn({ err: (err as Error).message }, 'turn lock not taken: the turn runs without it');
      return undefined;
    }
  }

  /**
   * The turn's writes and the commit, in one round trip. When they fail, the turn fails with them;
   * a savepoint keeps the shopper's message, committed in one more round trip with the kept
   * writes written again (as literals: what the failed query prepared is unknown).
   */
  private async commit(client: pg.PoolClient, scope: TurnScope, keepsFirst: boolean): Promise<void> {
    const writes = scope.close();
    const kept = writes.filter((w) => w.write.keep);
    const guarded = (keepsFirst || kept.length > 0) && writes.length > 0;
    const trip = new RoundTrip(client);
    if (guarded) trip.add(`SAVEPOINT ${SAVEPOINT}`);
    const at = writes.map((w) => trip.add(w.statement));
    trip.add('COMMIT');
    let results: pg.QueryResult[];
    try {
      results = await trip.send();
    } catch (err) {
      if (!guarded) release(client, true);
      else if (!(await this.end(client, `ROLLBACK TO SAVEPOINT ${SAVEPOINT};\n${keptThenCommit(kept)}`, false))) await writeAlone(kept);
      // Nothing was to be written: the turn is whole, only its lock connection is gone.
      if (writes.length > 0 || keepsFirst) throw err;
      return;
    }
    release(client, false);
    await Promise.all(writes.map((w, i) => w.write.written?.(results[at[i]].rows)));
  }

  /**
   * Ends the transaction with `statements`, or by closing the connection (a rollback, in no round
   * trip); answers whether the statements were committed. `reuse`: whether the connection may
   * serve again afterwards (not after a query of ours failed on it: which statements it prepared
   * is then unknown).
   */
  private async end(client: pg.PoolClient, statements?: string, reuse = true): Promise<boolean> {
    if (!statements) {
      release(client, true);
      return true;
    }
    try {
      await client.query(statements);
      release(client, !reuse);
      return true;
    } catch {
      release(client, true);
      return false;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * The turn's first statements after the lock: the shopper's message stored, then the named reads;
 * `add` places each in the round trip and answers the index of its result. The function returned
 * makes the turn's scope from the round trip's results.
 */
function addReads(add: (statement: Statement) => number, { first, more = [] }: TurnReads): (results: { rows: Record<string, unknown>[] }[]) => TurnScope {
  const stored = first ? add(first.statement()) : -1;
  const readsAt = more.map((r) => add(r.statement));
  return (results) => {
    if (first) first.written(results[stored].rows);
    return new TurnScope(new Map(more.map((r, i) => {
      const rows = results[readsAt[i]].rows;
      // A key that came back as a row was read, whatever `covers` says.
      return [r.name, { rows, covers: [...(r.covers ?? []), ...rows.flatMap((row) => (typeof row.key === 'string' ? [row.key] : []))] }];
    })));
  };
}

/**
 * PGlite is one process's own database: no lock, but the turn still takes two calls into it:
 * the shopper's message, the state and the named reads in one (one implicit transaction: the
 * message stays whatever the turn does), and the turn's writes in another when it ends.
 */
export class PgliteTurnLock implements TurnLock {
  constructor(private readonly client: PGlite) {}

  async hold<T>(_key: string, task: () => Promise<T>, reads: TurnReads = {}): Promise<T> {
    const statements: string[] = [];
    const scopeFrom = addReads((statement) => statements.push(inlined(statement)) - 1, reads);
    const scope = statements.length > 0 ? scopeFrom(await this.client.exec(statements.join(';\n')) as { rows: Record<string, unknown>[] }[]) : new TurnScope();
    if (reads.first?.declined) throw new TurnDeclined();
    let result: T;
    try {
      result = await inTurnScope(scope, task);
    } catch (err) {
      await this.writeKept(scope.discard());
      throw err;
    }
    const writes = scope.close();
    if (writes.length === 0) return result;
    let results: Awaited<ReturnType<PGlite['exec']>>;
    try {
      // One call of several statements is one implicit transaction: all of them, or none.
      results = await this.client.exec(writes.map((w) => inlined(w.statement)).join(';\n'));
    } catch (err) {
      await this.writeKept(writes.filter((w) => w.write.keep));
      throw err;
    }
    await Promise.all(writes.map((w, i) => w.write.written?.(results[i].rows as Record<string, unknown>[])));
    return result;
  }

  /** A failed turn's kept writes, without its other writes. */
  private async writeKept(kept: { statement: Statement; write: DeferredWrite }[]): Promise<void> {
    if (kept.length === 0) return;
    await this.client.exec(kept.map((k) => inlined(k.statement)).join(';\n')).catch(() => writeAlone(kept));
  }

  async close(): Promise<void> {}
}

/** node-postgres answers a query of several statements with one result each, and a single statement with one result. */
function resultsOf(answer: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
  return Array.isArray(answer) ? answer : [answer];
}

/**
 * A failed turn's kept writes and the commit, as one query: their values written in as literals
 * (what a failed query prepared on the connection is unknown).
 */
function keptThenCommit(kept: { statement: Statement }[]): string {
  return [...kept.map((k) => inlined(k.statement)), 'COMMIT'].join(';\n');
}

/**
 * Kept writes the turn's connection could not write, each on its own (when they fail too, the
 * turn's own error is the one told).
 */
async function writeAlone(kept: { write: DeferredWrite }[]): Promise<void> {
  await Promise.all(kept.map((k) => k.write.keep?.().catch(() => undefined)));
}

function ignore(): void {
  /* see begin() */
}

function release(client: pg.PoolClient, discard: boolean): void {
  client.removeListener('error', ignore);
  client.release(discard);
}
