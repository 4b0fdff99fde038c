/**
 * Benchmark target, run as a child process: the bot on the embedded PGlite store (a temp
 * folder) with BENCH_ORDERS generated orders, or (BENCH_BARE=1) a bare express handler.
 * Prints "READY <url>" when listening. With BENCH_NOTICE_ORDERS=K (bench/notices.ts) it is the
 * bot on Redis with K late orders instead, and runs the proactive rounds when told on stdin.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import express from 'express';
import { countStatements } from './statement-counter';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
import { startServer, type RunningServer } from '../src/app/server';
import { benchOrders, daytimeAddress, lateOrders } from './orders';
import { dropSchema } from '../src/store/db';
import { inHoldout } from '../src/proactive/notices';
import { outsideQuietHours, shopperTimeZone } from '../src/proactive/shopper-time';
import { proactiveNotices } from '../src/store/schema';

async function main(): Promise<void> {
  if (process.env.BENCH_BARE === '1') {
    const app = express();
    app.use(express.json());
    app.post('/bare', (req, res) => res.json({ id: crypto.randomUUID(), echo: typeof req.body?.text === 'string' }));
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      console.log(`READY http://127.0.0.1:${port}`);
    });
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-bench-'));
  // BENCH_DATABASE_URL (postgres://...) compares with PostgreSQL in its own process, in a throwaway schema.
  const pg = process.env.BENCH_DATABASE_URL;
  // BENCH_SCHEMA: a schema another bench instance shares (two instances on one database).
  const schema = process.env.BENCH_SCHEMA ?? `bench_${Date.now()}`;
  const notices = Number(process.env.BENCH_NOTICE_ORDERS ?? 0);
  const config = loadConfig({
    ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: pg ?? '',
    DATABASE_SCHEMA: pg ? schema : '', SEED_DEMO: 'never', LOG_LEVEL: 'silent', REDIS_URL: notices > 0 || process.env.BENCH_SHARED_REDIS === '1' ? (process.env.REDIS_URL ?? '') : '',
  });
  const running = await startServer({ config, logger: createLogger('silent') });
  const count = Number(process.env.BENCH_ORDERS ?? 5000);
  const orders = benchOrders(count);
  for (let i = 0; i < orders.length; i += 1000) await running.wismo.orders.upsert(orders.slice(i, i + 1000));
  if (notices > 0) await prepareNotices(running, notices);
  process.on('SIGTERM', () => writeProfile().then(() => printStatements(notices)).then(() => running.stop())
    .then(() => (pg ? dropSchema(pg, schema) : undefined))
    .finally(() => { fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); }));
  // "CPU" on stdin: the process's CPU time so far (the bench takes differences around each level).
  if (notices === 0) {
    await startProfile();
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim() === 'CPU') {
        const used = process.cpuUsage();
        console.log(`CPU ${(used.user + used.system) / 1000}`);
      } else if (line.trim() === 'MEM') {
        // After a full collection, so the figure is what stays, not garbage (tsx runs the bot in a child: no --expose-gc flag reaches it).
        v8.setFlagsFromString('--expose-gc');
        (vm.runInNewContext('gc') as () => void)();
        console.log(`MEM ${JSON.stringify({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed })}`);
      }
    });
  }
  console.log(`READY ${running.url.replace('localhost', '127.0.0.1')}`);
}

/**
 * The notices bench's bot: the schedule is removed (its first run, at start, found nothing: the
 * store was empty), K late orders are stored and their order changes delivered, so that only the
 * rounds the bench asks for on stdin ("RUN") find them. "COUNT" prints the notices by state,
 * "CPU" the bot's CPU time since "RUN". Otherwise "CPU" prints the CPU time so far and "MEM" the
 * memory in use.
 */
async function prepareNotices(running: RunningServer, count: number): Promise<void> {
  const { wismo } = running;
  const proactive = wismo.queue.queue('proactive');
  await proactive.removeJobScheduler('proactive');
  for (;;) {
    const jobs = await proactive.getJobCounts('active', 'wait', 'prioritized');
    if (jobs.active + jobs.wait + jobs.prioritized === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const k = wismo.knowledge.current().proactive;
  if (!k.events.includes('ship_by_passed') || !k.channels.includes('sms')) throw new Error('the knowledge must tell ship_by_passed on sms for the notices bench');
  const now = new Date();
  // Every candidate city is known to city-timezones: the shop's zone is only the fallback.
  const shopZone = wismo.knowledge.current().calendar.time_zone;
  const address = daytimeAddress(now, (a) => shopperTimeZone(a, shopZone), (at, zone) => outsideQuietHours(at, k.quiet_hours, zone));
  if (address.daytimeMinutes < 30) throw new Error(`no candidate city is out of the quiet hours (${k.quiet_hours.from}-${k.quiet_hours.to}) for 30 minutes`);
  const orders = lateOrders(count, address, (id) => inHoldout(id, k.holdout_percent), now.getTime());
  for (let i = 0; i < orders.length; i += 1000) await wismo.orders.upsert(orders.slice(i, i + 1000));
  // The ingest's order changes go to their subscribers now, not during the measurement.
  while ((await wismo.changes.kick()) > 0) { /* next batch */ }

  let cpuAtRun: NodeJS.CpuUsage | undefined;
  const commands = readline.createInterface({ input: process.stdin });
  commands.on('line', (line) => void command(line.trim()).catch((err: Error) => console.log(`ERROR ${err.message}`)));
  const command = async (line: string) => {
    if (line === 'RUN') {
      cpuAtRun = process.cpuUsage();
      await startProfile();
      if (statements) statements.counting.on = true;
      // What the schedule does: one run (the scan over every open order, a batch at a time, each batch's notices dispatched while the next is scanned).
      const t0 = performance.now();
      const { batches: rounds, detected } = await wismo.proactive.run();
      console.log(`DISPATCHED ${JSON.stringify({ rounds, detected, ms: performance.now() - t0, city: address.city, zone: address.zone })}`);
    } else if (line === 'CPU') {
      // The bot's own CPU (user + system, all its threads) since "RUN", in milliseconds.
      const used = process.cpuUsage(cpuAtRun);
      console.log(`CPU ${(used.user + used.system) / 1000}`);
    } else if (line === 'COUNT') {
      const rows = await wismo.store.db.select({ state: proactiveNotices.state, n: sql<number>`count(*)::int` }).from(proactiveNotices)
        .where(eq(proactiveNotices.kind, 'ship_by_passed')).groupBy(proactiveNotices.state);
      console.log(`COUNT ${JSON.stringify(Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])))}`);
    }
  };
}

/**
 * BENCH_SQL=1: the statements the bot sends (PGlite or PostgreSQL) from "RUN" on, counted (per notice) and
 * timed (their wait for PGlite included), printed on stderr when it stops.
 */
const statements = process.env.BENCH_SQL === '1' ? countStatements(110) : undefined;
function printStatements(notices: number): void {
  if (!statements || statements.stats.size === 0) return;
  const all = statements.sorted();
  const total = statements.total();
  console.error(`${(total.n / notices).toFixed(2)} statements and ${fmtBytes(total.paramBytes / notices)} of parameters per notice; per statement: count per notice, average ms (waits included), parameter bytes per notice`);
  for (const [text, s] of all.slice(0, 30)) console.error(`${(s.n / notices).toFixed(3).padStart(7)} ${(s.ms / s.n).toFixed(2).padStart(7)} ${fmtBytes(s.paramBytes / notices).padStart(8)}  ${text}`);
}

function fmtBytes(n: number): string {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${Math.round(n)} B`;
}

/** BENCH_CPU_PROF=<folder>: a CPU profile of the bot (notices: from "RUN") until it stops, written there (open it in Chrome's DevTools). */
let profiling: inspector.Session | undefined;
async function startProfile(): Promise<void> {
  if (!process.env.BENCH_CPU_PROF || profiling) return;
  profiling = new inspector.Session();
  profiling.connect();
  await profiling.post('Profiler.enable');
  await profiling.post('Profiler.start');
}
async function writeProfile(): Promise<void> {
  if (!profiling) return;
  const { profile } = await profiling.post('Profiler.stop');
  const file = path.join(process.env.BENCH_CPU_PROF!, `${Number(process.env.BENCH_NOTICE_ORDERS ?? 0) > 0 ? 'notices' : 'turns'}-${process.pid}.cpuprofile`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
