import fs from 'node:fs';
import path from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOnThread } from './pglite-thread';
import { isPostgresUrl, pgliteAssets } from './pglite-assets';
import pg from 'pg';
import * as schema from './schema';
import { PgliteTurnLock, PostgresTurnLock, type TurnLock, type TurnLockLogger } from './turn-lock';
import { pgliteSignals, PostgresSignals, type Signals } from './signals';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Store {
  db: Db;
  /** 'postgres' (node-postgres), 'pglite' (file) or 'pglite-memory'. */
  kind: 'postgres' | 'pglite' | 'pglite-memory';
  /** The schema the tables live in. */
  schemaName: string;
  ping(): Promise<void>;
  /** What the database's triggers announce (stored activities, cases, transcript messages), see signals.ts. */
  signals: Signals;
  /** Serialises a conversation's turns across instances, and is the turn's unit of work (see turn-lock.ts). */
  turnLock(logger?: TurnLockLogger): TurnLock;
  /** node-postgres pool use, for the operations metrics; absent on PGlite (one in-process connection, no pool). */
  poolUse?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://..., pglite://memory, pglite://<folder>, or undefined for DATA_DIR/pglite. */
  url?: string;
  dataDir: string;
  /** A PostgreSQL schema to create and use (tests use one per run). */
  schemaName?: string;
  /** node-postgres pool size. */
  poolSize?: number;
  /** PGlite on a worker thread of its own instead of the event loop (PGLITE_THREAD=worker). */
  pgliteThread?: boolean;
}

export const migrationsFolder = path.resolve(__dirname, 'migrations');

/** Opens the store and applies every pending migration. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const schemaName = options.schemaName ?? 'public';
  const url = options.url;
  if (url && isPostgresUrl(url)) return openPostgres(url, schemaName, options.poolSize ?? 10);
  const memory = url === 'pglite://memory';
  const folder = memory ? undefined : url?.startsWith('pglite://') ? url.slice('pglite://'.length) : path.join(options.dataDir, 'pglite');
  return openPglite(folder, schemaName, options.pgliteThread ?? false);
}

async function openPostgres(url: string, schemaName: string, poolSize: number): Promise<Store> {
  // Every pooled connection works in the chosen schema.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schemaName}` });
  pool.on('error', () => { /* a dropped idle client is replaced by the pool */ });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"`);
  const db = drizzlePg(pool, { schema });
  await migratePg(db, { migrationsFolder, migrationsSchema: schemaName });
  const locks: PostgresTurnLock[] = [];
  const signals = new PostgresSignals(url, schemaName);
  await signals.start();
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    schemaName,
    signals,
    ping: async () => { await pool.query('SELECT 1'); },
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    turnLock: (logger) => {
      const lock = new PostgresTurnLock(url, schemaName, logger);
      locks.push(lock);
      return lock;
    },
    close: async () => {
      await Promise.allSettled([...locks.map((l) => l.close()), signals.close()]);
      await pool.end();
    },
  };
}

async function openPglite(folder: string | undefined, schemaName: string, onThread: boolean): Promise<Store> {
  if (folder) fs.mkdirSync(folder, { recursive: true });
  const assets = onThread ? undefined : await pgliteAssets();
  const client = onThread ? await pgliteOnThread(folder) : folder ? new PGlite(folder, { ...assets }) : new PGlite({ ...assets });
  await client.waitReady;
  await client.exec(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"; SET search_path TO "${schemaName}";`);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder, migrationsSchema: schemaName });
  const signals = await pgliteSignals(client, schemaName);
  return {
    db: db as unknown as Db,
    kind: folder ? 'pglite' : 'pglite-memory',
    schemaName,
    signals,
    ping: async () => { await db.execute(sql`SELECT 1`); },
    turnLock: () => new PgliteTurnLock(client),
    close: async () => {
      await signals.close();
      await client.close();
    },
  };
}

/** Drops a schema and everything in it (tests clean up their per-run schema). */
export async function dropSchema(url: string, schemaName: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schemaName}" CASCADE`);
  } finally {
    await client.end();
  }
}
