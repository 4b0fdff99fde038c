/**
 * The bench's peers (issue "A turn in two round trips"), run as a child process like the bot:
 * a botbuilder echo bot (ActivityHandler, ConversationState) behind express, driven by the same
 * client and the same turn as the bot's Direct Line POST. BENCH_PEER picks its storage:
 * - `echo`: ConversationState on MemoryStorage (the framework's own floor);
 * - `echo-db`: ConversationState on one read and one write per turn (an upsert) in the bench's
 *   store: PostgreSQL with BENCH_DATABASE_URL (a pg Pool), else PGlite in a temp folder. This is
 *   the realistic floor of a stateful bot.
 * - `echo-db-worker` (PGlite only): the same, with PGlite in a worker thread, each query posted to
 *   it: what taking the embedded store off the event loop gives (issue "A turn in two round
 *   trips", item 4), measured on the simplest stateful bot.
 * Prints "READY <url>"; "CPU" on stdin prints the process's CPU time so far, in milliseconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import express from 'express';
import pg from 'pg';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import {
  ActivityHandler, ActivityTypes, BotAdapter, ConversationState, MemoryStorage, TurnContext,
  type Activity, type ConversationReference, type ResourceResponse, type Storage, type StoreItems,
} from 'botbuilder';

/** The replies of one turn, kept for the HTTP answer. */
const REPLIES = Symbol('replies');

class EchoAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    (context.turnState.get(REPLIES) as Partial<Activity>[]).push(...activities);
    return activities.map((_a, i) => ({ id: String(i) }));
  }
  async updateActivity(): Promise<void> { /* not used */ }
  async deleteActivity(): Promise<void> { /* not used */ }
  async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> { /* not used */ }

  async turn(activity: Partial<Activity>, bot: ActivityHandler): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, activity);
    const replies: Partial<Activity>[] = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, (ctx) => bot.run(ctx));
    return replies;
  }
}

/** botbuilder Storage on one table: a read is one SELECT, a write one upsert (no etag check, like botbuilder's own writes with `eTag: '*'`). */
class SqlStorage implements Storage {
  constructor(private readonly query: (text: string, values: unknown[]) => Promise<{ rows: { id: string; doc: unknown }[] }>) {}

  async read(keys: string[]): Promise<StoreItems> {
    const { rows } = await this.query('select id, doc from peer_state where id = any($1::text[])', [keys]);
    return Object.fromEntries(rows.map((r) => [r.id, typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc]));
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [id, doc] of Object.entries(changes)) {
      await this.query('insert into peer_state (id, doc) values ($1, $2::jsonb) on conflict (id) do update set doc = excluded.doc', [id, JSON.stringify(doc)]);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.query('delete from peer_state where id = any($1::text[])', [keys]);
  }
}

class EchoBot extends ActivityHandler {
  constructor(state: ConversationState) {
    super();
    const turns = state.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const n = (await turns.get(context, 0)) + 1;
      await turns.set(context, n);
      await context.sendActivity(`echo ${n}: ${context.activity.text ?? ''}`);
      await next();
    });
    this.onTurn(async (context, next) => {
      await next();
      await state.saveChanges(context);
    });
  }
}

async function storage(kind: string): Promise<{ storage: Storage; close(): Promise<void> }> {
  if (kind === 'echo') return { storage: new MemoryStorage(), close: async () => undefined };
  const ddl = 'create table if not exists peer_state (id text primary key, doc jsonb not null)';
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const schema = `bench_peer_${Date.now()}`;
    const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
    await pool.query(`create schema ${schema}`);
    await pool.query(ddl);
    return {
      storage: new SqlStorage((text, values) => pool.query(text, values)),
      close: async () => {
        await pool.query(`drop schema ${schema} cascade`);
        await pool.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-peer-'));
  if (kind === 'echo-db-worker') return pgliteInWorker(dir, ddl);
  const db = await PGlite.create(dir);
  await db.exec(ddl);
  return {
    storage: new SqlStorage((text, values) => db.query(text, values)),
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PGlite on a thread of its own: queries and their rows cross as messages (structured clone). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
PGlite.create(workerData.dir).then(async (db) => {
  await db.exec(workerData.ddl);
  parentPort.on('message', ({ id, text, values, close }) => {
    if (close) return void db.close().then(() => parentPort.postMessage({ id }));
    db.query(text, values).then((r) => parentPort.postMessage({ id, rows: r.rows }), (err) => parentPort.postMessage({ id, error: String(err) }));
  });
  parentPort.postMessage({ ready: true });
});`;

async function pgliteInWorker(dir: string, ddl: string): Promise<{ storage: Storage; close(): Promise<void> }> {
  const worker = new Worker(WORKER, { eval: true, workerData: { dir, ddl, pglite: require.resolve('@electric-sql/pglite') } });
  const waiting = new Map<number, { resolve(rows: unknown[]): void; reject(err: Error): void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: { ready?: boolean; id?: number; rows?: unknown[]; error?: string }) => {
      if (m.ready) return resolve();
      const call = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) call?.reject(new Error(m.error));
      else call?.resolve(m.rows ?? []);
    });
  });
  const ask = (message: Record<string, unknown>) => new Promise<unknown[]>((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, ...message });
  });
  return {
    storage: new SqlStorage(async (text, values) => ({ rows: (await ask({ text, values })) as { id: string; doc: unknown }[] })),
    close: async () => {
      await ask({ close: true });
      await worker.terminate();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const kind = process.env.BENCH_PEER ?? 'echo';
  const store = await storage(kind);
  const bot = new EchoBot(new ConversationState(store.storage));
  const adapter = new EchoAdapter();
  const app = express();
  app.use(express.json());
  // The bot's Direct Line turn, reduced to its essentials: an activity in, the turn, the replies out.
  app.post('/v3/directline/conversations/:id/activities', async (req, res) => {
    const body = req.body as { text?: string; from?: { id?: string } };
    const replies = await adapter.turn({
      type: ActivityTypes.Message, id: String(Date.now()), channelId: 'directline', text: body.text,
      conversation: { id: req.params.id } as Activity['conversation'], from: { id: body.from?.id ?? 'user', role: 'user' } as Activity['from'],
      recipient: { id: 'peer', role: 'bot' } as Activity['recipient'],
    }, bot);
    res.json({ id: `${req.params.id}|${Date.now()}`, replies: replies.length });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    console.log(`READY http://127.0.0.1:${port}`);
  });
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'CPU') return;
    const used = process.cpuUsage();
    console.log(`CPU ${(used.user + used.system) / 1000}`);
  });
  process.on('SIGTERM', () => void store.close().finally(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
