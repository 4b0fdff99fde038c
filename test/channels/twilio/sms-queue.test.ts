import { expect } from 'chai';
import crypto from 'node:crypto';
import IORedis from 'ioredis';
import type { Express } from 'express';
import { createApp } from '../../../src/http/app';
import { JobQueue } from '../../../src/queue';
import type { Channel } from '../../../channels/kit/channel';
import { createTwilioChannel } from '../../../channels/twilio';
import { FakeTwilio } from '../../helpers/fake-twilio';
import { openWismoHarness, sampleOrder, type WismoHarness } from '../../helpers/wismo-harness';
import { postSigned, sleep, testAccountSid, twilioConfig, twimlMessages, waitFor } from '../../helpers/twilio-test-kit';

const SMS = '/channels/twilio/sms';
const ORDER_PHONE = '+15125550101';
const REDIS_URL = process.env.REDIS_URL;

describe('Twilio SMS with Redis (BullMQ replies by REST)', function () {
  let h: WismoHarness;
  let fake: FakeTwilio;
  let queue: JobQueue;
  let channel: Channel;
  let app: Express;
  const prefix = `wismo-test-${crypto.randomBytes(4).toString('hex')}`;

  before(async function () {
    this.timeout(60_000);
    if (!REDIS_URL) {
      if (process.env.CI) throw new Error('REDIS_URL is required in CI for the BullMQ tests');
      console.warn('\n  !!! SKIPPED: Twilio BullMQ tests need REDIS_URL (e.g. redis://127.0.0.1:6379) !!!\n');
      this.skip();
    }
    const probe = new IORedis(REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await probe.connect();
      await probe.ping();
    } catch (err) {
      if (process.env.CI) throw new Error(`Redis at REDIS_URL does not answer: ${(err as Error).message}`);
      console.warn(`\n  !!! SKIPPED: Redis at REDIS_URL does not answer (${(err as Error).message}) !!!\n`);
      probe.disconnect();
      this.skip();
    }
    probe.disconnect();
    h = await openWismoHarness();
    await h.orders.upsert([sampleOrder()]);
    fake = await new FakeTwilio(testAccountSid(), 'test-auth-token-queue-0123').start();
    queue = JobQueue.connect(REDIS_URL!, h.logger, prefix);
    channel = createTwilioChannel({ config: twilioConfig(fake, { REDIS_URL: REDIS_URL! }), bot: h.bot, logger: h.logger, queue, messaging: h.messaging, retryBackoffMs: 50 });
    app = createApp({ logger: h.logger, routers: [channel.router!] });
  });

  after(async () => {
    if (!queue) return;
    await queue.close();
    const redis = new IORedis(REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await fake.stop();
    await h.close();
  });
  beforeEach(() => fake?.reset());

  it('acknowledges with empty TwiML and sends the answer by REST, once, even when the webhook is replayed', async () => {
    const params = fake.inbound({ From: ORDER_PHONE, Body: 'where is my order?', To: '+15005550077' });
    const first = await postSigned(app, fake, SMS, params);
    const replay = await postSigned(app, fake, SMS, params);
    expect(first.status).to.equal(200);
    expect(twimlMessages(first.text)).to.have.length(0);
    expect(twimlMessages(replay.text)).to.have.length(0);
    await waitFor(() => fake.messages.length > 0, 10_000, 'the reply');
    await sleep(500);
    expect(fake.messages).to.have.length(1);
    const [m] = fake.messages;
    expect(m.to).to.equal(ORDER_PHONE);
    expect(m.from).to.equal('+15005550077'); // from the number the shopper wrote to
    expect(m.body).to.contain('Order #1042 is out for delivery').and.to.contain('https://track.example.com/');
    expect(fake.requests[0].idempotencyToken).to.equal(`reply-${params.MessageSid}-0`);
    expect(await h.messaging.deliveries.statusOf('twilio', m.sid)).to.deep.include({ status: 'queued' });
  });

  it('retries after a 500 and delivers exactly one message', async () => {
    fake.failNext(1, 'error');
    await postSigned(app, fake, SMS, fake.inbound({ From: ORDER_PHONE, Body: 'where is my order' }));
    await waitFor(() => fake.messages.length > 0, 10_000, 'the retried reply');
    await sleep(500);
    expect(fake.messages).to.have.length(1);
    expect(fake.requests.map((r) => r.status)).to.deep.equal([500, 201]);
    expect(fake.requests[0].idempotencyToken).to.equal(fake.requests[1].idempotencyToken);
  });

  it('does not send twice when Twilio took the message but the answer was lost (idempotency token)', async () => {
    fake.failNext(1, 'created-then-error');
    await postSigned(app, fake, SMS, fake.inbound({ From: ORDER_PHONE, Body: 'where is my order' }));
    await waitFor(() => fake.requests.filter((r) => r.status === 201).length > 0, 10_000, 'the retry');
    await sleep(300);
    expect(fake.messages).to.have.length(1);
    expect(fake.requests.map((r) => r.status)).to.deep.equal([500, 201]);
  });

  it('stops on 21610 without retrying and marks the number opted out', async () => {
    const phone = '+15125550170';
    fake.optedOut.add(phone); // opted out at Twilio (e.g. through another number of the service)
    const result = await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'Update', kind: 'notification', wismo: { intent: 'order_status', handoff: false } });
    expect(result.ok).to.equal(true); // queued
    await waitFor(async () => (await h.messaging.contacts.get('sms', phone))?.optedOut, 10_000, 'opt-out');
    await sleep(400);
    expect(fake.requests).to.have.length(1);
    expect(fake.messages).to.have.length(0);
  });

  it('retries rate limits (20429) until sent', async () => {
    fake.rateLimitNext(2);
    const phone = '+15125550171';
    await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'Update', kind: 'notification', wismo: { intent: 'order_status', handoff: false } });
    await waitFor(() => fake.messages.length > 0, 10_000, 'the send');
    expect(fake.requests.map((r) => r.status)).to.deep.equal([429, 429, 201]);
  });
});
