import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../../src/http/app';
import { JobQueue } from '../../../src/queue';
import type { Channel } from '../../../channels/kit/channel';
import { createTwilioChannel } from '../../../channels/twilio';
import { FakeTwilio } from '../../helpers/fake-twilio';
import { openWismoHarness, sampleOrder, type WismoHarness } from '../../helpers/wismo-harness';
import { postSigned, sleep, testAccountSid, twilioConfig, twimlMessages, waitFor } from '../../helpers/twilio-test-kit';
import { freePort } from '../../helpers/net';

const SMS = '/channels/twilio/sms';
const ORDER_PHONE = '+15125550101';

/**
 * Redis goes away in the middle of a run (a redis-server of the test's own, on its own port,
 * killed and started again): SMS turns are answered inline in the webhook's TwiML instead of
 * hanging on the queue, nothing is answered twice, and queued replies resume once Redis is back.
 */
describe('Twilio SMS when Redis dies mid-run and comes back', function () {
  this.timeout(90_000);
  let redis: ChildProcess | undefined;
  let port = 0;
  let h: WismoHarness;
  let fake: FakeTwilio;
  let queue: JobQueue;
  let channel: Channel;
  let app: Express;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    }), 10_000, 'redis-server to listen');
  };

  before(async function () {
    if (spawnSync('redis-server', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('CI needs redis-server for the Redis outage test');
      console.warn('\n  !!! SKIPPED: redis-server is not installed (apt-get install redis-server) !!!\n');
      return this.skip();
    }
    port = await freePort();
    await startRedis();
    h = await openWismoHarness();
    await h.orders.upsert([sampleOrder()]);
    fake = await new FakeTwilio(testAccountSid(), 'test-auth-token-outage-0123').start();
    const url = `redis://127.0.0.1:${port}`;
    queue = JobQueue.connect(url, h.logger, 'wismo-outage');
    channel = createTwilioChannel({ config: twilioConfig(fake, { REDIS_URL: url }), bot: h.bot, logger: h.logger, queue, messaging: h.messaging, retryBackoffMs: 50 });
    app = createApp({ logger: h.logger, routers: [channel.router!] });
  });

  after(async () => {
    await channel?.close?.();
    await queue?.close();
    redis?.kill('SIGKILL');
    await fake?.stop();
    await h?.close();
  });

  const send = (body: string) => postSigned(app, fake, SMS, fake.inbound({ From: ORDER_PHONE, Body: body, To: '+15005550077' }));

  it('queues while Redis is up, answers inline while it is down, and queues again once it is back', async () => {
    const first = await send('where is my order?');
    expect(twimlMessages(first.text)).to.have.length(0);
    await waitFor(() => fake.messages.length === 1, 15_000, 'the queued reply');

    redis!.kill('SIGKILL');
    await waitFor(async () => !(await queue.health()).ok, 10_000, 'the queue to notice');
    const during = await send('where is my order?');
    expect(twimlMessages(during.text).join('\n')).to.contain('1Z999AA10123456784');

    await startRedis();
    await waitFor(async () => (await queue.health()).ok, 20_000, 'the queue to reconnect');
    const after = await send('where is my order?');
    expect(twimlMessages(after.text)).to.have.length(0);
    await waitFor(() => fake.messages.length === 2, 20_000, 'the reply queued after the outage');
    // The message answered inline was not answered again by REST.
    await sleep(1000);
    expect(fake.messages).to.have.length(2);
  });
});
