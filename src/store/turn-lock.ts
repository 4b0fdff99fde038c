import pg from 'pg';

/**
 * Turns of one conversation, one at a time across every instance that shares the database:
 * each channel already serialises a conversation's turns inside its own process; this lock
 * covers two instances behind a load balancer (a provider's retry, or two quick messages,
 * landing on different instances), so the conversation's state is never read by one turn
 * while another is between its read and its write.
 */
export interface TurnLock {
  hold<T>(key: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One process owns the embedded database: the channels' in-process serialisation is the whole story. */
export const inProcessTurnLock: TurnLock = {
  hold: (_key, task) => task(),
  close: async () => undefined,
};

export interface TurnLockLogger {
  warn(obj: object, msg: string): void;
}

/** How long a turn waits for another instance's turn of the same conversation before it runs anyway. */
const LOCK_WAIT_MS = 15_000;
/** Connections kept for held locks, apart from the queries' pool so a waiting lock never starves a turn. */
const LOCK_CONNECTIONS = 16;

/**
 * A session-level PostgreSQL advisory lock per conversation, on connections of its own. A
 * process that dies mid-turn loses its connection, and PostgreSQL releases the lock with it.
 * When the lock cannot be had (the wait passed, the database is unreachable) the turn still
 * runs, with a warning: a message is never dropped for want of a lock.
 */
export class PostgresTurnLock implements TurnLock {
  private readonly pool: pg.Pool;

  constructor(url: string, private readonly namespace: string, private readonly logger?: TurnLockLogger) {
    this.pool = new pg.Pool({ connectionString: url, max: LOCK_CONNECTIONS, options: `-c lock_timeout=${LOCK_WAIT_MS}` });
    this.pool.on('error', () => { /* a dropped idle client is replaced by the pool */ });
  }

  async hold<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lockKey = `turn:${this.namespace}:${key}`;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // A connection lost while held (database restart) must not crash the process: the unlock then fails and discards it.
      client.on('error', ignore);
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    } catch (err) {
      if (client) release(client, true);
      client = undefined;
      this.logger?.warn({ err: (err as Error).message }, 'turn lock not taken: the turn runs without it');
    }
    try {
      return await task();
    } finally {
      if (client) await this.unlock(client, lockKey);
    }
  }

  private async unlock(client: pg.PoolClient, lockKey: string): Promise<void> {
    try {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      release(client, false);
    } catch {
      // Closing the connection releases whatever it held.
      release(client, true);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function ignore(): void {
  /* see hold() */
}

function release(client: pg.PoolClient, discard: boolean): void {
  client.removeListener('error', ignore);
  client.release(discard);
}
