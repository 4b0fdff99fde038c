import type { Logger } from '../log/logger';
import type { OrderChange } from '../orders/events';
import type { OrderRepository } from '../orders/repository';
import type { JobQueue } from '../queue';
import type { SourceEventLog } from './event-log';
import type { TrackingUpdate } from './tracking';

/** A tracking provider that follows a tracking number once told about it (then sends its events by webhook). */
export interface TrackerRegistry {
  name: string;
  /** Throws when the provider refuses or cannot be reached. */
  register(trackingNumber: string, carrier: string): Promise<void>;
  /**
   * What the provider knows of a number now, for shipments whose webhooks went quiet (the
   * polling fallback); undefined when it does not track the number. Throws when it cannot be reached.
   */
  poll?(trackingNumber: string, carrier: string): Promise<TrackingUpdate | undefined>;
}

interface RegisterJob {
  trackingNumber: string;
  carrier: string;
}

const QUEUE_PREFIX = 'tracker-registration';
const QUEUED_ATTEMPTS = 8;
const QUEUED_BACKOFF_MS = 5000;
const IN_PROCESS_ATTEMPTS = 3;

/**
 * Registers every new tracking number with the configured tracking provider, whatever brought
 * the shipment (Shopify, WooCommerce, ingest): it subscribes to the order changes. Each number
 * is registered once (kept in the source event log as `register:<number>`); a provider outage
 * or 429 is retried with backoff (BullMQ when Redis is there, a few times in process otherwise)
 * and never blocks chats.
 */
export class TrackingRegistration {
  constructor(private readonly deps: { registry: TrackerRegistry; orders: OrderRepository; log: SourceEventLog; queue: JobQueue; logger: Logger; retryDelayMs?: number }) {}

  /** The provider numbers are registered with. */
  get provider(): string {
    return this.deps.registry.name;
  }

  startWorker(): void {
    this.deps.queue.work<RegisterJob>(`${QUEUE_PREFIX}-${this.deps.registry.name}`, async (job) => {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        await this.deps.registry.register(job.data.trackingNumber, job.data.carrier);
      } catch (err) {
        if (final) await this.settle(job.data.trackingNumber, 'rejected', (err as Error).message);
        throw err;
      }
      await this.settle(job.data.trackingNumber, 'applied');
    });
  }

  /** The order change feed's subscriber. */
  async onChanges(changes: OrderChange[]): Promise<void> {
    for (const change of changes) {
      if (change.type !== 'order.created' && change.type !== 'shipment.added') continue;
      const doc = await this.deps.orders.getDocument(change.orderId);
      const shipments = (doc?.shipments ?? []).filter((s) => change.type === 'order.created' || s.id === change.shipmentId);
      for (const s of shipments) await this.register(s.trackingNumber, s.carrier);
    }
  }

  private async register(trackingNumber: string, carrier: string): Promise<void> {
    const { log, queue, registry } = this.deps;
    const first = await log.take({ source: registry.name, eventId: `register:${trackingNumber}`, topic: 'tracker.register', outcome: 'ignored', detail: 'registering' });
    if (!first) return;
    if (queue.available) {
      try {
        await queue.add<RegisterJob>(`${QUEUE_PREFIX}-${registry.name}`, { trackingNumber, carrier }, {
          jobId: `register-${registry.name}-${trackingNumber}`, attempts: QUEUED_ATTEMPTS,
          backoff: { type: 'exponential', delay: QUEUED_BACKOFF_MS }, removeOnComplete: true, removeOnFail: 1000,
        });
        return;
      } catch (err) {
        this.deps.logger.warn({ err: (err as Error).message }, 'tracker registration could not be queued; registering now');
      }
    }
    for (let n = 1; ; n++) {
      try {
        await registry.register(trackingNumber, carrier);
        return this.settle(trackingNumber, 'applied');
      } catch (err) {
        if (n >= IN_PROCESS_ATTEMPTS) {
          this.deps.logger.warn({ source: registry.name, err: (err as Error).message }, 'tracker registration failed');
          return this.settle(trackingNumber, 'rejected', (err as Error).message);
        }
        await new Promise((resolve) => setTimeout(resolve, (this.deps.retryDelayMs ?? 1000) * 2 ** (n - 1)));
      }
    }
  }

  private settle(trackingNumber: string, outcome: 'applied' | 'rejected', detail?: string): Promise<void> {
    return this.deps.log.settle(this.deps.registry.name, `register:${trackingNumber}`, outcome, detail?.slice(0, 500));
  }
}
