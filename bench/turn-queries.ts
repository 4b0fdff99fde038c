/**
 * `npx tsx bench/turn-queries.ts`: the SQL statements one WISMO conversation costs (ask, then
 * verify), counted and timed per statement, on the embedded store or, with BENCH_DATABASE_URL,
 * on PostgreSQL in a throwaway schema (every round trip, the turn lock's included). The
 * benchmark says how fast; this says where the time goes.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
import { startServer } from '../src/app/server';
import { dropSchema } from '../src/store/db';
import { benchOrders } from './orders';
import { countStatements } from './statement-counter';

const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 60);
const POSTGRES = process.env.BENCH_DATABASE_URL;
const SCHEMA = `turn_queries_${Date.now()}`;
// Counts every statement drizzle sends to PGlite.
const counter = countStatements(100);

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', PORT: '0', DATABASE_URL: POSTGRES ?? 'pglite://memory', DATABASE_SCHEMA: POSTGRES ? SCHEMA : '', DATA_DIR: '/tmp/wismo-turn-queries', SEED_DEMO: 'never', LOG_LEVEL: 'silent', DIRECTLINE_SECRET: 'turn-queries-secret-0123456789', REDIS_URL: '' });
  const running = await startServer({ config, logger: createLogger('silent') });
  await running.wismo.orders.upsert(benchOrders(500));
  const headers = (bearer: string) => ({ authorization: `Bearer ${bearer}`, 'content-type': 'application/json' });
  const latencies: number[] = [];
  counter.counting.on = true;
  for (let i = 0; i < CONVERSATIONS; i++) {
    const conv = (await (await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST', headers: headers(config.DIRECTLINE_SECRET) })).json()) as { conversationId: string; token: string };
    for (const text of [`where is my order B${100000 + i}?`, `shopper${i}@bench.example`]) {
      const started = performance.now();
      await fetch(`${running.url}/v3/directline/conversations/${conv.conversationId}/activities`, { method: 'POST', headers: headers(conv.token), body: JSON.stringify({ type: 'message', from: { id: `u${i}` }, text }) });
      latencies.push(performance.now() - started);
    }
  }
  counter.counting.on = false;
  const turns = latencies.length;
  const all = counter.sorted();
  const total = counter.total();
  latencies.sort((a, b) => a - b);
  console.log(`${turns} turns on ${POSTGRES ? 'PostgreSQL' : 'PGlite'}, one at a time: p50 ${latencies[turns >> 1].toFixed(1)} ms; ${(total.n / turns).toFixed(1)} statements and ${(total.ms / turns).toFixed(1)} ms in the database per turn`);
  console.log('  count  avg ms  statement');
  for (const [text, s] of all) console.log(`${String(s.n).padStart(7)} ${(s.ms / s.n).toFixed(2).padStart(7)}  ${text}`);
  await running.stop();
  if (POSTGRES) await dropSchema(POSTGRES, SCHEMA);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
