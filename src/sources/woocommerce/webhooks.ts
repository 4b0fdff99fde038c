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
      if (modified && !(await this.deps.log.advance(WOOCOMMERCE, `order:${body.id}`, new Date(modified), orderId))) {
        return { outcome: 'stale', detail: 'a newer version of this order was applied', orderId };
      }
      const mapped = orderFromWoo(body, await this.deps.orders.repository.getDocument(orderId));
      if (!mapped.ok) return { outcome: 'rejected', detail: mapped.reason, orderId };
      return ingestFromSource(this.deps.orders, mapped.value);
    });
  }
}

function isWooOrder(body: unknown): body is WooOrder {
  return typeof body === 'object' && body !== null && typeof (body as WooOrder).id === 'number' && typeof (body as WooOrder).status === 'string';
}
