import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { requireServer } from '../helpers/db';
import { captureLogger } from '../helpers/capture-logger';
import { shopifyOrder, shopifyWebhook } from '../helpers/fake-shopify';
import { ADMIN, openTestBot } from '../security/attack-kit';
import { waitUntil } from '../knowledge/kb-fixture';
import { JobQueue } from '../../src/queue';
import { WebhookIntake, type WebhookHandler } from '../../src/sources/webhook-intake';
import type { Applied } from '../../src/sources';

const SECRET = 'shopify-queue-secret-0123';

/**
 * With Redis, a signed webhook event is queued and the provider answered at once; a BullMQ
 * worker applies it, and retries while our side fails. Without Redis it is applied inline.
 */
describe('sources: webhook events on the job queue', function () {
  this.timeout(60_000);

  describe('without Redis', () => {
    it('applies the event before answering', async () => {
      const { logger } = captureLogger();
      const applied: string[] = [];
      const handler: WebhookHandler = { handle: async (id) => (applied.push(id), { outcome: 'applied' }) };
      const intake = new WebhookIntake({ queue: JobQueue.disabled(logger), logger, handler: () => handler });
      expect(await intake.accept('shopify', handler, 'e-1', 'orders/create', {})).to.deep.equal({ outcome: 'applied' });
      expect(applied).to.deep.equal(['e-1']);
    });
  });

  describe('with Redis (REDIS_URL)', () => {
    before(requireServer('redis'));

    it('answers "queued", then a worker applies the event, retrying a failure of ours with backoff', async () => {
      const { logger } = captureLogger();
      const queue = JobQueue.connect(process.env.REDIS_URL!, logger, `wismo-test-intake-${crypto.randomBytes(4).toString('hex')}`);
      try {
        let calls = 0;
        const done: Applied[] = [];
        const handler: WebhookHandler = {
          handle: async () => {
            calls++;
            if (calls === 1) throw new Error('database unavailable');
            const result: Applied = { outcome: 'applied', orderId: '1001' };
            done.push(result);
            return result;
          },
        };
        const intake = new WebhookIntake({ queue, logger, handler: () => handler });
        intake.start();
        expect(await intake.accept('shopify', handler, 'evt-q-1', 'orders/create', { id: 1 })).to.deep.equal({ outcome: 'queued' });
        await waitUntil(() => done.length === 1, 20_000, 'the retried job');
        expect(calls).to.equal(2);
      } finally {
        await queue.close();
      }
    });

    it('end to end: Shopify is answered "queued", the order is stored by the worker, a redelivery is applied once', async () => {
      const bot = await openTestBot({ SHOPIFY_WEBHOOK_SECRET: SECRET, REDIS_URL: process.env.REDIS_URL! });
      try {
        // Ids of this run only: completed jobs stay a while in Redis and would swallow a repeated id.
        const eventId = `evt-${crypto.randomUUID()}`;
        const res = await shopifyWebhook(bot.app, SECRET, 'orders/create', shopifyOrder({ name: '#4242' }), { eventId }).expect(200);
        expect(res.body).to.deep.equal({ outcome: 'queued' });
        const stored = async () => (await request(bot.app).get('/api/v1/orders/4242').set('Authorization', `Bearer ${ADMIN}`)).status === 200;
        await waitUntil(stored, 20_000, 'the queued order');
        await shopifyWebhook(bot.app, SECRET, 'orders/create', shopifyOrder({ name: '#4242' }), { eventId }).expect(200);
        await shopifyWebhook(bot.app, SECRET, 'orders/updated', shopifyOrder({ name: '#4242' }), { eventId }).expect(200);
        const events = async () => (await request(bot.app).get('/api/v1/sources/events?source=shopify').set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.events as { eventId: string; outcome: string }[];
        await waitUntil(async () => (await events()).some((e) => e.eventId === eventId && e.outcome === 'applied'), 20_000, 'the applied event');
        // Give a stray second application the time it would need, then check there was none.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect((await events()).filter((e) => e.eventId === eventId)).to.have.length(1);
        const health = await request(bot.app).get('/health').expect(200);
        expect(JSON.stringify(health.body)).to.contain('tracking watch');
      } finally {
        await bot.close();
      }
    });
  });
});
