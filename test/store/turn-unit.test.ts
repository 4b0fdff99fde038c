import { expect } from 'chai';
import request from 'supertest';
import pg from 'pg';
import { PGlite as PGliteClass, type PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { dropSchema } from '../../src/store/db';
import { PgliteTurnLock, PostgresTurnLock, type TurnReads } from '../../src/store/turn-lock';
import { currentTurnScope, inlined, literal, preparedCall, TurnScope, writeWithTurn } from '../../src/store/turn-scope';
import { ActivityStore } from '../../src/messaging/directline-log';
import { TranscriptStore } from '../../src/conversation/transcript';
import { PostgresStorage } from '../../src/bot/pg-storage';
import { DEFAULT_LIMITS, VerificationThrottle } from '../../src/linking/throttle';
import { openTestStore, pgQuery, postgresUrl, randomSchemaName, requireServer, tempDir, type TestStore } from '../helpers/db';

/** Every statement text node-postgres sends while `task` runs (a query of several statements is one round trip). */
async function roundTrips(task: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    seen.push(typeof config === 'string' ? config : config?.text ?? '');
    return query.apply(this, args);
  };
  try {
    await task();
  } finally {
    (pg.Client.prototype as unknown as { query: unknown }).query = query;
  }
  return seen;
}

/** The error a promise rejects with (it must reject). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * A wrong guess inside a turn that read its counters with the lock: the count goes with the
 * turn's writes, and outlives the turn's failure (`fails`), or a guesser could make every turn
 * fail after its guess and never be counted (contract §7). Answers the statements sent.
 */
async function guessInTurn(t: TestStore, hold: (key: string, task: () => Promise<void>, reads: TurnReads) => Promise<unknown>, conversation: string, fails: boolean): Promise<void> {
  const throttle = new VerificationThrottle(t.store.db, { ...DEFAULT_LIMITS, perConversation: 1 });
  const attempter = { conversation, identity: `${conversation}:user` };
  expect(await throttle.state(attempter)).to.equal('open');
  const counters = throttle.turnRead({ typedOrders: (v) => sql`select ${v('typed')}::text as typed_key, null::text as lookup_key, null::text as country`, details: () => [] })(attempter, [], { typed: '1001' }, { inCountries: false });
  const turn = hold(conversation, async () => {
    expect(await throttle.recordFailures(attempter, { orders: ['1001'], identities: [] }, 1), 'the attempter is now over its limit').to.equal(true);
    // The turn's own later reads see its count.
    expect(await throttle.state(attempter)).to.equal('attempter');
    if (fails) throw new Error('the answer failed');
  }, { more: [counters] });
  if (fails) expect((await rejection(turn)).message).to.equal('the answer failed');
  else await turn;
  expect(await throttle.state(attempter), 'the guess counted').to.equal('attempter');
  const [order] = rowsOf(await t.store.db.execute(sql`select points from rate_limits where key = 'verify:order:1001'`));
  expect(order?.points).to.be.greaterThan(0);
}

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/** The PGlite behind a test store. */
const pglite = (t: TestStore) => (t.store.db as unknown as { $client: PGlite }).$client;

const turnEntry = (text: string) => [{ direction: 'in' as const, text, at: new Date() }];

async function count(t: TestStore, table: string, where: string): Promise<number> {
  const result = await t.store.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`));
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

describe('store: a turn in two round trips (the turn lock as unit of work)', function () {
  this.timeout(60_000);

  describe('literals written into a statement', () => {
    it('quote what a shopper may type, and refuse what they cannot write', () => {
      expect(literal("O'Brien")).to.equal("'O''Brien'");
      expect(literal('back\\slash')).to.equal(" E'back\\\\slash'");
      expect(literal(-3)).to.equal('(-3)');
      expect(literal(true)).to.equal('TRUE');
      expect(literal(null)).to.equal('NULL');
      expect(literal(new Date('2026-01-02T03:04:05Z'))).to.equal("'2026-01-02T03:04:05.000Z'");
      expect(literal({ a: "it's" })).to.equal(`'{"a":"it''s"}'`);
      expect(() => literal(Number.NaN)).to.throw();
      expect(() => literal(['a'])).to.throw();
    });

    it('a statement is prepared once per shape: its values go to EXECUTE', () => {
      const one = preparedCall(sql`SELECT ${'a'}::text, ${1}::int`);
      const other = preparedCall(sql`SELECT ${"it's"}::text, ${-2}::int`);
      expect(other.name).to.equal(one.name);
      expect(one.prepare).to.equal(`PREPARE ${one.name} AS SELECT $1::text, $2::int`);
      expect(other.execute).to.equal(`EXECUTE ${one.name}('it''s', (-2))`);
      expect(preparedCall(sql`SELECT ${'a'}::text`).name).to.not.equal(one.name);
    });

    it('come back from the database exactly as given, whatever they hold', async () => {
      const t = await openTestStore('pglite');
      try {
        const hostile = ["O'Brien", "\\'; DROP TABLE orders; --", '$1 $$ $tag$ $2', 'back\\slash\\', 'line\nbreak\ttab', '日本語 🚚', "''", 'E\'x\''];
        for (const text of hostile) {
          const rendered = inlined(sql`SELECT ${text}::text AS v, 5 -${-3} AS n`);
          const [result] = await pglite(t).exec(rendered) as unknown as { rows: { v: string; n: number }[] }[];
          expect(result.rows[0]).to.deep.equal({ v: text, n: 8 });
        }
        // And the table the hostile text names is still there.
        expect(await count(t, 'orders', 'true')).to.equal(0);
      } finally {
        await t.cleanup();
      }
    });
  });

  it('a scope answers from its reads only while its turn runs (work the turn started may outlive it)', () => {
    const scope = new TurnScope(new Map([
      ['bot_state', { rows: [{ key: 'k', value: { n: 1 }, etag: 1 }], covers: ['k'] }],
      ['orders:linked', { rows: [{ id: 'o1' }], covers: [] }],
    ]));
    expect(scope.read('orders:linked')?.rows).to.deep.equal([{ id: 'o1' }]);
    expect(scope.keyed('bot_state', ['k'])?.rows).to.have.length(1);
    scope.close();
    expect(scope.read('orders:linked')).to.equal(undefined);
    expect(scope.keyed('bot_state', ['k'])).to.equal(undefined);
    expect(scope.defer({ statement: () => undefined })).to.equal(false);
  });

  describe('on PGlite', () => {
    let t: TestStore;
    before(async () => { t = await openTestStore('pglite'); });
    after(() => t?.cleanup());

    it('the turn\'s writes go together when it ends, and not at all when it fails', async () => {
      const lock = new PgliteTurnLock(pglite(t));
      const transcript = new TranscriptStore(t.store.db);
      await lock.hold('webchat:p1', async () => {
        await transcript.saveTurn('webchat:p1', 'webchat', 'u1', {}, turnEntry('hello'));
        // Handed over, not written yet.
        expect(await count(t, 'messages', "conversation_id = 'webchat:p1'")).to.equal(0);
      });
      expect(await count(t, 'messages', "conversation_id = 'webchat:p1'")).to.equal(1);

      const failed = lock.hold('webchat:p2', async () => {
        await transcript.saveTurn('webchat:p2', 'webchat', 'u1', {}, turnEntry('hello'));
        throw new Error('the engine failed');
      });
      expect((await rejection(failed)).message).to.equal('the engine failed');
      expect(await count(t, 'conversations', "id = 'webchat:p2'")).to.equal(0);
    });

    it('one failing write takes the turn\'s other writes with it', async () => {
      const lock = new PgliteTurnLock(pglite(t));
      const transcript = new TranscriptStore(t.store.db);
      const turn = lock.hold('webchat:p3', async () => {
        await transcript.saveTurn('webchat:p3', 'webchat', 'u1', {}, turnEntry('hello'));
        await writeWithTurn(t.store.db, { statement: () => sql`INSERT INTO bot_state (key, value) VALUES ('p3', NULL)` });
      });
      expect((await rejection(turn)).message).to.match(/null value/);
      expect(await count(t, 'conversations', "id = 'webchat:p3'")).to.equal(0);
    });

    it('a wrong guess counts with the turn\'s writes, even when the turn fails afterwards', async () => {
      const lock = new PgliteTurnLock(pglite(t));
      await guessInTurn(t, (key, task, reads) => lock.hold(key, task, reads), 'webchat:guess-pglite-1', false);
      await guessInTurn(t, (key, task, reads) => lock.hold(key, task, reads), 'webchat:guess-pglite-2', true);
    });

    it('a turn through the app is two calls into PGlite: the message with the reads, then the writes', async () => {
      const SECRET = 'turn-unit-pglite-secret-0123456';
      const config = loadConfig({
        NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DATABASE_URL: 'pglite://memory',
        ADMIN_API_KEY: 'turn-unit-admin-key-0123456789', DIRECTLINE_SECRET: SECRET, SEED_DEMO: 'never',
      });
      const app = await buildWismo({ config, logger: createLogger('silent') });
      try {
        await seedDemoShop(app.orders);
        const started = await request(app.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
        const { conversationId, token } = started.body as { conversationId: string; token: string };
        const say = async (text: string): Promise<string[]> => {
          const calls: string[] = [];
          const { exec, query } = PGliteClass.prototype;
          PGliteClass.prototype.exec = function (this: PGlite, ...args: Parameters<PGlite['exec']>) {
            calls.push(`exec ${args[0]}`);
            return exec.apply(this, args);
          };
          PGliteClass.prototype.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
            calls.push(`query ${args[0]}`);
            return query.apply(this, args) as never;
          } as PGlite['query'];
          try {
            await request(app.app).post(`/v3/directline/conversations/${conversationId}/activities`)
              .set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'unit-user' }, text }).expect(200);
          } finally {
            Object.assign(PGliteClass.prototype, { exec, query });
          }
          return calls;
        };
        const calls = await say('where is my order 1001?');
        expect(calls).to.have.length(2);
        expect(calls[0]).to.match(/^exec\s+WITH next AS \(\s*UPDATE "directline_conversations"/);
        expect(calls[1]).to.match(/^exec /);
        // A handoff too: the case opens with the turn's writes.
        const handingOff = await say('can I talk to a person?');
        expect(handingOff, handingOff.join('\n---\n')).to.have.length(2);
        expect(handingOff[1]).to.match(/^exec /).and.include('insert into "cases"');
        const listed = await request(app.app).get('/api/v1/cases?status=active').set('Authorization', 'Bearer turn-unit-admin-key-0123456789').expect(200);
        expect(listed.body.cases).to.have.length(1);
      } finally {
        await app.close();
      }
    });

    it('a write handed over after the turn ended is written at once', async () => {
      const lock = new PgliteTurnLock(pglite(t));
      const transcript = new TranscriptStore(t.store.db);
      let late: Promise<void> | undefined;
      await lock.hold('webchat:p4', async () => {
        // Work the turn started and did not wait for (it still runs in the turn's async context).
        late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => transcript.saveTurn('webchat:p4', 'webchat', 'u1', {}, turnEntry('late')));
      });
      await late;
      expect(await count(t, 'messages', "conversation_id = 'webchat:p4'")).to.equal(1);
    });
  });

  describe('on PostgreSQL', () => {
    before(requireServer('postgres'));
    let t: TestStore;
    let lock: PostgresTurnLock;
    before(async () => {
      t = await openTestStore('postgres');
      lock = new PostgresTurnLock(postgresUrl()!, t.schemaName);
    });
    after(async () => {
      await lock?.close();
      await t?.cleanup();
    });

    it('its connections run without JIT (compiling a turn\'s statement cost more than running it)', async () => {
      let jit: unknown;
      await lock.hold('webchat:jit', async () => {
        jit = currentTurnScope()!.read('jit')!.rows[0].jit;
      }, { more: [{ name: 'jit', statement: sql`select current_setting('jit') as jit` }] });
      expect(jit).to.equal('off');
    });

    it('a failed turn keeps the shopper\'s message and writes nothing else', async () => {
      const activities = new ActivityStore(t.store.db);
      const transcript = new TranscriptStore(t.store.db);
      await activities.openConversation('unit-conv-1');
      let id = '';
      const first = activities.inboundWrite('unit-conv-1', { type: 'message', text: 'where is my order?' }, (stored) => { id = stored.activity.id; });
      const turn = lock.hold('webchat:unit-conv-1', async () => {
        // The message has its id before the bot reads it.
        expect(id).to.equal('unit-conv-1|0000001');
        await transcript.saveTurn('webchat:unit-conv-1', 'webchat', 'u1', {}, turnEntry('where is my order?'));
        throw new Error('the engine failed');
      }, { first });
      expect((await rejection(turn)).message).to.equal('the engine failed');
      expect(await count(t, 'directline_activities', "conversation_id = 'unit-conv-1'")).to.equal(1);
      expect(await count(t, 'conversations', "id = 'webchat:unit-conv-1'")).to.equal(0);
    });

    it('a wrong guess counts with the turn\'s writes (no round trip of its own), even when the turn fails afterwards', async () => {
      for (const [conversation, fails] of [['webchat:guess-postgres-1', false], ['webchat:guess-postgres-2', true]] as const) {
        let inTurn: string[] = [];
        await guessInTurn(t, async (key, task, reads) => {
          let failure: unknown;
          inTurn = await roundTrips(() => lock.hold(key, task, reads).catch((err: unknown) => { failure = err; }));
          if (failure) throw failure;
        }, conversation, fails);
        expect(inTurn, inTurn.join('\n---\n')).to.have.length(2);
        expect(inTurn[1]).to.match(/insert into "rate_limits"|EXECUTE turn_/i);
      }
    });

    it('the state a waiting turn reads with the lock is what the turn before it committed', async () => {
      const other = new PostgresTurnLock(postgresUrl()!, t.schemaName);
      const storage = new PostgresStorage(t.store.db);
      const key = 'webchat/conversations/unit-conv-3/';
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      try {
        const first = lock.hold('webchat:unit-conv-3', async () => {
          await storage.write({ [key]: { turns: 1, eTag: '*' } });
          await held;
        }, { more: [storage.lockedRead([key])] });
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Another instance's turn of the same conversation: it waits, then reads.
        const second = other.hold('webchat:unit-conv-3', async () => storage.read([key]), { more: [storage.lockedRead([key])] });
        await new Promise((resolve) => setTimeout(resolve, 100));
        release();
        await first;
        const seen = await second;
        expect(seen[key]).to.include({ turns: 1 });
      } finally {
        await other.close();
      }
    });

    it('writes that fail fail the turn, and the shopper\'s message stays', async () => {
      const activities = new ActivityStore(t.store.db);
      const transcript = new TranscriptStore(t.store.db);
      await activities.openConversation('unit-conv-2');
      const first = activities.inboundWrite('unit-conv-2', { type: 'message', text: 'hello' }, () => undefined);
      const turn = lock.hold('webchat:unit-conv-2', async () => {
        await transcript.saveTurn('webchat:unit-conv-2', 'webchat', 'u1', {}, turnEntry('hello'));
        await writeWithTurn(t.store.db, { statement: () => sql`INSERT INTO bot_state (key, value) VALUES ('unit-conv-2', NULL)` });
      }, { first });
      expect((await rejection(turn)).message).to.match(/null value/);
      expect(first.done).to.equal(true);
      expect(await count(t, 'directline_activities', "conversation_id = 'unit-conv-2'")).to.equal(1);
      expect(await count(t, 'conversations', "id = 'webchat:unit-conv-2'")).to.equal(0);
      // The lock went with the transaction: the next turn of the conversation runs.
      expect(await lock.hold('webchat:unit-conv-2', async () => 'next')).to.equal('next');
    });

    describe('a conversation through the app', () => {
      let wismo: Wismo | undefined;
      const schema = randomSchemaName();
      const SECRET = 'turn-unit-directline-secret-01';
      after(async () => {
        await wismo?.close();
        await dropSchema(postgresUrl()!, schema);
      });

      it('a turn that needs no new lookup is two round trips: read with the lock, then the writes with the commit', async () => {
        const config = loadConfig({
          NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DATABASE_URL: postgresUrl()!, DATABASE_SCHEMA: schema,
          ADMIN_API_KEY: 'turn-unit-admin-key-0123456789', DIRECTLINE_SECRET: SECRET, SEED_DEMO: 'never',
        });
        wismo = await buildWismo({ config, logger: createLogger('silent') });
        await seedDemoShop(wismo.orders);
        const started = await request(wismo.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
        const { conversationId, token } = started.body as { conversationId: string; token: string };
        const say = (text: string) => roundTrips(() => request(wismo!.app).post(`/v3/directline/conversations/${conversationId}/activities`)
          .set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'unit-user' }, text }).expect(200));

        const executed = (text: string) => text.match(/EXECUTE turn_\w+/g)?.length ?? 0;
        const asked = await say('where is my order 1001?');
        expect(asked).to.have.length(2);
        // The message stored; the state, the linked order, the orders the typed numbers name, the counters and (once handed off)
        // the latest case read, after the lock.
        expect(asked[0]).to.match(/^BEGIN;\s*SELECT pg_advisory_xact_lock/);
        expect(executed(asked[0])).to.equal(6);
        // The transcript, the replies and the state written, then the commit.
        expect(asked[1]).to.match(/^SAVEPOINT turn_writes;/).and.match(/COMMIT$/);
        expect(executed(asked[1])).to.equal(3);

        // Verifying: the order the conversation waits to verify, with its credentials, and the counters of the attempter,
        // of the order and of the email typed come with the lock too.
        const verifying = await say('ana@example.com');
        expect(verifying).to.have.length(2);
        expect(executed(verifying[0])).to.equal(6);
        expect(verifying[1]).to.match(/COMMIT$/);
        // Once linked, the order comes with the turn's first round trip.
        const followUp = await say('when will it arrive?');
        expect(followUp).to.have.length(2);
        expect(followUp[0]).to.not.include('PREPARE');

        // Web Chat names each message (clientActivityID) so a resend is answered once: the receipt is claimed with the
        // message in the first round trip, and completed with the turn's writes.
        const named = await roundTrips(() => request(wismo!.app).post(`/v3/directline/conversations/${conversationId}/activities`)
          .set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'unit-user' }, text: 'thanks!', channelData: { clientActivityID: 'web-chat-1' } }).expect(200));
        expect(named).to.have.length(2);
        expect(named[0]).to.match(/^BEGIN;\s*SELECT pg_advisory_xact_lock/);
        expect(executed(named[0])).to.equal(6);
        expect(named[1]).to.match(/COMMIT$/);
        expect(executed(named[1])).to.equal(4);

        const log = await request(wismo.app).get(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`).expect(200);
        const texts = (log.body.activities as { from: { role: string }; text: string }[]).map((a) => `${a.from.role}: ${a.text}`);
        expect(texts.filter((x) => x.startsWith('user:'))).to.deep.equal(['user: where is my order 1001?', 'user: ana@example.com', 'user: when will it arrive?', 'user: thanks!']);
        expect(texts.at(-3)).to.match(/^bot: /).and.include('1Z999AA10123456784');
        expect(log.body.activities.at(-1).channelData.wismo).to.include({ orderId: '1001' });
        // The resend is answered with the same message, not a second time.
        const resent = await request(wismo.app).post(`/v3/directline/conversations/${conversationId}/activities`)
          .set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'unit-user' }, text: 'thanks!', channelData: { clientActivityID: 'web-chat-1' } }).expect(200);
        expect(resent.body.id).to.equal(log.body.activities.at(-2).id);
        const after = await request(wismo.app).get(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`).expect(200);
        expect(after.body.activities).to.have.length(log.body.activities.length);

        // A wrong guess is two round trips too: its counts go with the turn's commit.
        const other = await request(wismo.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
        const guess = (text: string) => roundTrips(() => request(wismo!.app).post(`/v3/directline/conversations/${other.body.conversationId}/activities`)
          .set('Authorization', `Bearer ${other.body.token}`).send({ type: 'message', from: { id: 'guesser' }, text }).expect(200));
        await guess('where is my order 1002?');
        const wrong = await guess('nobody-at-all@example.com');
        expect(wrong, wrong.join('\n---\n')).to.have.length(2);
        expect(wrong[1]).to.match(/rate_limits/).and.match(/COMMIT$/);
        const [counted] = await pgQuery<{ points: number }>(`select points from "${schema}".rate_limits where key like 'verify:order:%1002%'`);
        expect(counted?.points).to.equal(1);

        // The handoff itself is two round trips: the case opens with the turn's commit, in one statement.
        const handingOff = await guess('I want to talk to a person please');
        expect(handingOff, handingOff.join('\n---\n')).to.have.length(2);
        expect(handingOff[1]).to.match(/COMMIT$/);
        const [opened] = await pgQuery<{ id: number; status: string; order_id: string | null; summary: string }>(
          `select id, status, order_id, summary from "${schema}".cases where conversation_key = 'webchat:${other.body.conversationId}'`);
        expect(opened).to.include({ status: 'open', order_id: null });
        // The case is told to agents (and the summary composed) from what was written with the commit.
        const listed = await request(wismo.app).get('/api/v1/cases?status=active').set('Authorization', 'Bearer turn-unit-admin-key-0123456789').expect(200);
        const mine = (listed.body.cases as { id: number; summary: string }[]).find((c) => c.id === opened.id);
        expect(mine?.summary).to.match(/^Asked for a person .*no order linked via webchat/);
        // What verifying may need is guessed before the turn, so these are two round trips as well: a phone typed without
        // its country code (its counter keyed in the order's country), an email given before the order number, a bare
        // number that may be a corrected order number, and a subscription (written with the turn).
        const fresh = async () => {
          const c = await request(wismo!.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
          return (text: string) => roundTrips(() => request(wismo!.app).post(`/v3/directline/conversations/${c.body.conversationId}/activities`)
            .set('Authorization', `Bearer ${c.body.token}`).send({ type: 'message', from: { id: `fresh-${c.body.conversationId}` }, text }).expect(200));
        };
        const british = await fresh();
        expect(await british('order SH-1007, phone 07700 900107')).to.have.length(2);
        expect(await british('can you text me when it is delivered?')).to.have.length(2);
        expect(await pgQuery(`select 1 from "${schema}".subscriptions where order_id = 'SH-1007'`)).to.have.length(1);
        const wrongPhone = await fresh();
        expect(await wrongPhone('order 1003')).to.have.length(2);
        expect(await wrongPhone('my phone is 415 555 0199 or maybe 415 555 0198')).to.have.length(2);
        const [phoneCounter] = await pgQuery<{ points: number }>(`select points from "${schema}".rate_limits where key = 'verify:identity:phone:+14155550199'`);
        expect(phoneCounter?.points).to.equal(2);
        expect(await wrongPhone('94110')).to.have.length(2);
        const emailFirst = await fresh();
        expect(await emailFirst('my email is dmitri@example.com')).to.have.length(2);
        expect(await emailFirst('1004')).to.have.length(2);

        // Once handed off, the conversation's latest case (who owns it) comes with the lock too.
        const waiting = await guess('are you there?');
        expect(waiting, waiting.join('\n---\n')).to.have.length(2);
        expect(waiting[0]).to.match(/^BEGIN;\s*SELECT pg_advisory_xact_lock/);

        // Resolved, then handed off again within CASE_REOPEN_HOURS: the same statement reopens the case, still in two round trips.
        await request(wismo.app).post(`/api/v1/cases/${opened.id}/resolve`).set('Authorization', 'Bearer turn-unit-admin-key-0123456789').expect(200);
        const again = await guess('I need a human agent');
        expect(again, again.join('\n---\n')).to.have.length(2);
        const reopened = await pgQuery<{ id: number; status: string }>(`select id, status from "${schema}".cases where conversation_key = 'webchat:${other.body.conversationId}'`);
        expect(reopened).to.deep.equal([{ id: opened.id, status: 'open' }]);
      });
    });
  });
});
