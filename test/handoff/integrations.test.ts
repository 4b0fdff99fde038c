import http from 'node:http';
import type { HandoffReason } from '../../src/vocabulary';
import type { AddressInfo } from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import { handoffFixture, factSheet, seedConversation, type HandoffFixture } from '../helpers/handoff-fixture';
import { IntegrationHub, integrationStatus, targetsFrom, verifySignature, type IntegrationSettings } from '../../src/handoff/integrations';
import { JobQueue } from '../../src/queue';
import { createLogger } from '../../src/log/logger';

interface Received { path: string; headers: http.IncomingHttpHeaders; body: string }

/** A local server speaking HTTP like the real endpoints; `failures` answers 500 that many times first. */
async function fakeEndpoint(respond: (r: Received) => { status: number; body: string } = () => ({ status: 200, body: 'ok' })) {
  const received: Received[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('boom');
        return;
      }
      received.push(r);
      const out = respond(r);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, failNext: (n: number) => (failures = n), close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('handoff integrations', function () {
  let f: HandoffFixture;
  let endpoint: Awaited<ReturnType<typeof fakeEndpoint>>;
  const logger = createLogger('silent');
  const secret = 'webhook-secret-123';

  before(async function () {
    f = await handoffFixture();
    endpoint = await fakeEndpoint((r) => (r.path === '/api/v2/tickets.json' ? { status: 201, body: JSON.stringify({ ticket: { id: 77 } }) } : { status: 200, body: 'ok' }));
  });
  after(async function () {
    await endpoint?.close();
    await f?.close();
  });

  function settings(over: Partial<IntegrationSettings>): IntegrationSettings {
    return { PUBLIC_BASE_URL: 'https://bot.example', ...over };
  }

  function hub(config: IntegrationSettings, queue = JobQueue.disabled(logger)) {
    return new IntegrationHub({ db: f.store.db, cases: f.handoff.cases, transcript: f.transcript, queue, logger, targets: targetsFrom(config), publicBaseUrl: config.PUBLIC_BASE_URL, firstAttemptDelayMs: 0 });
  }

  async function newCase(reason: HandoffReason = 'delivery_problem') {
    const conv = await seedConversation(f, { orderId: '1001', facts: factSheet('1001') });
    const { case: c } = (await f.handoff.cases.open({ conversationKey: conv.key, channel: 'webchat', senderId: conv.senderId, orderId: '1001', reason, language: 'es', problem: 'damaged' }, new Date()))!;
    return c;
  }

  it('is off without its variables, and says why', function () {
    expect(targetsFrom(settings({}))).to.deep.equal([]);
    expect(targetsFrom(settings({ HANDOFF_WEBHOOK_URL: endpoint.url }))).to.deep.equal([]);
    const status = integrationStatus(settings({ HANDOFF_WEBHOOK_URL: endpoint.url }), false);
    expect(status.webhook).to.deep.equal({ on: false, why: 'HANDOFF_WEBHOOK_SECRET is unset' });
    expect(status.slack.on).to.equal(false);
    expect(status.zendesk.on).to.equal(false);
  });

  it('signed webhook: a verifiable HMAC of the raw body, a timestamp, and a delivery log row', async function () {
    const h = hub(settings({ HANDOFF_WEBHOOK_URL: `${endpoint.url}/hook`, HANDOFF_WEBHOOK_SECRET: secret }));
    const c = await newCase();
    const before = endpoint.received.length;
    await h.notify('case.created', c.id);
    await h.drain();
    const got = endpoint.received.slice(before);
    expect(got).to.have.length(1);
    const r = got[0];
    expect(r.path).to.equal('/hook');
    expect(verifySignature(secret, r.body, r.headers['x-wismo-signature'] as string)).to.equal(true);
    expect(verifySignature('other-secret', r.body, r.headers['x-wismo-signature'] as string)).to.equal(false);
    expect(r.headers['x-wismo-signature']).to.match(/^sha256=[0-9a-f]{64}$/);
    const body = JSON.parse(r.body);
    expect(Number(r.headers['x-wismo-timestamp'])).to.equal(body.timestamp);
    expect(body).to.include({ event: 'case.created', inboxUrl: `https://bot.example/inbox/#case-${c.id}` });
    expect(body.case).to.include({ id: c.id, reason: 'delivery_problem', orderId: '1001' });
    expect(body.transcript).to.have.length(2);
    const log = await h.log.ofCase(c.id);
    expect(log).to.have.length(1);
    expect(log[0]).to.include({ target: 'webhook', event: 'case.created', status: 'delivered', attempts: 1, responseStatus: 200 });
  });

  it('without Redis: one inline attempt, a failure is logged as failed', async function () {
    const h = hub(settings({ HANDOFF_WEBHOOK_URL: `${endpoint.url}/hook`, HANDOFF_WEBHOOK_SECRET: secret }));
    const c = await newCase();
    endpoint.failNext(1);
    await h.notify('case.created', c.id);
    await h.drain();
    const [row] = await h.log.ofCase(c.id);
    expect(row).to.include({ status: 'failed', attempts: 1, responseStatus: 500, lastError: 'HTTP 500' });
  });

  it('a retried delivery is delivered once', async function () {
    const h = hub(settings({ HANDOFF_WEBHOOK_URL: `${endpoint.url}/hook`, HANDOFF_WEBHOOK_SECRET: secret }));
    const c = await newCase();
    const deliveryId = await h.log.start(c.id, 'webhook', 'case.created');
    endpoint.failNext(1);
    const before = endpoint.received.length;
    let threw = false;
    await h.attempt(deliveryId, false).catch(() => (threw = true));
    expect(threw, 'a failed attempt throws so the queue retries').to.equal(true);
    expect((await h.log.get(deliveryId))!.status).to.equal('pending');
    await h.attempt(deliveryId, false);
    await h.attempt(deliveryId, false); // a duplicate job run after success sends nothing
    expect(endpoint.received.length - before).to.equal(1);
    expect(await h.log.get(deliveryId)).to.include({ status: 'delivered', attempts: 2 });
  });

  it('Slack: incoming-webhook JSON with text and blocks, no sender id', async function () {
    const h = hub(settings({ SLACK_WEBHOOK_URL: `${endpoint.url}/slack` }));
    const c = await newCase('abusive');
    const before = endpoint.received.length;
    await h.notify('case.created', c.id);
    await h.drain();
    const r = endpoint.received.slice(before).find((x) => x.path === '/slack')!;
    const body = JSON.parse(r.body);
    expect(body.text).to.equal(`Case #${c.id} new (high): ${c.summary}`);
    expect(body.blocks[0]).to.deep.include({ type: 'section' });
    expect(body.blocks[0].text.type).to.equal('mrkdwn');
    expect(body.blocks[1].type).to.equal('context');
    expect(r.body).to.not.include(c.senderId);
    // Slack is told of new cases only.
    await h.notify('case.resolved', c.id);
    await h.drain();
    expect(endpoint.received.slice(before).filter((x) => x.path === '/slack')).to.have.length(1);
  });

  it('Zendesk: POST /api/v2/tickets.json with Basic email/token auth and the ticket shape', async function () {
    const h = hub(settings({ ZENDESK_BASE_URL: `${endpoint.url}/`, ZENDESK_EMAIL: 'ops@shop.example', ZENDESK_API_TOKEN: 'zd-token' }));
    const c = await newCase();
    const before = endpoint.received.length;
    await h.notify('case.created', c.id);
    await h.drain();
    const r = endpoint.received.slice(before).find((x) => x.path === '/api/v2/tickets.json')!;
    expect(r.headers.authorization).to.equal('Basic ' + Buffer.from('ops@shop.example/token:zd-token').toString('base64'));
    expect(r.headers['content-type']).to.equal('application/json');
    const { ticket } = JSON.parse(r.body);
    expect(ticket.subject).to.equal(`Delivery problem — order 1001 (case #${c.id})`);
    expect(ticket.external_id).to.equal(String(c.id));
    expect(ticket.priority).to.equal('high');
    expect(ticket.tags).to.deep.equal(['wismo', 'wismo_delivery_problem', 'channel_webchat', 'lang_es']);
    expect(ticket.comment.body).to.include(c.summary).and.include('Shopper: mi pedido llegó roto').and.include('Bot: Lo siento');
    const [row] = await h.log.ofCase(c.id);
    expect(row).to.include({ target: 'zendesk', status: 'delivered', responseStatus: 201 });
  });

  describe('with Redis (BullMQ retries)', function () {
    let redis: ChildProcess | undefined;
    let queue: JobQueue | undefined;

    before(async function () {
      if (spawnSync('which', ['redis-server']).status !== 0) {
        console.warn('    (skipped: redis-server is not installed)');
        return this.skip();
      }
      const port = 20000 + Math.floor(Math.random() * 20000);
      redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 300));
      queue = JobQueue.connect(`redis://127.0.0.1:${port}`, logger, `wismo-test-${port}`);
    });
    after(async function () {
      await queue?.close();
      redis?.kill();
    });

    it('retries with backoff on the queue and delivers once', async function () {
      this.timeout(20_000);
      const h = hub(settings({ HANDOFF_WEBHOOK_URL: `${endpoint.url}/queued`, HANDOFF_WEBHOOK_SECRET: secret }), queue);
      h.start();
      const c = await newCase();
      endpoint.failNext(1);
      await h.notify('case.created', c.id);
      const deadline = Date.now() + 15_000;
      let row;
      while (Date.now() < deadline) {
        [row] = await h.log.ofCase(c.id);
        if (row?.status === 'delivered') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(row).to.include({ status: 'delivered', attempts: 2 });
      const got = endpoint.received.filter((r) => r.path === '/queued');
      expect(got).to.have.length(1);
      expect(verifySignature(secret, got[0].body, got[0].headers['x-wismo-signature'] as string)).to.equal(true);
    });
  });
});
