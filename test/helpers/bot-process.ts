import http from 'node:http';
import path from 'node:path';
import { startArguments } from '../../scripts/start-command';
import { spawn, type ChildProcess } from 'node:child_process';
import { dropSchema } from '../../src/store/db';
import { postgresUrl, randomSchemaName, tempDir } from './db';
import { freePort } from './net';
import { waitFor } from './twilio-test-kit';

/**
 * The bot as a real process (`src/main.ts`) on PostgreSQL, in a schema of its own that
 * outlives restarts: start it, talk HTTP to it, kill it with SIGKILL, start it again.
 */
export async function botProcess(env: Record<string, string>) {
  const schema = randomSchemaName();
  const dataDir = tempDir();
  const port = await freePort();
  let child: ChildProcess | undefined;

  const request = (method: string, pathname: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  return {
    schema,
    request,
    async start(extra: Record<string, string> = {}): Promise<void> {
      const { PATH, HOME } = process.env;
      // npm start's own command, run by node directly (npm would run the bot in a grandchild that SIGKILL does not reach).
      child = spawn(process.execPath, startArguments(), {
        cwd: path.resolve(__dirname, '../..'),
        env: {
          PATH: PATH ?? '', HOME: HOME ?? '', NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir,
          DATABASE_URL: postgresUrl()!, DATABASE_SCHEMA: schema, REDIS_URL: '', SEED_DEMO: 'never', ...env, ...extra,
        },
        stdio: 'ignore',
      });
      await waitFor(async () => (await request('GET', '/health').catch(() => ({ status: 0 }))).status === 200, 60_000, 'the bot to answer /health');
    },
    /** SIGKILL, as a crash: nothing is closed or flushed. */
    async kill(): Promise<void> {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await exited;
    },
    async cleanup(): Promise<void> {
      child?.kill('SIGKILL');
      await dropSchema(postgresUrl()!, schema).catch(() => undefined);
    },
  };
}
