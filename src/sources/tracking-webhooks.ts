import type { Applied, SourceEventLog } from './event-log';
import type { TrackingUpdate, TrackingUpdates } from './tracking';

/**
 * A tracking provider's webhook events, whatever the provider: each event id once, its
 * tracker read into a tracking update (`read` says undefined when the body is no tracking
 * event), applied to every shipment with that tracking number (src/sources/tracking.ts).
 */
export class TrackingWebhooks {
  constructor(
    readonly source: string,
    private readonly read: (body: unknown) => TrackingUpdate | undefined,
    private readonly deps: { updates: TrackingUpdates; log: SourceEventLog },
  ) {}

  handle(eventId: string, topic: string, body: unknown): Promise<Applied> {
    return this.deps.log.once(this.source, eventId, topic.slice(0, 100), async () => {
      const update = this.read(body);
      if (!update) return { outcome: 'rejected', detail: `not a ${this.source} tracking event` };
      const orderIds = await this.deps.updates.apply(update);
      return orderIds.length > 0
        ? { outcome: 'applied', orderId: orderIds[0], ...(orderIds.length > 1 ? { detail: `also orders ${orderIds.slice(1).join(', ')}` } : {}) }
        : { outcome: 'ignored', detail: `no shipment has tracking number ${update.trackingNumber} yet` };
    });
  }
}
