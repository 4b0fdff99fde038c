import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import IORedis from 'ioredis';
import { dropSchema, openStore, type Store } from '../../src/store/db';

/**
 * Test stores and test servers.
 *
 *   let t: TestStore;
 *   before(async function () { t = await openTestStore(); });   // one per file: PGlite takes ~3 s to open
 *   after(() => t?.cleanup());
 *
 * Backend 'pglite' is an in-memory PGlite; 'postgres' is DATABASE_URL in a fresh random
 * schema (t_<random>) dropped by cleanup(), so parallel runs never see each other's rows.
 * Without an explicit backend, DATABASE_URL (postgres://) is used when set, else PGlite.
 */

export type Backend = 'pglite' | 'postgres';

export interface TestStore {
  store: Store;
  backend: Backend;
  /** The schema the tables live in ('public' for PGlite, t_<random> for PostgreSQL). */
  schemaName: string;
  /** Closes the store and, on PostgreSQL, drops the run's schema. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** DATABASE_URL when it names a PostgreSQL server. */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** A fresh schema name that the config schema accepts (lower-case SQL identifier). */
export function randomSchemaName(): string {
  return `t_${crypto.randomBytes(6).toString('hex')}`;
}

/** A temporary folder (DATA_DIR and PGlite folders); removed by the OS, or by the caller. */
export function tempDir(prefix = 'wismo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Opens a migrated test store; call `requireServer('postgres')` first for the 'postgres' backend. */
export async function openTestStore(backend: Backend = postgresUrl() ? 'postgres' : 'pglite'): Promise<TestStore> {
  if (backend === 'pglite') {
    const store = await openStore({ url: 'pglite://memory', dataDir: tempDir() });
    return { store, backend, schemaName: store.schemaName, cleanup: once(() => store.close()) };
  }
  const url = postgresUrl();
  if (!url) throw new Error('openTestStore("postgres") needs DATABASE_URL=postgres://...');
  const schemaName = randomSchemaName();
  const store = await openStore({ url, dataDir: tempDir(), schemaName, poolSize: 4 });
  return {
    store,
    backend,
    schemaName,
    cleanup: once(async () => {
      await store.close().catch(() => undefined);
      await dropSchema(url, schemaName);
    }),
  };
}

/** The backends a suite should run against: PGlite always, PostgreSQL too (skipped or failed by requireServer when unavailable). */
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/**
 * A mocha hook that makes a suite depend on a real server:
 *
 *   before(requireServer('postgres'));
 *
 * Outside CI, when the variable (DATABASE_URL / REDIS_URL) is unset or the server does not
 * answer, the suite is skipped with a loud warning. With CI set, it fails instead: a CI
 * run must never pass by silently skipping.
 */
export function requireServer(kind: 'postgres' | 'redis'): (this: Mocha.Context) => Promise<void> {
  return async function (this: Mocha.Context) {
    const reason = await serverProblem(kind);
    if (!reason) return;
    if (process.env.CI) throw new Error(`CI needs ${kind}: ${reason}`);
    console.warn(`\n  !!! SKIPPED (${kind}): ${reason}. Set ${kind === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'} to a running server to run these tests.\n`);
    this.skip();
  };
}

/** Why a server cannot be used, or undefined when it answers. */
export async function serverProblem(kind: 'postgres' | 'redis'): Promise<string | undefined> {
  if (kind === 'postgres') {
    const url = postgresUrl();
    if (!url) return 'DATABASE_URL is unset (or not postgres://)';
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (err) {
      return `PostgreSQL at DATABASE_URL does not answer (${(err as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const url = process.env.REDIS_URL;
  if (!url) return 'REDIS_URL is unset';
  const redis = new IORedis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    return `Redis at REDIS_URL does not answer (${(err as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** One statement on DATABASE_URL, on a connection of its own (tests that look at another process's rows). */
export async function pgQuery<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
