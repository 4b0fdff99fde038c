import { expect } from 'chai';
import IORedis from 'ioredis';
import { OutboundGateway, type Attempted, type Transport } from '../../../channels/kit/outbound';
import { JobQueue } from '../../../src/queue';
import { createLogger } from '../../../src/log/logger';
import { requireServer } from '../../helpers/db';

/** A provider that fails as told and remembers every attempt with its key. */
class ScriptedTransport implements Transport<{ to: string; texts: string[] }, string> {
  readonly attempts: Array<{ message: string; key: string; n: number; final: boolean }> = [];
  readonly accepted = new Map<string, string>();
  failures: Array<'transient' | 'rejected' | 'stopped'> = [];
  /** Transient failures of one message, whatever comes before it. */
  busy = { message: '', times: 0 };

  async plan(request: { to: string; texts: string[] }): Promise<string[] | { skip: string }> {
    return request.to === 'opted-out' ? { skip: 'opted out' } : request.texts;
  }

  async send(message: string, key: string, _request: unknown, attempt: { n: number; final: boolean }): Promise<Attempted> {
    this.attempts.push({ message, key, ...attempt });
    if (message === this.busy.message && this.busy.times > 0) {
      this.busy.times -= 1;
      return { ok: false, kind: 'transient', reason: 'busy' };
    }
    const failure = this.failures.shift();
    if (failure) return { ok: false, kind: failure, reason: `${failure} failure` };
    // Like an idempotency key at the provider: the same key is accepted once.
    if (!this.accepted.has(key)) this.accepted.set(key, message);
    return { ok: true, providerMessageId: `id-${key}` };
  }
}

const policy = { inProcessAttempts: 3, inProcessDelayMs: 1, queuedAttempts: 5, queuedBackoffMs: 20 };
const logger = createLogger('silent');

describe('channels/kit: the outbound gateway', function () {
  this.timeout(30_000);

  describe('without a queue', () => {
    const gateway = (t: ScriptedTransport) => new OutboundGateway('test-send', JobQueue.disabled(logger), t, policy, logger);

    it('retries a transient failure in process with the same key, and sends the rest in order', async () => {
      const t = new ScriptedTransport();
      t.failures = ['transient', 'transient'];
      const result = await gateway(t).sendNow({ to: 'a', texts: ['one', 'two'] }, 'k1');
      expect(result).to.deep.include({ sent: 2, providerMessageId: 'id-k1-0' });
      expect(t.attempts.map((a) => `${a.message}@${a.key}#${a.n}`)).to.deep.equal(['one@k1-0#1', 'one@k1-0#2', 'one@k1-0#3', 'two@k1-1#1']);
      expect(t.attempts[2].final).to.equal(true);
    });

    it('a refusal is not retried and stops the rest; a plan that skips sends nothing', async () => {
      const t = new ScriptedTransport();
      t.failures = ['rejected'];
      expect(await gateway(t).sendNow({ to: 'a', texts: ['one', 'two'] }, 'k2')).to.deep.equal({ sent: 0, providerMessageId: undefined, failure: { reason: 'rejected failure', permanent: true } });
      expect(t.attempts).to.have.length(1);
      expect(await gateway(t).sendNow({ to: 'opted-out', texts: ['x'] }, 'k3')).to.deep.equal({ sent: 0, skipped: 'opted out' });
    });
  });

  describe('with Redis', () => {
    before(requireServer('redis'));
    const prefix = `outbound-test-${Date.now()}`;
    let queue: JobQueue;
    before(() => {
      queue = JobQueue.connect(process.env.REDIS_URL!, logger, prefix);
    });
    after(async () => {
      await queue?.close();
      const redis = new IORedis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('what a transient failure leaves unsent is queued and resumed with the same keys: each message goes out once', async () => {
      const t = new ScriptedTransport();
      const gateway = new OutboundGateway('test-send', queue, t, policy, logger);
      gateway.startWorker();
      // Message two fails in process three times, then once more in the queue.
      t.busy = { message: 'two', times: 4 };
      const result = await gateway.sendNow({ to: 'a', texts: ['one', 'two', 'three'] }, 'k4');
      expect(result).to.deep.include({ sent: 1, queued: true });
      for (let i = 0; i < 200 && t.accepted.size < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect([...t.accepted.entries()]).to.deep.equal([['k4-0', 'one'], ['k4-1', 'two'], ['k4-2', 'three']]);
      expect(t.attempts.filter((a) => a.message === 'one')).to.have.length(1);
    });
  });
});
