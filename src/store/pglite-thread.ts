/**
 * PGlite on a thread of its own (`PGLITE_THREAD=worker`): the embedded database's WebAssembly
 * then runs beside the bot's event loop instead of on it. The bot keeps PGlite's client shape
 * (what drizzle's PGlite driver, the turn lock and the change signals call: query, exec,
 * transaction, listen, close); each call crosses to the worker as a message and its rows come
 * back by structured clone. Value parsers are functions, which cannot cross: the worker leaves
 * the types they name as PostgreSQL's text and they run here, as PGlite would run them there.
 */
import { Worker } from 'node:worker_threads';
import type { PGlite, QueryOptions, Results, Transaction } from '@electric-sql/pglite';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const db = new PGlite(workerData.folder);
const transactions = new Map();
let nextTransaction = 0;
const textOf = (types) => Object.fromEntries((types || []).map((t) => [t, (v) => v]));
const fieldsOf = (err) => Object.fromEntries(Object.entries(err || {}).filter(([, v]) => v === null || typeof v !== 'object' && typeof v !== 'function'));
const on = (tx) => {
  if (tx === undefined) return db;
  const open = transactions.get(tx);
  if (!open) throw new Error('the transaction has ended');
  return open.tx;
};
async function run(m) {
  switch (m.op) {
    case 'ready': return db.waitReady;
    case 'query': return on(m.tx).query(m.text, m.params, { rowMode: m.rowMode, parsers: textOf(m.asText) });
    case 'exec': return on(m.tx).exec(m.text);
    case 'begin': return new Promise((begun, failed) => {
      const id = nextTransaction++;
      const entry = {};
      entry.ended = db.transaction((tx) => new Promise((commit, rollback) => {
        Object.assign(entry, { tx, commit, rollback });
        transactions.set(id, entry);
        begun(id);
      }));
      // A transaction that could not begin fails the call; one that ended is forgotten.
      entry.ended.then(() => transactions.delete(id), (err) => { transactions.delete(id); failed(err); });
    });
    case 'end': {
      const open = transactions.get(m.tx);
      if (!open) throw new Error('the transaction has ended');
      if (m.commit) open.commit(); else open.rollback(new Error('rolled back'));
      return open.ended.then(() => undefined, (err) => { if (m.commit) throw err; });
    }
    case 'listen': await db.listen(m.channel, (payload) => parentPort.postMessage({ notify: m.channel, payload })); return;
    case 'unlisten': return db.unlisten(m.channel);
    case 'close': return db.close();
  }
  throw new Error('unknown call ' + m.op);
}
parentPort.on('message', (m) => {
  run(m).then(
    (result) => parentPort.postMessage({ id: m.id, result }),
    (err) => parentPort.postMessage({ id: m.id, error: { message: String(err && err.message || err), fields: fieldsOf(err) } }),
  );
});
`;

interface Call {
  op: 'ready' | 'query' | 'exec' | 'begin' | 'end' | 'listen' | 'unlisten' | 'close';
  [field: string]: unknown;
}

type Reply =
  | { id: number; result?: unknown; error?: { message: string; fields: Record<string, unknown> } }
  | { notify: string; payload: string };

type Parsers = NonNullable<QueryOptions['parsers']>;

/** Runs the parsers of a query on the rows the worker left as text, as PGlite runs them. */
function parsed<T>(results: Results<T>, parsers: Parsers, rowMode: QueryOptions['rowMode']): Results<T> {
  const typed = results.fields.map((f, i) => ({ i, name: f.name, parse: parsers[f.dataTypeID], type: f.dataTypeID })).filter((f) => f.parse);
  if (typed.length === 0) return results;
  for (const row of results.rows as unknown as Record<string | number, unknown>[]) {
    for (const { i, name, parse, type } of typed) {
      const at = rowMode === 'array' ? i : name;
      if (row[at] !== null && row[at] !== undefined) row[at] = (parse as (x: string, typeId?: number) => unknown)(row[at] as string, type);
    }
  }
  return results;
}

class ThreadedPglite {
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private next = 0;
  private failure: Error | undefined;
  readonly waitReady: Promise<void>;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      if ('notify' in reply) {
        for (const listener of this.listeners.get(reply.notify) ?? []) listener(reply.payload);
        return;
      }
      const call = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) call?.reject(Object.assign(new Error(reply.error.message), reply.error.fields));
      else call?.resolve(reply.result);
    });
    // A worker that dies fails every call in flight and every later one, loudly.
    worker.on('error', (err: Error) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the PGlite thread exited (${code})`)));
    this.waitReady = this.call({ op: 'ready' }).then(() => undefined);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const call of this.waiting.values()) call.reject(err);
    this.waiting.clear();
  }

  private call(message: Call): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async query<T>(text: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    const parsers = options?.parsers ?? {};
    const results = (await this.call({ op: 'query', tx, text, params, rowMode: options?.rowMode, asText: Object.keys(parsers).map(Number) })) as Results<T>;
    return parsed(results, parsers, options?.rowMode);
  }

  exec(text: string, _options?: QueryOptions, tx?: number): Promise<Results[]> {
    return this.call({ op: 'exec', tx, text }) as Promise<Results[]>;
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = (await this.call({ op: 'begin' })) as number;
    let closed = false;
    const handle = {
      query: <R>(text: string, params?: unknown[], options?: QueryOptions) => this.query<R>(text, params, options, tx),
      exec: (text: string, options?: QueryOptions) => this.exec(text, options, tx),
      rollback: async () => {
        closed = true;
        await this.call({ op: 'end', tx, commit: false });
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await work(handle);
    } catch (err) {
      if (!closed) await this.call({ op: 'end', tx, commit: false }).catch(() => undefined);
      closed = true;
      throw err;
    }
    if (!closed) await this.call({ op: 'end', tx, commit: true });
    closed = true;
    return result;
  }

  async listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.call({ op: 'listen', channel });
    }
    set.add(listener);
    return async () => {
      set!.delete(listener);
      if (set!.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.call({ op: 'unlisten', channel });
      }
    };
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}

/** PGlite in a worker thread, with PGlite's client shape; `folder` undefined: in memory. */
export async function pgliteOnThread(folder: string | undefined): Promise<PGlite> {
  const worker = new Worker(WORKER, { eval: true, workerData: { folder, pglite: require.resolve('@electric-sql/pglite') } });
  const client = new ThreadedPglite(worker);
  await client.waitReady;
  return client as unknown as PGlite;
}
