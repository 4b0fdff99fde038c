/**
 * `npm run eval [-- --report] [-- <run.mjs options>]`: starts the bot on an in-memory
 * store with fresh keys, runs ../shared/eval/run.mjs against it on the development set,
 * and with --report prints a confusion report per intent and per language.
 * EVAL_DIR overrides where run.mjs lives; EVAL_SET the set folder (default <EVAL_DIR>/dev).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
import { startServer } from '../src/app/server';
import { confusionReport } from './eval-report';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const report = args.includes('--report');
  const passThrough = args.filter((a) => a !== '--report');
  const evalDir = path.resolve(process.env.EVAL_DIR ?? path.join(__dirname, '..', '..', 'shared', 'eval'));
  const setDir = path.resolve(process.env.EVAL_SET ?? path.join(evalDir, 'dev'));
  const runner = path.join(evalDir, 'run.mjs');
  if (!fs.existsSync(runner)) throw new Error(`no evaluation harness at ${runner} (set EVAL_DIR)`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-eval-'));
  const adminKey = crypto.randomBytes(24).toString('base64url');
  const secret = crypto.randomBytes(24).toString('base64url');
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: 'pglite://memory',
    DATA_DIR: dataDir,
    ADMIN_API_KEY: adminKey,
    DIRECTLINE_SECRET: secret,
    SEED_DEMO: 'never',
    REDIS_URL: '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const running = await startServer({ config, logger: createLogger(config.LOG_LEVEL) });
  const jsonFile = path.join(dataDir, 'result.json');
  try {
    const code = await run(process.execPath, [runner, '--base', running.url, '--set', setDir, '--admin-key', adminKey, '--secret', secret, '--json', jsonFile, ...passThrough]);
    if (report && fs.existsSync(jsonFile)) {
      const cases = JSON.parse(fs.readFileSync(path.join(setDir, 'cases.json'), 'utf8'));
      process.stdout.write('\n' + confusionReport(JSON.parse(fs.readFileSync(jsonFile, 'utf8')), cases) + '\n');
    }
    process.exitCode = code;
  } finally {
    await running.stop();
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
