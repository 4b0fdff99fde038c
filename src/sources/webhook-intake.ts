import crypto from 'node:crypto';
import type { Logger } from '../log/logger';
import type { JobQueue } from '../queue';
import type { Applied } from './event-log';

/** A source's webhook events, applied once each (src/sources/event-log.ts). */
export interface WebhookHandler {
  handle(eventId: string, topic: string, body: unknown): Promise<Applied>;
}

interface WebhookJob {
  source: string;
  eventId: string;
  topic: string;
  body: unknown;
}

/** What the provider is told: the outcome, or that the event is queued (applied shortly, by a worker). */
export type Accepted = Applied | { outcome: 'queued' };

const QUEUE = 'source-webhooks';
const ATTEMPTS = 10;
const BACKOFF_MS = 2000;

/**
 * Where a signed webhook event goes after its route checked it. With Redis it is put on BullMQ
 * and the provider is answered at once (Shopify gives up after 5 s and counts slow answers as
 * failures); a worker applies it, retrying with backoff while the database is down, so nothing
 * is lost and no chat waits behind an import. Without Redis, or when Redis does not take the job
 * in time, it is applied before the answer. The job id is the event's, so a provider's retry
 * while the first delivery waits adds nothing; one applied already is a duplicate in the log.
 * One job at a time per instance: events of one order arrive close together, and each is a
 * read-modify-write of the order.
 */
export class WebhookIntake {
  constructor(private readonly deps: { queue: JobQueue; logger: Logger; handler: (source: string) => WebhookHandler | undefined }) {}

  get queued(): boolean {
    return this.deps.queue.available;
  }

  start(): void {
    if (!this.deps.queue.available) return;
    this.deps.queue.work<WebhookJob>(QUEUE, async (job) => {
      const { source, eventId, topic, body } = job.data;
      const handler = this.deps.handler(source);
      if (!handler) throw new Error(`the ${source} source is no longer configured`);
      const result = await handler.handle(eventId, topic, body);
      if (result.outcome === 'rejected') this.deps.logger.warn({ source, eventId, detail: result.detail }, 'source event rejected');
    }, 1);
  }

  async accept(source: string, handler: WebhookHandler, eventId: string, topic: string, body: unknown): Promise<Accepted> {
    if (this.deps.queue.available) {
      try {
        await this.deps.queue.add<WebhookJob>(QUEUE, { source, eventId, topic, body }, {
          // BullMQ job ids may not contain ':'; a hash keeps any provider's id safe.
          jobId: `${source}-${crypto.createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`,
          attempts: ATTEMPTS, backoff: { type: 'exponential', delay: BACKOFF_MS }, removeOnComplete: 1000, removeOnFail: 5000,
        });
        return { outcome: 'queued' };
      } catch (err) {
        this.deps.logger.warn({ source, err: (err as Error).message }, 'source event could not be queued; applying it now');
      }
    }
    return handler.handle(eventId, topic, body);
  }
}
