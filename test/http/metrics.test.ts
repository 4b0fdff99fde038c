import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { startServer, type RunningServer } from '../../src/app/server';
import type { Wismo } from '../../src/app/container';
import { PrometheusMetrics } from '../../src/metrics/prometheus';
import { inHoldout } from '../../src/proactive/notices';
import { openTestStore, requireServer, tempDir, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { shopifyOrder, shopifyWebhook } from '../helpers/fake-shopify';
import { PUBLIC_BASE_URL, postSigned, testAccountSid, waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, SECRET, attackBot, webchat } from '../security/attack-kit';

const TOKEN = 'metrics-token-0123456789abcdef';
const SHOPIFY_SECRET = 'shopify-metrics-secret-0123';

/** One sample of the Prometheus text format: `name{label="value",...} value`. */
interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of a scrape (comments and blank lines skipped; label values unescaped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1');
    samples.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return samples;
}

/** The samples of `name` whose labels include `labels`. */
function samples(all: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of `name` with exactly `labels`, or undefined. */
function value(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter((s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  expect(found.length, `${name}${JSON.stringify(labels)} appears more than once`).to.be.at.most(1);
  return found[0]?.value;
}

const sum = (list: Sample[]) => list.reduce((n, s) => n + s.value, 0);

async function scrape(app: Express | string, token?: string): Promise<Sample[]> {
  const req = request(app).get('/metrics');
  if (token) req.set('Authorization', `Bearer ${token}`);
  const res = await req.expect(200);
  expect(res.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.text);
}

describe('http: GET /metrics (Prometheus, src/metrics)', function () {
  this.timeout(60_000);
  let db: TestStore;
  let twilio: FakeTwilio;
  const logger = createLogger('silent');

  before(async () => {
    // PGlite on purpose, whatever DATABASE_URL says: the pool metrics are absent there (the PostgreSQL suite below has them).
    db = await openTestStore('pglite');
    twilio = await new FakeTwilio(testAccountSid(), `test-twilio-token-${crypto.randomBytes(4).toString('hex')}`).start();
  });
  after(async () => {
    await twilio?.stop();
    await db?.cleanup();
  });

  describe('with METRICS_TOKEN, on the main port', () => {
    let wismo: Wismo;
    let app: Express;
    before(async () => {
      wismo = await attackBot(db.store, twilio, { METRICS_TOKEN: TOKEN, BODY_LIMIT: '20kb', SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, SHOPIFY_SHOP_DOMAIN: 'metrics-shop.myshopify.com' });
      app = wismo.app;
    });
    after(() => wismo?.close());

    it('answers 401 without the token or with a wrong one, and asks for a bearer token', async () => {
      const none = await request(app).get('/metrics').expect(401);
      expect(none.headers['www-authenticate']).to.match(/^Bearer /);
      expect(none.text).not.to.match(/wismo_|process_/);
      await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await request(app).get('/metrics').set('Authorization', `Bearer ${ADMIN}`).expect(401);
    });

    it('counts web chat turns by outcome, with a latency histogram of the same count', async () => {
      const before = await scrape(app, TOKEN);
      const turnsBefore = sum(samples(before, 'wismo_turns_total', { channel: 'webchat' }));
      const countBefore = value(before, 'wismo_turn_duration_seconds_count', { channel: 'webchat' }) ?? 0;

      const shopper = await webchat(app, '198.51.100.7');
      const said = [
        ['hello', 'answered'],
        ['banana', 'fallback'],
        ['what is the weather on mars', 'answered'],
        ['where is my order?', 'clarifying'],
        ['i want to talk to a real person', 'handed_off'],
        ['are you there?', 'with_agent'],
      ] as const;
      for (const [text] of said) await shopper.say(text);

      const after = await scrape(app, TOKEN);
      expect(sum(samples(after, 'wismo_turns_total', { channel: 'webchat' })) - turnsBefore).to.equal(said.length);
      for (const outcome of new Set(said.map(([, o]) => o))) {
        const expected = said.filter(([, o]) => o === outcome).length;
        const was = value(before, 'wismo_turns_total', { channel: 'webchat', outcome }) ?? 0;
        expect((value(after, 'wismo_turns_total', { channel: 'webchat', outcome }) ?? 0) - was, outcome).to.equal(expected);
      }
      // The histogram counts every turn once, and its buckets are cumulative up to +Inf.
      const count = value(after, 'wismo_turn_duration_seconds_count', { channel: 'webchat' })!;
      expect(count - countBefore).to.equal(said.length);
      expect(count).to.equal(sum(samples(after, 'wismo_turns_total', { channel: 'webchat' })));
      expect(value(after, 'wismo_turn_duration_seconds_bucket', { channel: 'webchat', le: '+Inf' })).to.equal(count);
      const buckets = samples(after, 'wismo_turn_duration_seconds_bucket', { channel: 'webchat' }).map((s) => s.value);
      expect(buckets).to.deep.equal([...buckets].sort((a, b) => a - b));
      expect(value(after, 'wismo_turn_duration_seconds_sum', { channel: 'webchat' })).to.be.greaterThan(0);
      // The person the shopper asked for: one case, by reason and channel.
      expect(value(after, 'wismo_handoffs_total', { reason: 'requested', channel: 'webchat' })).to.equal(1);
    });

    it('counts refused channel webhooks by reason: bad signature, too large, invalid body', async () => {
      const form = { MessageSid: 'SM' + crypto.randomBytes(16).toString('hex'), AccountSid: twilio.accountSid, From: '+15125550100', To: '+15005550006', Body: 'hi', NumMedia: '0' };
      await request(app).post('/channels/twilio/sms').type('form').set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').send(new URLSearchParams(form).toString()).expect(403);
      await request(app).post('/channels/twilio/sms').type('form').send(new URLSearchParams(form).toString()).expect(403);
      await request(app).post('/channels/twilio/sms').type('form').send(`Body=${'x'.repeat(30_000)}`).expect(413);
      // Signed, but not a status callback.
      await postSigned(app, twilio, '/channels/twilio/status', { AccountSid: twilio.accountSid, MessageStatus: 'delivered' }).expect(400);
      // A Direct Line token that is not valid is refused like a signature.
      await request(app).post('/v3/directline/conversations').set('Authorization', 'Bearer not-a-directline-token').expect(403);
      // Not a webhook: an admin API call with a wrong key is not counted.
      await request(app).post('/api/v1/orders').set('Authorization', 'Bearer wrong-admin-key-0123456789').send([]).expect(401);

      const after = await scrape(app, TOKEN);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'twilio', reason: 'signature' })).to.equal(2);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'twilio', reason: 'too_large' })).to.equal(1);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'twilio', reason: 'invalid_body' })).to.equal(1);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'webchat', reason: 'signature' })).to.equal(1);
      expect(samples(after, 'wismo_webhook_rejections_total').map((s) => s.labels.webhook).sort()).to.deep.equal(['twilio', 'twilio', 'twilio', 'webchat']);
    });

    it('counts data source webhooks: a wrong signature, and each event\'s outcome with the rejected payloads', async () => {
      await shopifyWebhook(app, 'not-the-secret', 'orders/create', shopifyOrder()).expect(401);
      expect((await shopifyWebhook(app, SHOPIFY_SECRET, 'orders/create', shopifyOrder(), { eventId: 'metrics-evt-1' }).expect(200)).body.outcome).to.equal('applied');
      expect((await shopifyWebhook(app, SHOPIFY_SECRET, 'orders/create', shopifyOrder(), { eventId: 'metrics-evt-1' }).expect(200)).body.outcome).to.equal('duplicate');
      expect((await shopifyWebhook(app, SHOPIFY_SECRET, 'orders/create', '{not json', { eventId: 'metrics-evt-2' }).expect(200)).body.outcome).to.equal('rejected');

      const after = await scrape(app, TOKEN);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'shopify', reason: 'signature' })).to.equal(1);
      expect(value(after, 'wismo_webhook_rejections_total', { webhook: 'shopify', reason: 'rejected_payload' })).to.equal(1);
      expect(value(after, 'wismo_source_events_total', { source: 'shopify', outcome: 'applied' })).to.equal(1);
      expect(value(after, 'wismo_source_events_total', { source: 'shopify', outcome: 'duplicate' })).to.equal(1);
      expect(value(after, 'wismo_source_events_total', { source: 'shopify', outcome: 'rejected' })).to.equal(1);
    });

    it('includes the default process metrics once, and no queue or pool gauges without Redis and on PGlite', async () => {
      const all = await scrape(app, TOKEN);
      for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'process_start_time_seconds']) {
        expect(samples(all, name), name).to.have.length(1);
      }
      expect(samples(all, 'nodejs_version_info')).to.have.length(1);
      expect(all.filter((s) => /^wismo_(queue_jobs|db_pool_)/.test(s.name))).to.deep.equal([]);
    });
  });

  describe('with neither METRICS_TOKEN nor METRICS_PORT', () => {
    let wismo: Wismo;
    before(async () => { wismo = await attackBot(db.store, twilio); });
    after(() => wismo?.close());

    it('has no /metrics (404), token or not', async () => {
      await request(wismo.app).get('/metrics').expect(404);
      await request(wismo.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    });
  });

  describe('with METRICS_PORT, a listener of its own', () => {
    let running: RunningServer;
    before(async () => {
      const config = loadConfig({
        NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', PUBLIC_BASE_URL, ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: SECRET,
        METRICS_PORT: '0', METRICS_HOST: '127.0.0.1',
      });
      running = await startServer({ config, logger, store: db.store, port: 0, host: '127.0.0.1' });
    });
    after(() => running?.stop());

    it('answers on its own port without a token; the main port has no /metrics', async () => {
      expect(running.metricsUrl).to.be.a('string');
      expect(running.metricsUrl).not.to.equal(running.url);
      await request(running.url).get('/metrics').expect(404);
      await request(running.metricsUrl!).get('/health').expect(404);

      // This app's own registry: the turns of the other apps in this process are not in it.
      const first = await scrape(running.metricsUrl!);
      expect(samples(first, 'wismo_turns_total')).to.deep.equal([]);
      const shopper = await webchat(running.wismo.app, '198.51.100.8');
      await shopper.say('hello');
      await shopper.say('thanks');
      const after = await scrape(running.metricsUrl!);
      expect(value(after, 'wismo_turns_total', { channel: 'webchat', outcome: 'answered' })).to.equal(2);
      expect(value(after, 'wismo_turn_duration_seconds_count', { channel: 'webchat' })).to.equal(2);
      expect(samples(after, 'process_cpu_user_seconds_total')).to.have.length(1);
    });
  });

  describe('METRICS_PORT with METRICS_TOKEN too', () => {
    let running: RunningServer;
    before(async () => {
      const config = loadConfig({
        NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', PUBLIC_BASE_URL, ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: SECRET,
        METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: TOKEN,
      });
      running = await startServer({ config, logger, store: db.store, port: 0, host: '127.0.0.1' });
    });
    after(() => running?.stop());

    it('asks for the token on the metrics port as well', async () => {
      await request(running.metricsUrl!).get('/metrics').expect(401);
      await scrape(running.metricsUrl!, TOKEN);
      await request(running.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    });
  });
});

describe('metrics: the PostgreSQL pool and the BullMQ queues', function () {
  this.timeout(60_000);
  before(requireServer('postgres'));
  before(requireServer('redis'));
  let db: TestStore;
  let twilio: FakeTwilio;
  let wismo: Wismo;
  const queueName = `metrics-test-${crypto.randomBytes(4).toString('hex')}`;

  before(async () => {
    db = await openTestStore('postgres');
    twilio = await new FakeTwilio(testAccountSid(), `test-twilio-token-${crypto.randomBytes(4).toString('hex')}`).start();
    wismo = await attackBot(db.store, twilio, { METRICS_TOKEN: TOKEN, REDIS_URL: process.env.REDIS_URL! });
  });
  after(async () => {
    await wismo?.queue.queue(queueName).obliterate({ force: true }).catch(() => undefined);
    await wismo?.close();
    await twilio?.stop();
    await db?.cleanup();
  });

  it('reports the pool (its size limit, open and waiting) read at scrape time', async () => {
    const all = await scrape(wismo.app, TOKEN);
    // openTestStore's pool has 4 connections at most.
    expect(value(all, 'wismo_db_pool_max_connections')).to.equal(4);
    expect(value(all, 'wismo_db_pool_connections')).to.be.within(1, 4);
    expect(value(all, 'wismo_db_pool_idle_connections')).to.be.within(0, 4);
    expect(value(all, 'wismo_db_pool_waiting_requests')).to.equal(0);
  });

  it('reports each queue\'s jobs by state, and counts failed job attempts from the workers', async () => {
    let before = await scrape(wismo.app, TOKEN);
    // The schedules and workers the app starts are there from the first scrape.
    expect(samples(before, 'wismo_queue_jobs', { queue: 'tracking-watch' }).map((s) => s.labels.state).sort()).to.deep.equal(['active', 'delayed', 'failed', 'waiting']);
    expect(samples(before, 'wismo_queue_jobs', { queue: 'source-webhooks' })).to.have.length(4);
    expect(value(before, 'wismo_queue_job_failures_total', { queue: queueName })).to.equal(undefined);

    wismo.queue.work(queueName, async () => { throw new Error('this job always fails'); }, 1);
    await wismo.queue.add(queueName, { n: 1 }, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    before = await waitFor(async () => {
      const all = await scrape(wismo.app, TOKEN);
      return value(all, 'wismo_queue_jobs', { queue: queueName, state: 'failed' }) === 1 ? all : undefined;
    }, 15_000, 'the job to fail for good');
    expect(value(before, 'wismo_queue_job_failures_total', { queue: queueName })).to.equal(2);
    expect(value(before, 'wismo_queue_jobs', { queue: queueName, state: 'waiting' })).to.equal(0);
  });
});

describe('metrics: proactive notices', function () {
  this.timeout(60_000);
  let db: TestStore;
  let twilio: FakeTwilio;
  let wismo: Wismo;
  // Tuesday 24 November 2026, 08:05 in Madrid: past the shoppers' quiet hours.
  const MORNING_IN_MADRID = new Date('2026-11-24T07:05:00Z');
  let serial = 0;
  /** An order number the demo knowledge's holdout (10%) does or does not take. */
  const orderNumber = (holdout: boolean) => {
    for (;;) {
      const id = `M${Date.now() % 100000}${++serial}`;
      if (inHoldout(id, 10) === holdout) return id;
    }
  };
  /** Placed long before, nothing shipped: its ship-by day has passed. */
  const lateOrder = (id: string, consent: boolean) => ({
    id, placedAt: '2026-11-02T10:00:00Z', status: 'open',
    customer: { name: 'Lucía Gómez', email: `lucia.${id}@example.com`, phone: `+3461${crypto.randomInt(1_000_000, 9_999_999)}`, ...(consent ? { consent: { sms: true } } : {}) },
    shippingAddress: { line1: 'Calle Mayor 5', city: 'Madrid', postalCode: '28013', country: 'ES' },
    items: [{ sku: 'MUG', name: 'Taza azul', quantity: 1 }],
    shipments: [],
  });

  before(async () => {
    // A store of its own: detection looks at every order in it.
    db = await openTestStore('pglite');
    twilio = await new FakeTwilio(testAccountSid(), `test-twilio-token-${crypto.randomBytes(4).toString('hex')}`).start();
    wismo = await attackBot(db.store, twilio, { METRICS_TOKEN: TOKEN });
  });
  after(async () => {
    await wismo?.close();
    await twilio?.stop();
    await db?.cleanup();
  });

  it('counts notices sent and suppressed, by kind and reason', async () => {
    await request(wismo.app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`)
      .send([lateOrder(orderNumber(false), true), lateOrder(orderNumber(false), true), lateOrder(orderNumber(true), true), lateOrder(orderNumber(false), false)]).expect(200);
    await wismo.proactive.run(MORNING_IN_MADRID);
    await waitFor(() => twilio.messages.length >= 2, 10_000, 'two notices by SMS');
    const all = await scrape(wismo.app, TOKEN);
    expect(value(all, 'wismo_notices_total', { kind: 'ship_by_passed', outcome: 'sent', reason: '' })).to.equal(2);
    expect(value(all, 'wismo_notices_total', { kind: 'ship_by_passed', outcome: 'suppressed', reason: 'holdout' })).to.equal(1);
    expect(value(all, 'wismo_notices_total', { kind: 'ship_by_passed', outcome: 'suppressed', reason: 'no_consent' })).to.equal(1);
    expect(sum(samples(all, 'wismo_notices_total'))).to.equal(4);
  });
});

describe('metrics: PrometheusMetrics registries', () => {
  it('keeps each app\'s counts in its own registry (never the global one)', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.turn('sms', 'answered', 0.2);
    a.turn('sms', 'error', 3);
    const textA = parseMetrics(await a.text());
    const textB = parseMetrics(await b.text());
    expect(value(textA, 'wismo_turns_total', { channel: 'sms', outcome: 'answered' })).to.equal(1);
    expect(value(textA, 'wismo_turns_total', { channel: 'sms', outcome: 'error' })).to.equal(1);
    expect(value(textA, 'wismo_turn_duration_seconds_bucket', { channel: 'sms', le: '0.25' })).to.equal(1);
    expect(value(textA, 'wismo_turn_duration_seconds_bucket', { channel: 'sms', le: '4' })).to.equal(2);
    expect(samples(textB, 'wismo_turns_total')).to.deep.equal([]);
    const { register } = await import('prom-client');
    expect(await register.getMetricsAsJSON()).to.deep.equal([]);
  });
});
