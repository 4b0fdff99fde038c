import { expect } from 'chai';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { openStore, type Store } from '../../src/store/db';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { tempDir } from '../helpers/db';

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

describe('store: PGlite on a worker thread (PGLITE_THREAD=worker)', function () {
  this.timeout(60_000);
  let store: Store;
  before(async () => {
    store = await openStore({ url: `pglite://${tempDir()}/db`, dataDir: tempDir(), pgliteThread: true });
    await store.db.execute(sql`create table thread_probe (id int primary key, at timestamptz, doc jsonb)`);
  });
  after(() => store?.close());

  it('answers as PGlite does: migrations applied, value types, drizzle\'s timestamps as text', async () => {
    const [row] = rowsOf(await store.db.execute(sql`select count(*)::int as n, 5::int8 as big, '{"a":[1]}'::jsonb as doc, timestamptz '2026-01-02 03:04:05+00' as at from orders`));
    expect(row).to.deep.equal({ n: 0, big: 5, doc: { a: [1] }, at: '2026-01-02 03:04:05+00' });
  });

  it('commits a transaction, and rolls back one that throws', async () => {
    await store.db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_probe (id) values (1)`);
    });
    const failed = store.db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_probe (id) values (2)`);
      throw new Error('the work failed');
    });
    await failed.then(() => expect.fail('should reject'), (err: Error) => expect(err.message).to.equal('the work failed'));
    expect(rowsOf(await store.db.execute(sql`select id from thread_probe order by id`))).to.deep.equal([{ id: 1 }]);
  });

  it('carries PostgreSQL\'s error fields across (a unique violation is 23505)', async () => {
    const err = await store.db.execute(sql`insert into thread_probe (id) values (1)`).then(() => undefined, (e: unknown) => e as { code?: string; message: string; cause?: { code?: string } });
    expect(err).to.not.equal(undefined);
    // drizzle wraps the driver's error as its cause.
    expect(err!.code ?? err!.cause?.code).to.equal('23505');
  });

  it('brings the database\'s notifications to the listeners', async () => {
    const heard = new Promise<string>((resolve) => store.signals.listen('cases', resolve));
    await store.db.execute(sql`select pg_notify('wismo_cases', 'public case-1')`);
    expect(await heard).to.equal('case-1');
  });

  it('serves a whole conversation turn through the app', async () => {
    const SECRET = 'thread-test-secret-0123456789';
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DATABASE_URL: 'pglite://memory', PGLITE_THREAD: 'worker',
      ADMIN_API_KEY: 'thread-test-admin-key-0123456789', DIRECTLINE_SECRET: SECRET, SEED_DEMO: 'never', HANDOFF_LATE_DAYS: '3650',
    });
    const app = await buildWismo({ config, logger: createLogger('silent') });
    try {
      await seedDemoShop(app.orders);
      const started = await request(app.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
      const { conversationId, token } = started.body as { conversationId: string; token: string };
      const say = (text: string) => request(app.app).post(`/v3/directline/conversations/${conversationId}/activities`)
        .set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'thread-user' }, text }).expect(200);
      await say('where is my order 1001?');
      await say('ana@example.com');
      const read = await request(app.app).get(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`).expect(200);
      const replies = (read.body.activities as { from: { id: string }; text?: string; channelData?: { wismo?: { orderId?: string; handoff?: boolean } } }[])
        .filter((a) => a.from.id !== 'thread-user');
      const last = replies.at(-1)!;
      expect(last.channelData?.wismo, JSON.stringify(last)).to.include({ orderId: '1001', handoff: false });
      expect(last.text).to.include('1Z999AA10123456784');
    } finally {
      await app.close();
    }
  });
});
