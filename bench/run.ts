/**
 * `npm run bench`: complete WISMO conversations over Direct Line (open, ask, verify,
 * answer) against the bot on the embedded store with thousands of orders, at several
 * concurrencies, and, in the same run, a bare express handler driven by the same client.
 * Prints turns/s, p50/p95/p99 per turn and the ratio to the bare handler.
 * Targets (not a test): p95 <= 25 ms per turn at 50 conversations; >= 25% of bare throughput.
 * BENCH_SECONDS (default 10) per level, BENCH_LEVELS (default 1,10,50), BENCH_ORDERS (5000);
 * BENCH_DATABASE_URL=postgres://... runs the bot on PostgreSQL instead, for comparison.
 * Each level also gives the bot's CPU per turn (from the process) and, on PostgreSQL, the database's (its processes on this machine). Then signed EasyPost tracker
 * webhooks at 10 concurrent senders: tracking events applied per second. Then the peers
 * (bench/peers.ts: a botbuilder echo bot on MemoryStorage, and on one read and one write per turn
 * in the same store), driven by the same client at the highest level: our ratio to each.
 * Last, proactive notices delivered per second to a fake Twilio through BullMQ (bench/notices.ts; needs
 * REDIS_URL, BENCH_NOTICES late orders, default 20,000). BENCH_ONLY=notices runs that section alone;
 * BENCH_ONLY=start times npm start alone (a new data directory, then the median of three more);
 * BENCH_ONLY=turns the conversations, the bare handler, the peers and (PostgreSQL) two instances
 * driven together. Before the notices, a bulk
 * ingest of BENCH_INGEST_ORDERS (100,000) through the API (BENCH_ONLY=ingest runs it alone).
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ask, deleteKeys, runNotices, type Target } from './notices';
import { benchOrders } from './orders';
import { startArguments } from '../scripts/start-command';
import IORedis from 'ioredis';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** `notices`: that section alone; `turns`: the conversations, the bare handler and the peers, without webhooks and notices. */
const ONLY = process.env.BENCH_ONLY;
const LEVELS = (process.env.BENCH_LEVELS ?? '1,10,50').split(',').map(Number);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 5000);
const SECRET = 'bench-secret-0123456789abcdef';
const WEBHOOK_SECRET = 'bench-easypost-webhook-secret';
const WEBHOOK_SENDERS = 10;
const ADMIN_KEY = 'bench-admin-key-0123456789';
const INGEST_BATCH = 1000;
const INGEST_SENDERS = 2;
/** The memory after this many turns (issue "A turn in two round trips": idle and after 10k turns). */
const MEMORY_TURNS = 10_000;

interface Stats { turns: number; seconds: number; latencies: number[]; errors: number; wrongAnswers: number; firstError?: string }

async function main(): Promise<void> {
  if (ONLY === 'ingest') return runIngest();
  if (ONLY === 'notices') return runNotices({ start: startTarget, stop: stopTarget }, SECONDS);
  if (ONLY === 'start') return printStartup();
  const bot = await startTarget({ BENCH_ORDERS: String(ORDERS), DIRECTLINE_SECRET: SECRET, ADMIN_API_KEY: ADMIN_KEY, EASYPOST_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const results: { level: number; stats: Stats; cpuMs: number; dbMs: number }[] = [];
  let idle = { rss: 0, heap: 0 };
  let busy = { rss: 0, heap: 0 };
  let memoryTurns = 0;
  let webhookStats: Stats;
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...LEVELS) });
    await runConversations(bot.url, agent, 2, 2); // warm-up: JIT, PGlite caches
    idle = await memoryOf(bot);
    for (const level of LEVELS) {
      const before = await cpuOf(bot);
      const dbBefore = databaseCpuMs();
      const stats = await runConversations(bot.url, agent, level, SECONDS);
      results.push({ level, stats, cpuMs: (await cpuOf(bot)) - before, dbMs: databaseCpuMs() - dbBefore });
    }
    // The memory figure is taken after at least MEMORY_TURNS turns (more conversations at the last level when the levels made fewer), within a minute more.
    memoryTurns = results.reduce((n, r) => n + r.stats.turns, 0);
    for (const until = Date.now() + 60_000; memoryTurns < MEMORY_TURNS && Date.now() < until;) {
      memoryTurns += (await runConversations(bot.url, agent, LEVELS.at(-1)!, 2)).turns;
    }
    busy = await memoryOf(bot);
    webhookStats = ONLY === 'turns' ? { turns: 0, seconds: 1, latencies: [], errors: 0, wrongAnswers: 0 } : await runWebhooks(bot.url, agent, WEBHOOK_SENDERS, SECONDS);
    agent.destroy();
  } finally {
    await stopTarget(bot.child);
  }
  const bare = await startTarget({ BENCH_BARE: '1' });
  let bareStats: Stats;
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    await runBare(bare.url, agent, 10, 1);
    bareStats = await runBare(bare.url, agent, 50, SECONDS);
    agent.destroy();
  } finally {
    await stopTarget(bare.child);
  }

  // The peers at the highest level, driven like the bot's turns (bench/peers.ts).
  const peerLevel = Math.max(...LEVELS);
  const peers: { label: string; stats: Stats; cpuMs: number; dbMs: number }[] = [];
  const peerKinds: [string, string][] = [['echo', 'botbuilder echo bot, MemoryStorage'], ['echo-db', `echo bot, one read and one write per turn (${process.env.BENCH_DATABASE_URL ? 'PostgreSQL, pg Pool' : 'PGlite'})`]];
  // On PGlite, also the echo with PGlite in a worker thread: what the store off the event loop gives.
  if (!process.env.BENCH_DATABASE_URL) peerKinds.push(['echo-db-worker', 'echo bot, one read and one write per turn (PGlite in a worker thread)']);
  for (const [kind, label] of peerKinds) {
    const peer = await startTarget({ BENCH_PEER: kind }, 'peers.ts');
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: peerLevel });
      await runPeerTurns(peer.url, agent, 2, 2);
      const before = await cpuOf(peer);
      const dbBefore = databaseCpuMs();
      const stats = await runPeerTurns(peer.url, agent, peerLevel, SECONDS);
      peers.push({ label, stats, cpuMs: (await cpuOf(peer)) - before, dbMs: databaseCpuMs() - dbBefore });
      agent.destroy();
    } finally {
      await stopTarget(peer.child);
    }
  }

  // Two instances on one PostgreSQL schema (and Redis, when REDIS_URL is set), each request of a conversation to the next one.
  const pair = process.env.BENCH_DATABASE_URL ? await runPair(peerLevel).catch((err: Error) => err) : undefined;

  const bareRate = bareStats.turns / bareStats.seconds;
  const store = process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite';
  console.log(`\nwismo-bot benchmark: ${ORDERS} orders on ${store}, ${SECONDS} s per level, node ${process.version}`);
  // PostgreSQL's CPU (its processes on this machine) per turn; PGlite's is in the bot's own.
  const onPostgres = process.env.BENCH_DATABASE_URL !== undefined;
  const dbColumn = (dbMs: number, turns: number) => (onPostgres ? (dbMs / Math.max(1, turns)).toFixed(2).padStart(14) : '');
  console.log(`conversations  turns/s   p50 ms  p95 ms  p99 ms  errors  wrong  vs bare  CPU ms/turn${onPostgres ? '  DB CPU ms/turn' : ''}`);
  for (const { level, stats, cpuMs, dbMs } of results) {
    const rate = stats.turns / stats.seconds;
    console.log(
      `${String(level).padStart(13)}  ${rate.toFixed(0).padStart(7)}  ${pct(stats, 50).padStart(7)} ${pct(stats, 95).padStart(7)} ${pct(stats, 99).padStart(7)}  ${String(stats.errors).padStart(6)}  ${String(stats.wrongAnswers).padStart(5)}  ${((100 * rate) / bareRate).toFixed(1).padStart(6)}%  ${(cpuMs / Math.max(1, stats.turns)).toFixed(2).padStart(11)}${dbColumn(dbMs, stats.turns)}`,
    );
  }
  const ours = results.find((r) => r.level === peerLevel)!;
  const ourRate = ours.stats.turns / ours.stats.seconds;
  const ourCpu = ours.cpuMs / Math.max(1, ours.stats.turns);
  const ourDb = ours.dbMs / Math.max(1, ours.stats.turns);
  console.log(`peers, ${peerLevel} concurrent, the same client and turn (bench/peers.ts):`);
  for (const { label, stats, cpuMs, dbMs } of peers) {
    const rate = stats.turns / stats.seconds;
    const cpu = cpuMs / Math.max(1, stats.turns);
    const db = dbMs / Math.max(1, stats.turns);
    console.log(
      `  ${label}: ${rate.toFixed(0)} turns/s (${((100 * rate) / bareRate).toFixed(1)}% of bare), p95 ${pct(stats, 95)} ms, ${cpu.toFixed(2)} ms CPU per turn`
      + `${onPostgres && db >= 0.05 ? ` (database ${db.toFixed(2)} ms)` : ''}, errors ${stats.errors}; `
      + `wismo-bot: ${((100 * ourRate) / rate).toFixed(0)}% of its turns/s, ${(ourCpu / cpu).toFixed(1)}x its CPU per turn`
      + `${onPostgres && db >= 0.05 ? `, ${(ourDb / db).toFixed(1)}x its database CPU` : ''}`,
    );
  }
  console.log('  (targets against the stateful echo: at least 75% of its turns/s, at most 1.5x its CPU per turn; wismo-bot\'s CPU per turn includes opening the conversation and reading the replies)');
  const webhookRate = webhookStats.turns / webhookStats.seconds;
  if (ONLY !== 'turns') console.log(
    `webhook events (EasyPost tracker.updated, ${WEBHOOK_SENDERS} senders): ${webhookRate.toFixed(0)} applied/s, p50 ${pct(webhookStats, 50)} ms, p95 ${pct(webhookStats, 95)} ms, `
    + `errors ${webhookStats.errors}, not applied ${webhookStats.wrongAnswers}, vs bare ${((100 * webhookRate) / bareRate).toFixed(1)}%`,
  );
  console.log(`bare express (50 concurrent): ${bareRate.toFixed(0)} req/s, p50 ${pct(bareStats, 50)} ms, p95 ${pct(bareStats, 95)} ms`);
  if (pair instanceof Error) console.log(`two instances: failed, ${pair.message}`);
  else if (pair) {
    const rate = pair.turns / pair.seconds;
    const single = results.find((r) => r.level === peerLevel)!;
    console.log(
      `two instances on one PostgreSQL${process.env.REDIS_URL ? ' and Redis' : ''}, ${peerLevel} conversations, each request to the next instance: ${rate.toFixed(0)} turns/s, `
      + `p95 ${pct(pair, 95)} ms, errors ${pair.errors}, wrong ${pair.wrongAnswers}; ${(rate / (single.stats.turns / single.stats.seconds)).toFixed(2)}x one instance`,
    );
  }
  console.log(`memory of the bot (after a full collection): ${idle.rss.toFixed(0)} MB RSS (${idle.heap.toFixed(0)} MB heap) idle with ${ORDERS} orders, ${busy.rss.toFixed(0)} MB RSS (${busy.heap.toFixed(0)} MB heap) after ${memoryTurns} more turns`);
  await printStartup();
  if (ONLY !== 'turns') await runIngest();
  if (ONLY !== 'turns') await runNotices({ start: startTarget, stop: stopTarget }, SECONDS);
}

/**
 * Runs `concurrency` workers until the deadline; each round returns how many timed requests it
 * made and whether its answer was right. Errors are counted (the first one kept), never thrown.
 */
async function drive(label: string, concurrency: number, seconds: number, round: (n: number, stats: Stats) => Promise<boolean>): Promise<Stats> {
  const stats: Stats = { turns: 0, seconds, latencies: [], errors: 0, wrongAnswers: 0 };
  const deadline = Date.now() + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      try {
        if (!(await round(next++, stats))) stats.wrongAnswers += 1;
      } catch (err) {
        stats.errors += 1;
        stats.firstError ??= (err as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  stats.seconds = (performance.now() - started) / 1000;
  if (stats.firstError) console.error(`${label}: ${stats.errors} errors, first: ${stats.firstError}`);
  return stats;
}

/** A timed request: its latency and one more turn in the stats. */
async function timed<T>(stats: Stats, send: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await send();
  stats.latencies.push(performance.now() - t0);
  stats.turns += 1;
  return result;
}

/** Each sender posts signed tracker events (a new scan each) for orders' tracking numbers; each must be applied. */
function runWebhooks(base: string, agent: http.Agent, concurrency: number, seconds: number): Promise<Stats> {
  return drive('webhooks', concurrency, seconds, async (n, stats) => {
    // Every third bench order has no shipment yet (bench/orders.ts): its tracking number would be ignored.
    const spread = (n * 7919) % ORDERS;
    const i = spread % 3 === 0 ? (spread + 1) % ORDERS : spread;
    const body = JSON.stringify({
      id: `evt_bench_${n}`, object: 'Event', description: 'tracker.updated',
      result: { object: 'Tracker', tracking_code: `1ZBENCH${i}`, carrier: 'UPS', status: 'in_transit', tracking_details: [{ status: 'in_transit', message: 'scan', datetime: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString() }] },
    });
    const signature = `hmac-sha256-hex=${crypto.createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
    const res = await timed(stats, () => request(agent, base, 'POST', '/sources/easypost/webhooks', undefined, body, { 'x-hmac-signature': signature }));
    return (res.body as { outcome?: string }).outcome === 'applied';
  });
}

/** Each worker repeats: open a conversation, ask about an order, verify with the email, check the answer. */
function runConversations(bases: string | string[], agent: http.Agent, concurrency: number, seconds: number): Promise<Stats> {
  const list = Array.isArray(bases) ? bases : [bases];
  return drive(`${concurrency} conversations`, concurrency, seconds, async (n, stats) => {
    const i = (n * 7919) % ORDERS; // spread over the orders
    // With several instances each request of a conversation goes to the next one.
    const base = (k: number) => list[(n + k) % list.length];
    const conv = await request(agent, base(0), 'POST', '/v3/directline/conversations', SECRET);
    const { conversationId, token } = conv.body as { conversationId: string; token: string };
    const activities = `/v3/directline/conversations/${conversationId}/activities`;
    let k = 1;
    for (const text of [`hi, where is my order B${100000 + i}?`, `shopper${i}@bench.example`]) {
      const at = base(k++);
      await timed(stats, () => request(agent, at, 'POST', activities, token, { type: 'message', from: { id: `bench-${i}` }, text }));
    }
    const got = await request(agent, base(k), 'GET', activities, token);
    const replies = (got.body as { activities: { from: { role?: string }; channelData?: { wismo?: { orderId?: string } } }[] }).activities.filter((a) => a.from.role === 'bot');
    return replies.at(-1)?.channelData?.wismo?.orderId === `B${100000 + i}`;
  });
}

/** The peers' turns: the same two messages of a conversation, posted the same way, without opening it or reading the replies (the POST answers them). */
function runPeerTurns(base: string, agent: http.Agent, concurrency: number, seconds: number): Promise<Stats> {
  return drive(`${concurrency} peer conversations`, concurrency, seconds, async (n, stats) => {
    const i = (n * 7919) % ORDERS;
    const activities = `/v3/directline/conversations/peer-${n}/activities`;
    for (const text of [`hi, where is my order B${100000 + i}?`, `shopper${i}@bench.example`]) {
      await timed(stats, () => request(agent, base, 'POST', activities, undefined, { type: 'message', from: { id: `bench-${i}` }, text }));
    }
    return true;
  });
}

/** Two bots on one schema (the first stores the orders), driven together by the conversation client. */
async function runPair(level: number): Promise<Stats> {
  const prefix = `benchpair${Date.now()}`;
  const env = {
    BENCH_SCHEMA: `bench_pair_${Date.now()}`, DIRECTLINE_SECRET: SECRET, ADMIN_API_KEY: ADMIN_KEY,
    BENCH_SHARED_REDIS: process.env.REDIS_URL ? '1' : '0', QUEUE_PREFIX: prefix,
  };
  const one = await startTarget({ ...env, BENCH_ORDERS: String(ORDERS) });
  let two: Target | undefined;
  try {
    two = await startTarget({ ...env, BENCH_ORDERS: '0' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: level * 2 });
    await runConversations([one.url, two.url], agent, 2, 2);
    const stats = await runConversations([one.url, two.url], agent, level, SECONDS);
    agent.destroy();
    return stats;
  } finally {
    if (two) await stopTarget(two.child);
    await stopTarget(one.child);
    if (process.env.REDIS_URL) {
      const redis = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
      await deleteKeys(redis, `${prefix}:*`).finally(() => redis.disconnect());
    }
  }
}


/**
 * Bulk ingest: BENCH_INGEST_ORDERS (default 100,000) generated orders through POST /api/v1/orders
 * in batches of 1,000 from 2 concurrent senders, into a bot on an empty store: orders per second.
 */
async function runIngest(): Promise<void> {
  const count = Number(process.env.BENCH_INGEST_ORDERS ?? 100_000);
  const bot = await startTarget({ BENCH_ORDERS: '0', DIRECTLINE_SECRET: SECRET, ADMIN_API_KEY: ADMIN_KEY });
  try {
    const orders = benchOrders(count);
    const agent = new http.Agent({ keepAlive: true, maxSockets: INGEST_SENDERS });
    let next = 0;
    let stored = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: INGEST_SENDERS }, async () => {
      for (let from = next; from < count; from = next) {
        next += INGEST_BATCH;
        const res = await request(agent, bot.url, 'POST', '/api/v1/orders', ADMIN_KEY, JSON.stringify(orders.slice(from, from + INGEST_BATCH)));
        stored += (res.body as { upserted: number }).upserted;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    console.log(`bulk ingest (POST /api/v1/orders, batches of ${INGEST_BATCH}, ${INGEST_SENDERS} senders): ${(stored / seconds).toFixed(0)} orders/s, ${stored} of ${count} stored in ${seconds.toFixed(1)} s`);
  } catch (err) {
    console.log(`bulk ingest: failed, ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await stopTarget(bot.child);
  }
}

/**
 * The CPU time of this machine's PostgreSQL processes so far, in milliseconds (from /proc: a
 * connection that closed in between takes its time with it). 0 where /proc has none.
 */
function databaseCpuMs(): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let ms = 0;
  for (const pid of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      // After the command: state, ppid, ... utime and stime are the 12th and 13th.
      const fields = stat.slice(close + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return ms;
}

/** The target's CPU time so far, in milliseconds ("CPU" on its stdin). */
async function cpuOf(target: Target): Promise<number> {
  return Number(await ask(target, 'CPU'));
}

/** The bot's memory in use, in MB ("MEM" on its stdin, after a full collection). */
async function memoryOf(target: Target): Promise<{ rss: number; heap: number }> {
  const m = JSON.parse(await ask(target, 'MEM')) as { rss: number; heap: number };
  return { rss: m.rss / 2 ** 20, heap: m.heap / 2 ** 20 };
}

async function printStartup(): Promise<void> {
  const start = await startupSeconds().catch((err: Error) => err);
  console.log(start instanceof Error ? `npm start: failed, ${start.message}` : `npm start (embedded PGlite): ${start.first.toFixed(1)} s to the banner on a new data directory (migrations, demo shop), ${start.second.toFixed(1)} s on the same one again (median of 3, ${start.range[0].toFixed(1)}-${start.range[1].toFixed(1)} s)`);
}

/**
 * Seconds from spawning `npm start`'s command (node with the TypeScript loader) until it prints its banner: on a
 * new data directory (migrations, the demo shop), then again on the same one.
 */
async function startupSeconds(): Promise<{ first: number; second: number; range: [number, number] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-bench-start-'));
  const once = () => new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, startArguments(), {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: '', DATABASE_URL: '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seconds: number | undefined;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (seconds !== undefined || !line.startsWith('wismo-bot is running')) return;
      seconds = (performance.now() - started) / 1000;
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => (seconds !== undefined ? resolve(seconds) : reject(new Error(`npm start exited with ${code} before its banner`))));
  });
  try {
    const first = await once();
    // The median of three: one start is a few seconds of a shared machine's noise.
    const again = [await once(), await once(), await once()].sort((a, b) => a - b);
    return { first, second: again[1], range: [again[0], again[2]] };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function runBare(base: string, agent: http.Agent, concurrency: number, seconds: number): Promise<Stats> {
  return drive('bare', concurrency, seconds, async (_n, stats) => {
    await timed(stats, () => request(agent, base, 'POST', '/bare', undefined, { type: 'message', from: { id: 'bench' }, text: 'hi, where is my order B100001?' }));
    return true;
  });
}

function request(agent: http.Agent, base: string, method: string, pathname: string, bearer?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    // A string body is sent as it is (signed webhooks): the signature covers these exact bytes.
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(new URL(pathname, base), {
      method, agent,
      headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 400) return reject(new Error(`${method} ${pathname}: ${res.statusCode} ${text.slice(0, 200)}`));
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function pct(stats: Stats, p: number): string {
  if (stats.latencies.length === 0) return '-';
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
}

/** A child process running bench/`script` (the bot by default); its stdin and its stdout's lines are the bench's. */
function startTarget(env: Record<string, string>, script = 'server.ts'): Promise<Target> {
  const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, path.join(__dirname, script)], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^READY (\S+)/.exec(line);
      if (m) resolve({ url: m[1], child, lines });
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
}

function stopTarget(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
