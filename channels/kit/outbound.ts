import type { Job } from 'bullmq';
import type { JobQueue } from '../../src/queue';
import type { Logger } from '../../src/log/logger';

/** What one send attempt came to. 'stopped': handled (opted out, outside a window); the rest is not sent. */
export type Attempted =
  | { ok: true; providerMessageId?: string }
  | { ok: false; kind: 'transient' | 'rejected' | 'stopped'; reason: string };

/**
 * A provider's side of sending: what may be sent to this shopper now, and one message. The
 * transport logs and records each outcome in the delivery log (src/messaging), with what it
 * means for consent, since only it knows the provider's codes.
 */
export interface Transport<R, M> {
  /** The messages that may go now (consent, windows, templates), or why none may. */
  plan(request: R): Promise<M[] | { skip: string }>;
  /** One message; `key` is the same on every retry of it (the provider's idempotency key where there is one). */
  send(message: M, key: string, request: R, attempt: { n: number; final: boolean }): Promise<Attempted>;
}

export interface RetryPolicy {
  /** Attempts of one message in the sending process before a transient failure is handed to the queue (or given up). */
  inProcessAttempts: number;
  inProcessDelayMs: number;
  /** Attempts of a queued job (BullMQ), with exponential backoff. */
  queuedAttempts: number;
  queuedBackoffMs: number;
}

export interface OutboundResult {
  /** Messages accepted by the provider. */
  sent: number;
  /** Nothing was sent, and why (opted out, outside the window...). */
  skipped?: string;
  providerMessageId?: string;
  failure?: { reason: string; permanent: boolean };
  /** What a transient failure left unsent was queued for retries. */
  queued?: boolean;
}

interface JobData<R, M> {
  request: R;
  /** Fixed on the first run, so every retry works on the same messages. */
  planned?: M[];
  /** Messages already accepted (a retry resumes after them). */
  sent: number;
  /** Base of the messages' keys; message i's key is `${key}-${i}` on every attempt. */
  key: string;
}

/**
 * The one way out for the direct channels' messages: planned by the channel's rules, sent in
 * order, each with a stable key so a retry never sends a message twice, transient failures
 * retried (in process, then as BullMQ jobs when Redis is there), refusals not retried, and
 * every outcome in the delivery log.
 */
export class OutboundGateway<R, M> {
  constructor(
    private readonly queueName: string,
    private readonly queue: JobQueue,
    private readonly transport: Transport<R, M>,
    private readonly policy: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  /** Starts this instance's worker (every instance runs one; BullMQ shares the jobs). */
  startWorker(): void {
    this.queue.work<JobData<R, M>>(this.queueName, (job) => this.process(job));
  }

  /** For the worker, when the caller must answer at once (a webhook). A key already queued is not queued again. */
  async enqueue(request: R, key: string, planned?: M[]): Promise<void> {
    await this.queue.add<JobData<R, M>>(this.queueName, { request, planned, sent: 0, key }, {
      jobId: key,
      attempts: this.policy.queuedAttempts,
      backoff: { type: 'exponential', delay: this.policy.queuedBackoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** Now, in order; what a transient failure leaves unsent goes to the queue when there is one. */
  async sendNow(request: R, key: string, plannedIn?: M[]): Promise<OutboundResult> {
    const planned = plannedIn ?? (await this.planOrSkip(request));
    if (!Array.isArray(planned)) return { sent: 0, skipped: planned.skip };
    let providerMessageId: string | undefined;
    for (let i = 0; i < planned.length; i++) {
      const outcome = await this.attempt(planned[i], `${key}-${i}`, request);
      if (outcome.ok) {
        providerMessageId ??= outcome.providerMessageId;
        continue;
      }
      if (outcome.kind === 'transient' && this.queue.available) {
        // The rest keeps its keys: the job resumes at message i.
        await this.queue.add<JobData<R, M>>(this.queueName, { request, planned, sent: i, key }, {
          jobId: `${key}-from-${i}`,
          attempts: this.policy.queuedAttempts,
          backoff: { type: 'exponential', delay: this.policy.queuedBackoffMs },
          removeOnComplete: true,
          removeOnFail: 1000,
        });
        this.logger.warn({ queue: this.queueName, reason: outcome.reason }, 'send failed transiently; queued for retry');
        return { sent: i, providerMessageId, queued: true, failure: { reason: `${outcome.reason}; queued for retry`, permanent: false } };
      }
      return { sent: i, providerMessageId, failure: { reason: outcome.reason, permanent: outcome.kind !== 'transient' } };
    }
    return { sent: planned.length, providerMessageId };
  }

  /** One message, retried in process on transient failures. */
  private async attempt(message: M, key: string, request: R): Promise<Attempted> {
    const attempts = Math.max(1, this.policy.inProcessAttempts);
    for (let n = 1; ; n++) {
      const outcome = await this.transport.send(message, key, request, { n, final: n >= attempts && !this.queue.available });
      if (outcome.ok || outcome.kind !== 'transient' || n >= attempts) return outcome;
      await sleep(this.policy.inProcessDelayMs * 2 ** (n - 1));
    }
  }

  private async process(job: Job<JobData<R, M>>): Promise<OutboundResult> {
    let data = job.data;
    if (!data.planned) {
      const planned = await this.planOrSkip(data.request);
      if (!Array.isArray(planned)) return { sent: 0, skipped: planned.skip };
      data = { ...data, planned };
      await job.updateData(data);
    }
    const planned = data.planned!;
    const n = job.attemptsMade + 1;
    const final = n >= (job.opts.attempts ?? 1);
    for (let i = data.sent; i < planned.length; i++) {
      const outcome = await this.transport.send(planned[i], `${data.key}-${i}`, data.request, { n, final });
      if (!outcome.ok) {
        if (outcome.kind === 'transient') throw new Error(`send failed: ${outcome.reason}`);
        if (outcome.kind === 'rejected') throw new (require('bullmq') as typeof import('bullmq')).UnrecoverableError(`refused: ${outcome.reason}`);
        return { sent: i, skipped: outcome.reason };
      }
      data = { ...data, sent: i + 1 };
      await job.updateData(data);
    }
    return { sent: planned.length };
  }

  private async planOrSkip(request: R): Promise<M[] | { skip: string }> {
    const planned = await this.transport.plan(request);
    if (!Array.isArray(planned)) this.logger.info({ queue: this.queueName, reason: planned.skip }, 'message not sent');
    return planned;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
