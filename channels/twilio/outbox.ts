import { UnrecoverableError, type Job } from 'bullmq';
import type { JobQueue } from '../../src/queue';
import type { Logger } from '../../src/log/logger';
import type { OutboundMessage } from './rest-client';
import type { MessageSender, SendRequest } from './sender';

export const SEND_QUEUE = 'twilio-send';
export const SEND_ATTEMPTS = 5;
const BACKOFF_MS = 2000;

export interface SendJobData {
  request: SendRequest;
  /** Fixed on the first run, so every retry works on the same messages. */
  planned?: OutboundMessage[];
  /** Messages already accepted by Twilio (a retry resumes after them). */
  sent: number;
}

export type OutboxResult = { sent: number; skipped?: string; stopped?: string };

/**
 * Outbound messages: as BullMQ jobs with retries when Redis is there, at once otherwise.
 * Each message carries an idempotency token derived from the job id and its position, so
 * a retry after a timeout cannot send the same message twice.
 */
export class Outbox {
  constructor(private readonly queue: JobQueue, private readonly sender: MessageSender, private readonly logger: Logger, private readonly backoffMs = BACKOFF_MS) {}

  /** Starts this instance's worker (every instance runs one; BullMQ shares the jobs). */
  startWorker(): void {
    this.queue.work<SendJobData>(SEND_QUEUE, (job) => this.process(job));
  }

  /** Queues the messages; a job id that was already queued (a retried turn) is not queued again. */
  async enqueue(request: SendRequest, jobId: string, planned?: OutboundMessage[]): Promise<void> {
    await this.queue.add<SendJobData>(SEND_QUEUE, { request, planned, sent: 0 }, {
      jobId,
      attempts: SEND_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** Without a queue: one attempt per message, in order; stops at the first failure. */
  async sendNow(request: SendRequest, tokenBase: string, planned?: OutboundMessage[]): Promise<OutboxResult & { providerMessageId?: string; failure?: { reason: string; permanent: boolean } }> {
    const messages = planned ?? (await this.planOrSkip(request));
    if (typeof messages === 'string') return { sent: 0, skipped: messages };
    let providerMessageId: string | undefined;
    for (let i = 0; i < messages.length; i++) {
      const outcome = await this.sender.sendOne(messages[i], `${tokenBase}-${i}`, request, 1, true);
      if (!outcome.ok) return { sent: i, providerMessageId, failure: { reason: outcome.message, permanent: outcome.kind !== 'transient' } };
      providerMessageId ??= outcome.sid;
    }
    return { sent: messages.length, providerMessageId };
  }

  private async process(job: Job<SendJobData>): Promise<OutboxResult> {
    let data = job.data;
    if (!data.planned) {
      const messages = await this.planOrSkip(data.request);
      if (typeof messages === 'string') return { sent: 0, skipped: messages };
      data = { ...data, planned: messages };
      await job.updateData(data);
    }
    const planned = data.planned!;
    const attempt = job.attemptsMade + 1;
    const finalAttempt = attempt >= (job.opts.attempts ?? 1);
    for (let i = data.sent; i < planned.length; i++) {
      const outcome = await this.sender.sendOne(planned[i], `${job.id}-${i}`, data.request, attempt, finalAttempt);
      if (!outcome.ok) {
        if (outcome.kind === 'transient') throw new Error(`Twilio send failed (${outcome.status ?? 'no response'}${outcome.code ? ` ${outcome.code}` : ''}): ${outcome.message}`);
        if (outcome.kind === 'rejected') throw new UnrecoverableError(`Twilio rejected the message (${outcome.code}): ${outcome.message}`);
        // Opted out or outside the window: handled (recorded), the rest is not sent.
        return { sent: i, stopped: outcome.kind };
      }
      data = { ...data, sent: i + 1 };
      await job.updateData(data);
    }
    return { sent: planned.length };
  }

  private async planOrSkip(request: SendRequest): Promise<OutboundMessage[] | string> {
    const plan = await this.sender.plan(request);
    if (plan.action === 'send') return plan.messages;
    this.logger.info({ channel: request.channel, to: request.phone, kind: request.kind, reason: plan.reason }, 'twilio: message not sent');
    return plan.reason;
  }
}
