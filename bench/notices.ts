/**
 * `npm run bench`, last section: proactive notices delivered per second to a fake Twilio through
 * BullMQ, and the fake's own ceiling in the same run (goal: at least 2,000 notices per second).
 *
 * - The fake Twilio Messages API (bench/fake-twilio.ts) runs in its own process and counts.
 * - Its ceiling: OUTBOX_CONCURRENCY senders (what the Twilio outbox worker runs per instance)
 *   posting straight to it from this process for BENCH_SECONDS with a plain keep-alive Node
 *   client; then the same with the bot's own Twilio client (channels/twilio/rest-client.ts: the
 *   undici, keep-alive), printed as a second reference.
 * - The bot (bench/server.ts, BENCH_NOTICE_ORDERS) on the bench's store with REDIS_URL in an
 *   empty Redis database (emptied again afterwards), the Twilio variables pointing at the fake,
 *   NOTICE_RATES=sms=100000 (the per-number limiter is a setting, not what is measured), and
 *   BENCH_NOTICES (default 20,000) late orders with SMS consent, a phone each, out of the holdout,
 *   shipped to a city where it is daytime now.
 * - Then one proactive run, as the schedule makes it: the detection scan over every open order,
 *   a batch at a time, each batch's notices dispatched (claim, decide, queue on notices-sms)
 *   while the next is scanned; the notices workers post each job's notices to the fake. Timed
 *   from the start of the run until the fake has received a message for every order's number.
 * Skipped, with the reason, when REDIS_URL is unset or Redis does not answer.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type readline from 'node:readline';
import IORedis, { type Redis } from 'ioredis';
import { TwilioMessages } from '../channels/twilio/rest-client';

/** The Twilio outbox worker's concurrency (channels/kit/outbound.ts: `queue.work` with JobQueue's default of 4). */
const OUTBOX_CONCURRENCY = 4;
/** 20,000 by default: a run of a few seconds measures the process warming up (5,000 notices: about 1,500/s, 0.6 ms each). */
const NOTICES = Number(process.env.BENCH_NOTICES ?? 20_000);
/** No new message at the fake for this long: the run is given up. */
const STALL_MS = 60_000;
const LOCK = 'wismo-bench:notices';
const SID = `AC${crypto.randomBytes(16).toString('hex')}`;
const TOKEN = crypto.randomBytes(16).toString('hex');
const FROM = '+15005550006';

export interface Target { url: string; child: ChildProcess; lines: readline.Interface }
export interface Launcher {
  start(env: Record<string, string>, script?: string): Promise<Target>;
  stop(child: ChildProcess): Promise<void>;
}

interface FakeStats { messages: number; recipients: number; repeated: number; refused: number; firstAt: number; lastAt: number }

export async function runNotices(launcher: Launcher, seconds: number): Promise<void> {
  const label = 'proactive notices (BullMQ, fake Twilio)';
  if (!process.env.REDIS_URL) return console.log(`${label}: skipped, REDIS_URL is unset (notices go out through BullMQ)`);
  const redis = await emptyRedisDatabase(process.env.REDIS_URL);
  if (typeof redis === 'string') return console.log(`${label}: skipped, ${redis}`);
  let fake: Target | undefined;
  let bot: Target | undefined;
  try {
    fake = await launcher.start({ BENCH_TWILIO_SID: SID, BENCH_TWILIO_TOKEN: TOKEN }, 'fake-twilio.ts');
    const ceiling = await measureCeilings(fake.url, seconds);
    await fetch(`${fake.url}/bench/reset`, { method: 'POST' });

    bot = await launcher.start({
      BENCH_ORDERS: '0', BENCH_NOTICE_ORDERS: String(NOTICES), REDIS_URL: redis.url, NOTICE_RATES: 'sms=100000', PROACTIVE_EVERY_MINUTES: '1440',
      TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: FROM, TWILIO_API_BASE_URL: fake.url, TWILIO_MESSAGING_SERVICE_SID: '',
      PUBLIC_BASE_URL: 'https://bot.bench.example', DIRECTLINE_SECRET: 'bench-secret-0123456789abcdef', ADMIN_API_KEY: 'bench-admin-key-0123456789',
    });
    const dispatched = nextLine(bot.lines, 'DISPATCHED');
    const t0 = Date.now();
    bot.child.stdin!.write('RUN\n');
    const stats = await waitForRecipients(fake.url, NOTICES);
    const cpuMs = Number(await ask(bot, 'CPU'));
    const rounds = JSON.parse(await dispatched) as { rounds: number; detected: number; ms: number; city: string; zone: string };
    const states = await settledStates(bot);

    const elapsed = (stats.lastAt - t0) / 1000;
    const rate = stats.recipients / elapsed;
    const failed = states.failed ?? 0;
    const other = Object.entries(states).filter(([s]) => s !== 'sent' && s !== 'failed').map(([s, n]) => `, ${fmt(n)} ${s}`).join('');
    console.log(
      `${label}: ${fmt(rate)} delivered/s = ${percent(rate, ceiling.plain.rate)} of the fake's ceiling ${fmt(ceiling.plain.rate)}/s `
      + `(${fmt(NOTICES)} notices, ${fmt(stats.recipients)} delivered in ${elapsed.toFixed(1)} s, ${fmt(failed)} failed${other})`,
    );
    console.log(
      `  the bot's CPU: ${(cpuMs / NOTICES).toFixed(2)} ms per notice, ${percent(cpuMs / 1000, elapsed)} of one core over the run `
      + `(at 2,000 notices/s a notice may cost at most 0.5 ms of one core)`,
    );
    console.log(
      `  the run (${rounds.rounds} scan batches, each batch's dispatch: claim, decide, queue) took ${(rounds.ms / 1000).toFixed(1)} s for ${fmt(rounds.detected)} detections; `
      + `first message at ${((stats.firstAt - t0) / 1000).toFixed(2)} s; ${fmt(stats.messages)} messages, ${stats.repeated} repeated sends, ${stats.refused} refused; `
      + `shoppers in ${rounds.city} (${rounds.zone}); NOTICE_RATES=sms=100000, so the limiter is not what is measured`,
    );
    console.log(
      `  the fake's ceiling, ${OUTBOX_CONCURRENCY} concurrent senders (the outbox worker's concurrency), keep-alive: ${fmt(ceiling.plain.rate)}/s with a plain Node client, `
      + `${fmt(ceiling.client.rate)}/s with the bot's Twilio client (undici; ${percent(rate, ceiling.client.rate)} of it)`
      + `${ceiling.plain.failed + ceiling.client.failed ? `, ${ceiling.plain.failed + ceiling.client.failed} failed` : ''}`,
    );
  } catch (err) {
    console.log(`${label}: failed, ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    if (bot) await launcher.stop(bot.child);
    if (fake) await launcher.stop(fake.child);
    await redis.release();
  }
}

interface Ceiling { rate: number; sent: number; failed: number; seconds: number }

/**
 * The fake's ceiling: OUTBOX_CONCURRENCY senders posting a notice-sized message straight to it
 * for `seconds` (after a one-second warm-up), with a plain keep-alive Node client (the fake's own
 * ceiling) and then with the bot's Twilio client (undici: what one outbox worker could
 * do at best).
 */
async function measureCeilings(base: string, seconds: number): Promise<{ plain: Ceiling; client: Ceiling }> {
  const body = 'An update on your order N100042: it has not shipped yet; we expect to ship it by Friday and will tell you when it does.\n\nTrack it: https://bot.bench.example/track/abcdefghijklmnopqrstuvwxyz0123456789';
  const statusCallback = 'https://bot.bench.example/channels/twilio/status';
  const to = (i: number) => `+3462${String(i % 10_000_000).padStart(7, '0')}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: OUTBOX_CONCURRENCY });
  const url = new URL(`/2010-04-01/Accounts/${SID}/Messages.json`, base);
  const authorization = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
  const plain = (i: number) => new Promise<boolean>((resolve, reject) => {
    const form = new URLSearchParams({ To: to(i), From: FROM, Body: body, StatusCallback: statusCallback }).toString();
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form), 'i-twilio-idempotency-token': `bench-plain-${i}` },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 201));
    });
    req.on('error', reject);
    req.end(form);
  });
  const api = new TwilioMessages(SID, TOKEN, base);
  const client = async (i: number) => (await api.send({ to: to(i), from: FROM, body, statusCallback }, `bench-client-${i}`)).ok;
  let n = 0;
  const run = async (send: (i: number) => Promise<boolean>, ms: number): Promise<Ceiling> => {
    const result = { rate: 0, sent: 0, failed: 0, seconds: 0 };
    const deadline = Date.now() + ms;
    const started = performance.now();
    await Promise.all(Array.from({ length: OUTBOX_CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        if (await send(n++).catch(() => false)) result.sent += 1;
        else result.failed += 1;
      }
    }));
    result.seconds = (performance.now() - started) / 1000;
    result.rate = result.sent / result.seconds;
    return result;
  };
  await run(plain, 1000);
  const plainCeiling = await run(plain, seconds * 1000);
  await run(client, 1000);
  const clientCeiling = await run(client, seconds * 1000);
  agent.destroy();
  return { plain: plainCeiling, client: clientCeiling };
}

/** Polls the fake until it has a message for `count` numbers; fails when nothing new arrives for STALL_MS. */
async function waitForRecipients(base: string, count: number): Promise<FakeStats> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const stats = (await (await fetch(`${base}/bench/stats`)).json()) as FakeStats;
    if (stats.recipients >= count) return stats;
    if (stats.messages !== last) {
      last = stats.messages;
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      throw new Error(`the fake Twilio got ${stats.recipients} of ${count} notices, then nothing for ${STALL_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The notices by state once none is pending any more (the last ones are marked sent after their hand-over), or after 10 s. */
async function settledStates(bot: Target): Promise<Record<string, number>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const states = JSON.parse(await ask(bot, 'COUNT')) as Record<string, number>;
    if (!states.pending || Date.now() > deadline) return states;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes a command to a child's stdin; resolves with the rest of its answer line (the line starting with the command). */
export function ask(target: Target, command: string): Promise<string> {
  const answer = nextLine(target.lines, command);
  target.child.stdin!.write(`${command}\n`);
  return answer;
}

/** Deletes the keys matching `pattern` (what a run's queues left in Redis). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** The rest of the child's next stdout line starting with `prefix` (an "ERROR" line rejects). */
function nextLine(lines: readline.Interface, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      if (!line.startsWith(`${prefix} `) && !line.startsWith('ERROR ')) return;
      lines.off('line', onLine);
      if (line.startsWith('ERROR ')) reject(new Error(`the bot: ${line.slice(6)}`));
      else resolve(line.slice(prefix.length + 1));
    };
    lines.on('line', onLine);
  });
}

/**
 * A Redis database of its own for the bot's queues (the bot's BullMQ prefix is fixed, and other
 * processes, test runs included, work the same queue names in database 0): the highest-numbered
 * empty one, claimed with a lock key; `release` deletes what the run left in it.
 */
async function emptyRedisDatabase(url: string): Promise<{ url: string; release(): Promise<void> } | string> {
  const redis: Redis = new IORedis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    return `Redis at REDIS_URL does not answer (${(err as Error).message})`;
  }
  try {
    for (let db = 15; db >= 1; db--) {
      await redis.select(db);
      if ((await redis.dbsize()) !== 0 || (await redis.set(LOCK, String(process.pid), 'EX', 3600, 'NX')) !== 'OK') continue;
      const own = new URL(url);
      own.pathname = `/${db}`;
      return {
        url: own.toString(),
        release: async () => {
          await deleteKeys(redis, 'wismo:*');
          await redis.del(LOCK);
          await redis.quit();
        },
      };
    }
  } catch (err) {
    redis.disconnect();
    return `no Redis database of its own (${(err as Error).message})`;
  }
  redis.disconnect();
  return 'no empty Redis database (1-15) for the bot\'s queues';
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(part < whole / 10 ? 1 : 0)}%`;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
