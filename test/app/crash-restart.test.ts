import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import pg from 'pg';
import { FakeTwilio } from '../helpers/fake-twilio';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai';
import { dropSchema } from '../../src/store/db';
import { postgresUrl, randomSchemaName, requireServer, tempDir } from '../helpers/db';
import { PUBLIC_BASE_URL, testAccountSid, twimlMessages, waitFor } from '../helpers/twilio-test-kit';
import { freePort } from '../helpers/net';

/**
 * The bot as a real process on PostgreSQL, killed with SIGKILL in the middle of a turn (while
 * it waits for the model) and started again: Twilio's retry of the message is answered once,
 * after the claim of the dead process has expired, and not again after that.
 */
describe('app: a process killed mid-turn and restarted', function () {
  this.timeout(180_000);
  before(requireServer('postgres'));

  const schema = randomSchemaName();
  const dataDir = tempDir();
  let twilio: FakeTwilio;
  let openai: FakeOpenAi;
  let child: ChildProcess | undefined;
  let port: number;

  before(async () => {
    twilio = await new FakeTwilio(testAccountSid(), 'crash-test-auth-token-0123').start();
    openai = await startFakeOpenAi();
    port = await freePort();
  });
  after(async () => {
    child?.kill('SIGKILL');
    await twilio?.stop();
    await openai?.close();
    await dropSchema(postgresUrl()!, schema).catch(() => undefined);
  });

  const env = (withModel: boolean): Record<string, string> => ({
    NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir,
    DATABASE_URL: postgresUrl()!, DATABASE_SCHEMA: schema, REDIS_URL: '', SEED_DEMO: 'never',
    ADMIN_API_KEY: 'crash-admin-key-0123456789', DIRECTLINE_SECRET: 'crash-directline-secret-0123', PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: twilio.baseUrl,
    OPENAI_API_KEY: withModel ? 'sk-test' : '', OPENAI_BASE_URL: withModel ? openai.baseUrl : '',
  });

  async function startBot(withModel: boolean): Promise<void> {
    const { PATH, HOME } = process.env;
    // tsx as a loader in this very process (its CLI would run the bot in a grandchild that SIGKILL does not reach).
    child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/main.ts')], {
      cwd: path.resolve(__dirname, '../..'), env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env(withModel) }, stdio: 'ignore',
    });
    await waitFor(async () => (await get('/health').catch(() => 0)) === 200, 60_000, 'the bot to answer /health');
  }

  const sms = { MessageSid: `SM${crypto.randomBytes(16).toString('hex')}`, AccountSid: '', From: '+14155550177', To: '+15005550006', Body: 'blorp quux zzzt', NumMedia: '0' };

  it('the retry after the crash is answered exactly once', async () => {
    sms.AccountSid = twilio.accountSid;
    openai.script({ content: 'never delivered', delayMs: 60_000 });
    await startBot(true);

    // The turn waits for the model: kill the process right there.
    const inFlight = postSms().catch(() => 'connection lost');
    await waitFor(() => openai.requests.length > 0, 30_000, 'the turn to reach the model');
    child!.kill('SIGKILL');
    expect(await inFlight).to.equal('connection lost');
    await new Promise((r) => child!.once('exit', r));

    const receipts = await query<{ completed_at: Date | null }>(`SELECT completed_at FROM "${schema}".inbound_receipts WHERE message_id = $1`, [sms.MessageSid]);
    expect(receipts).to.have.length(1);
    expect(receipts[0].completed_at).to.equal(null);

    await startBot(false);
    // Within the minute a retry finds the message in hand (a live process may still be answering it).
    expect(twimlMessages((await postSms()).body)).to.deep.equal([]);
    // The dead process's claim expires: the next retry is answered.
    await query(`UPDATE "${schema}".inbound_receipts SET received_at = now() - interval '2 minutes' WHERE message_id = $1`, [sms.MessageSid]);
    const answered = await postSms();
    expect(answered.status).to.equal(200);
    expect(twimlMessages(answered.body)).to.have.length.greaterThan(0);
    // And only once.
    expect(twimlMessages((await postSms()).body)).to.deep.equal([]);
  });

  function postSms(): Promise<{ status: number; body: string }> {
    const form = new URLSearchParams(sms).toString();
    const signature = twilio.sign(`${PUBLIC_BASE_URL}/channels/twilio/sms`, sms);
    return request('POST', '/channels/twilio/sms', form, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
  }

  async function get(pathname: string): Promise<number> {
    return (await request('GET', pathname)).status;
  }

  function request(method: string, pathname: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
});

async function query<T>(text: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
