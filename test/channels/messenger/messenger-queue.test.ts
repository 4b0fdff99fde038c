import crypto from 'node:crypto';
import { expect } from 'chai';
import IORedis from 'ioredis';
import { createMessengerChannel } from '../../../channels/messenger';
import { loadConfig } from '../../../src/config';
import { createApp } from '../../../src/http/app';
import { createLogger } from '../../../src/log/logger';
import { messagingServices } from '../../../src/messaging';
import { JobQueue } from '../../../src/queue';
import { openTestStore, requireServer, tempDir, type TestStore } from '../../helpers/db';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph';
import { envelope, newMid, postWebhook, textEvent } from '../../helpers/messenger-webhooks';
import { DEMO_ORDER, scriptedWismoBot } from '../../helpers/scripted-wismo-bot';
import { sleep } from '../../helpers/twilio-test-kit';

const APP_SECRET = 'messenger-queue-app-secret';
const PAGE_TOKEN = 'EAAG-queue-page-token';

/**
 * Messenger with Redis: each webhook event becomes a BullMQ job (acknowledged before the
 * turn runs); a redelivered mid is answered once; a send the Graph API fails once is retried
 * and reaches the shopper exactly once.
 */
describe('Messenger with Redis (BullMQ turns and sends)', function () {
  this.timeout(60_000);
  const prefix = `wismo-test-${crypto.randomBytes(4).toString('hex')}`;
  let db: TestStore;
  let graph: FakeGraph;
  let queue: JobQueue;
  let app: ReturnType<typeof createApp>;

  before(requireServer('redis'));
  before(async function () {
    this.timeout(120_000);
    db = await openTestStore();
    graph = await startFakeGraph({ pageToken: PAGE_TOKEN });
    const logger = createLogger('silent');
    queue = JobQueue.connect(process.env.REDIS_URL!, logger, prefix);
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), ADMIN_API_KEY: 'admin-key-for-tests-0000', DIRECTLINE_SECRET: 'directline-secret-for-tests',
      MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: 'verify', MESSENGER_PAGE_TOKEN: PAGE_TOKEN, GRAPH_API_BASE_URL: graph.baseUrl,
      REDIS_URL: process.env.REDIS_URL!,
    });
    const { bot } = scriptedWismoBot(db.store.db);
    const channel = createMessengerChannel({ config, bot, logger, queue, messaging: messagingServices(db.store.db), retry: { attempts: 1, baseDelayMs: 5 } });
    app = createApp({ logger, routers: [channel.router!] });
  });

  after(async () => {
    if (queue) {
      await queue.close();
      const redis = new IORedis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    await graph?.close();
    await db?.cleanup();
  });

  beforeEach(() => graph?.reset());

  it('answers through a job after acknowledging, and a redelivered mid only once', async () => {
    const psid = `9100${Date.now()}`;
    const body = envelope({ messaging: [textEvent(psid, `${DEMO_ORDER.id} ${DEMO_ORDER.email}`, newMid())] });
    await postWebhook(app, body, APP_SECRET).expect(200);
    await postWebhook(app, body, APP_SECRET).expect(200); // Meta's retry of the same delivery
    const [reply] = await graph.waitForSent(1, 20_000);
    expect(reply.recipientId).to.equal(psid);
    await sleep(500);
    expect(graph.sent.filter((s) => s.recipientId === psid)).to.have.length(1);
  });

  it('retries a send the Graph API failed once: the shopper gets exactly one message', async () => {
    const psid = `9200${Date.now()}`;
    graph.failNext(1);
    await postWebhook(app, envelope({ messaging: [textEvent(psid, 'hello')] }), APP_SECRET).expect(200);
    await graph.waitForSent(1, 30_000);
    await sleep(500);
    expect(graph.sent.filter((s) => s.recipientId === psid)).to.have.length(1);
  });
});
