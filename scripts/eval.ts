/**
 * `npm run eval [-- --report] [-- <run.mjs options>]`: starts the bot on an in-memory
 * store with fresh keys, runs ../shared/eval/run.mjs against it on the development set,
 * and with --report prints a confusion report per intent and per language.
 * EVAL_DIR overrides where run.mjs lives; EVAL_SET the set folder (default <EVAL_DIR>/dev).
 * EVAL_DATABASE_URL runs the bot on PostgreSQL (a throwaway schema) instead; with it, --round-trips
 * reports the round trips each shopper message took (scripts/round-trip-survey.ts).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
import { startServer } from '../src/app/server';
import { dropSchema } from '../src/store/db';
import { confusionReport } from './eval-report';
import { surveyRoundTrips } from './round-trip-survey';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const report = args.includes('--report');
  const postgres = process.env.EVAL_DATABASE_URL;
  const roundTrips = args.includes('--round-trips');
  if (roundTrips && !postgres) throw new Error('--round-trips counts PostgreSQL round trips: set EVAL_DATABASE_URL');
  const passThrough = args.filter((a) => a !== '--report' && a !== '--round-trips');
  const evalDir = path.resolve(process.env.EVAL_DIR ?? path.join(__dirname, '..', '..', 'shared', 'eval'));
  const setDir = path.resolve(process.env.EVAL_SET ?? path.join(evalDir, 'dev'));
  const runner = path.join(evalDir, 'run.mjs');
  if (!fs.existsSync(runner)) throw new Error(`no evaluation harness at ${runner} (set EVAL_DIR)`);

  const schema = `eval_${Date.now()}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-eval-'));
  const adminKey = crypto.randomBytes(24).toString('base64url');
  const secret = crypto.randomBytes(24).toString('base64url');
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres ?? 'pglite://memory',
    DATABASE_SCHEMA: postgres ? schema : '',
    DATA_DIR: dataDir,
    ADMIN_API_KEY: adminKey,
    DIRECTLINE_SECRET: secret,
    SEED_DEMO: 'never',
    REDIS_URL: '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const running = await startServer({ config, logger: createLogger(config.LOG_LEVEL) });
  const survey = roundTrips ? surveyRoundTrips(running.server) : undefined;
  const jsonFile = path.join(dataDir, 'result.json');
  try {
    const code = await run(process.execPath, [runner, '--base', running.url, '--set', setDir, '--admin-key', adminKey, '--secret', secret, '--json', jsonFile, ...passThrough]);
    if (report && fs.existsSync(jsonFile)) {
      const cases = JSON.parse(fs.readFileSync(path.join(setDir, 'cases.json'), 'utf8'));
      process.stdout.write('\n' + confusionReport(JSON.parse(fs.readFileSync(jsonFile, 'utf8')), cases) + '\n');
    }
    if (survey) process.stdout.write('\n' + survey.report() + '\n');
    process.exitCode = code;
  } finally {
    await running.stop();
    if (postgres) await dropSchema(postgres, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function run(cmd: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
