import type { OrderService } from '../../orders/service';
import type { Applied, SourceEventLog } from '../event-log';
import { ingestFromSource } from '../ingest';
import { gmt, orderFromWoo, wooOrderNumber, type WooOrder } from './mapping';

export const WOOCOMMERCE = 'woocommerce';

/**
 * WooCommerce's order.created / order.updated webhooks into the order service: each delivery
 * once, a delivery older (date_modified_gmt) than the one applied is stale, tracking numbers
 * from the Shipment Tracking meta become shipments (their carrier scans come from a tracking provider).
 */
export class WooWebhooks {
  constructor(private readonly deps: { orders: OrderService; log: SourceEventLog }) {}

  handle(eventId: string, topic: string, body: unknown): Promise<Applied> {
    return this.deps.log.once(WOOCOMMERCE, eventId, topic.slice(0, 100), async () => {
      if (!topic.startsWith('order.')) return { outcome: 'ignored', detail: `topic ${topic} is not used` };
      if (!isWooOrder(body)) return { outcome: 'rejected', detail: 'not a WooCommerce order' };
      const orderId = wooOrderNumber(body);
      const modified = gmt(body.date_modified_gmt) ?? gmt(body.date_created_gmt);
      const apply = async (): Promise<Applied> => {
        const mapped = orderFromWoo(body, await this.deps.orders.repository.getDocument(orderId));
        return mapped.ok ? ingestFromSource(this.deps.orders, mapped.value) : { outcome: 'rejected', detail: mapped.reason, orderId };
      };
      if (!modified) return apply();
      const result = await this.deps.log.unlessStale({ source: WOOCOMMERCE, recordKey: `order:${body.id}`, updatedAt: new Date(modified), localId: orderId }, apply);
      return result === 'stale' ? { outcome: 'stale', detail: 'a newer version of this order was applied', orderId } : result;
    });
  }
}

function isWooOrder(body: unknown): body is WooOrder {
  return typeof body === 'object' && body !== null && typeof (body as WooOrder).id === 'number' && typeof (body as WooOrder).status === 'string';
}
