/**
 * Benchmark target, run as a child process: the bot on the embedded PGlite store (a temp
 * folder) with BENCH_ORDERS generated orders, or (BENCH_BARE=1) a bare express handler.
 * Prints "READY <url>" when listening.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
import { startServer } from '../src/app/server';
import { benchOrders } from './orders';
import { dropSchema } from '../src/store/db';

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
  const schema = `bench_${Date.now()}`;
  const config = loadConfig({
    ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: pg ?? '',
    DATABASE_SCHEMA: pg ? schema : '', SEED_DEMO: 'never', LOG_LEVEL: 'silent', REDIS_URL: '',
  });
  const running = await startServer({ config, logger: createLogger('silent') });
  const count = Number(process.env.BENCH_ORDERS ?? 5000);
  const orders = benchOrders(count);
  for (let i = 0; i < orders.length; i += 1000) await running.wismo.orders.upsert(orders.slice(i, i + 1000));
  process.on('SIGTERM', () => running.stop()
    .then(() => (pg ? dropSchema(pg, schema) : undefined))
    .finally(() => { fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(0); }));
  console.log(`READY ${running.url.replace('localhost', '127.0.0.1')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
