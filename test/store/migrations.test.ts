import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrationsFolder, openStore, type Store } from '../../src/store/db';
import * as schema from '../../src/store/schema';
import { openTestStore, requireServer, tempDir, type TestStore } from '../helpers/db';

/** Every table declared in src/store/schema.ts. */
const declaredTables = Object.values(schema).filter((v) => is(v, PgTable)).map((t) => getTableName(t as PgTable)).sort();
/** Migration files listed in drizzle's journal. */
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };

/** Rows of a raw query (both drivers answer { rows }). */
async function rows<T>(store: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Tables in the store's schema, besides drizzle's own bookkeeping table. */
async function tablesIn(store: Store): Promise<string[]> {
  const res = await rows<{ table_name: string }>(store, sql`SELECT table_name FROM information_schema.tables WHERE table_schema = ${store.schemaName} AND table_type = 'BASE TABLE'`);
  return res.map((r) => r.table_name).filter((n) => n !== '__drizzle_migrations').sort();
}

async function appliedMigrations(store: Store): Promise<number> {
  const [row] = await rows<{ n: number }>(store, sql.raw(`SELECT count(*)::int AS n FROM "${store.schemaName}"."__drizzle_migrations"`));
  return Number(row.n);
}

describe('store: migrations', () => {
  it('are schema-neutral: no SQL names the public schema (deployments share a database in separate schemas)', () => {
    for (const { tag } of journal.entries) {
      const text = fs.readFileSync(path.join(migrationsFolder, `${tag}.sql`), 'utf8');
      expect(text, tag).not.to.match(/"public"\./);
    }
  });

  describe('on PGlite in memory', () => {
    let t: TestStore;
    before(async () => { t = await openTestStore('pglite'); });
    after(() => t?.cleanup());

    it('creates every table of src/store/schema.ts', async () => {
      expect(t.store.kind).to.equal('pglite-memory');
      expect(await tablesIn(t.store)).to.deep.equal(declaredTables);
    });

    it('records each migration once; running them again changes nothing', async () => {
      expect(await appliedMigrations(t.store)).to.equal(journal.entries.length);
      await migratePglite(t.store.db as unknown as PgliteDatabase<typeof schema>, { migrationsFolder, migrationsSchema: t.store.schemaName });
      expect(await appliedMigrations(t.store)).to.equal(journal.entries.length);
      expect(await tablesIn(t.store)).to.deep.equal(declaredTables);
    });
  });

  describe('on PGlite in a folder', () => {
    it('creates DATA_DIR/pglite by default, and a reopened store keeps its data and migrations', async () => {
      const dataDir = tempDir();
      const first = await openStore({ dataDir });
      try {
        expect(first.kind).to.equal('pglite');
        expect(fs.existsSync(path.join(dataDir, 'pglite'))).to.equal(true);
        await first.db.insert(schema.customers).values({ email: 'ana@example.com', name: 'Ana Lima' });
      } finally {
        await first.close();
      }

      const again = await openStore({ url: `pglite://${path.join(dataDir, 'pglite')}`, dataDir: tempDir() });
      try {
        const rows = await again.db.select().from(schema.customers);
        expect(rows.map((r) => r.email)).to.deep.equal(['ana@example.com']);
        expect(await appliedMigrations(again)).to.equal(journal.entries.length);
        expect(await tablesIn(again)).to.deep.equal(declaredTables);
      } finally {
        await again.close();
      }
    });
  });

  describe('on PostgreSQL (DATABASE_URL), in its own schema', () => {
    let t: TestStore;
    before(requireServer('postgres'));
    before(async () => { t = await openTestStore('postgres'); });
    after(() => t?.cleanup());

    it('creates every table in the run schema', async () => {
      expect(t.store.kind).to.equal('postgres');
      expect(t.schemaName).to.match(/^t_[0-9a-f]+$/);
      expect(await tablesIn(t.store)).to.deep.equal(declaredTables);
    });

    it('applies nothing when the store is opened again on the same schema', async () => {
      await t.store.db.insert(schema.customers).values({ email: 'ben@example.com', name: 'Ben Okafor' });
      const again = await openStore({ url: process.env.DATABASE_URL, dataDir: tempDir(), schemaName: t.schemaName, poolSize: 2 });
      try {
        expect(await appliedMigrations(again)).to.equal(journal.entries.length);
        expect((await again.db.select().from(schema.customers)).map((r) => r.email)).to.deep.equal(['ben@example.com']);
      } finally {
        await again.close();
      }
    });

    it('drops the run schema on cleanup', async () => {
      const other = await openTestStore('postgres');
      await other.cleanup();
      const [row] = await rows<{ n: number }>(t.store, sql`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = ${other.schemaName}`);
      expect(Number(row.n)).to.equal(0);
    });
  });
});
