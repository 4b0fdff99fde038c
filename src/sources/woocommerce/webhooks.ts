import type { OrderInput } from '../../orders/contract';
import type { OrderService } from '../../orders/service';
import type { Applied, SourceEventLog } from '../event-log';
import { ingestFromSource, ingestManyFromSource } from '../ingest';
import { gmt, orderFromWoo, wooOrderNumber, type WooOrder } from './mapping';

export const WOOCOMMERCE = 'woocommerce';

/**
 * WooCommerce's order.created / order.updated webhooks into the order service: each delivery
 * once, a delivery older (date_modified_gmt) than the one applied is stale, tracking numbers
 * from the Shipment Tracking meta become shipments (their carrier scans come from a tracking provider).
 * The REST backfill's pages go through the same mapping and versions (applyOrders).
 */
export class WooWebhooks {
  constructor(private readonly deps: { orders: OrderService; log: SourceEventLog }) {}

  handle(eventId: string, topic: string, body: unknown): Promise<Applied> {
    return this.deps.log.once(WOOCOMMERCE, eventId, topic.slice(0, 100), async () => {
      if (!topic.startsWith('order.')) return { outcome: 'ignored', detail: `topic ${topic} is not used` };
      if (!isWooOrder(body)) return { outcome: 'rejected', detail: 'not a WooCommerce order' };
      const orderId = wooOrderNumber(body);
      const apply = async (): Promise<Applied> => {
        const mapped = orderFromWoo(body, await this.deps.orders.repository.getDocument(orderId));
        return mapped.ok ? ingestFromSource(this.deps.orders, mapped.value) : { outcome: 'rejected', detail: mapped.reason, orderId };
      };
      const version = versionOf(body);
      if (!version) return apply();
      const result = await this.deps.log.unlessStale({ source: WOOCOMMERCE, ...version }, apply);
      return result === 'stale' ? { outcome: 'stale', detail: 'a newer version of this order was applied', orderId } : result;
    });
  }

  /**
   * A page of orders from the REST API (the backfill): each mapped as a webhook's would be,
   * those not older than what was applied stored in one call, their versions recorded after.
   * `imported`: the page's orders that are now in at this version or a newer one (stored now,
   * or before: a page fetched again after a crash, or a newer webhook).
   */
  async applyOrders(orders: WooOrder[]): Promise<{ imported: number; stored: number; rejected: number }> {
    const current = await this.deps.orders.repository.getDocuments(orders.map(wooOrderNumber));
    const mapped = orders.map((o) => ({ source: o, version: versionOf(o), result: orderFromWoo(o, current.get(wooOrderNumber(o))) }));
    const valid = mapped.filter((m) => m.result.ok) as (typeof mapped[number] & { result: { ok: true; value: OrderInput } })[];
    const stale = await this.deps.log.staleKeys(WOOCOMMERCE, valid.flatMap((m) => (m.version ? [m.version] : [])));
    const fresh = valid.filter((m) => !m.version || !stale.has(m.version.recordKey));
    // Stored first, recorded after: a page cut short by a crash is stored again when fetched again.
    const { stored, rejected } = await ingestManyFromSource(this.deps.orders, fresh.map((m) => m.result.value));
    await this.deps.log.advanceMany(WOOCOMMERCE, fresh.flatMap((m) => (m.version && stored.has(m.result.value.id) ? [m.version] : [])));
    return { imported: valid.length - rejected, stored: stored.size, rejected: mapped.length - valid.length + rejected };
  }
}

/** The order's version as WooCommerce's webhooks and REST API give it (date_modified_gmt): an older one than applied is stale. */
function versionOf(order: WooOrder): { recordKey: string; updatedAt: Date; localId: string } | undefined {
  const modified = gmt(order.date_modified_gmt) ?? gmt(order.date_created_gmt);
  return modified ? { recordKey: `order:${order.id}`, updatedAt: new Date(modified), localId: wooOrderNumber(order) } : undefined;
}

export function isWooOrder(body: unknown): body is WooOrder {
  return typeof body === 'object' && body !== null && typeof (body as WooOrder).id === 'number' && typeof (body as WooOrder).status === 'string';
}
