import type { OrderInput, ShipmentInput } from '../../orders/contract';
import { merged, newestScanStatus } from '../tracking';
import type { OrderService } from '../../orders/service';
import type { Applied, SourceEventLog } from '../event-log';
import { ingestFromSource, ingestManyFromSource } from '../ingest';
import { orderFromShopify, orderNumberOf, shipmentFromFulfillment, trackingStatusOf, type ShopifyFulfillment, type ShopifyOrder } from './mapping';
import { isRecord } from '../../vocabulary';

export const SHOPIFY = 'shopify';

/** The body of fulfillment_events/create. */
interface ShopifyFulfillmentEvent {
  id: number;
  fulfillment_id: number;
  order_id: number;
  status: string;
  happened_at?: string | null;
  created_at?: string | null;
  message?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  estimated_delivery_at?: string | null;
}

const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/cancelled', 'orders/fulfilled', 'orders/partially_fulfilled', 'orders/paid', 'orders/edited']);

/**
 * Shopify's order and fulfilment webhooks into the order service (contract §9, formats.md
 * §5): each event id applied once, deliveries older than what was applied ignored (Shopify
 * retries carry the original payload), carrier statuses that never go back from delivered
 * except on a newer event, and nothing half applied: an event is mapped whole, then stored.
 */
export class ShopifyWebhooks {
  constructor(private readonly deps: { orders: OrderService; log: SourceEventLog }) {}

  /** One delivery, its signature checked; `eventId` is X-Shopify-Event-Id (a retry or a second subscription has the same). */
  handle(eventId: string, topic: string, body: unknown): Promise<Applied> {
    return this.deps.log.once(SHOPIFY, eventId, topic.slice(0, 100), () => this.apply(topic, body));
  }

  private async apply(topic: string, body: unknown): Promise<Applied> {
    if (ORDER_TOPICS.has(topic)) return isOrder(body) ? this.order(body) : { outcome: 'rejected', detail: 'not a Shopify order' };
    if (topic === 'fulfillments/create' || topic === 'fulfillments/update') {
      return isFulfillment(body) ? this.fulfillment(body) : { outcome: 'rejected', detail: 'not a Shopify fulfilment' };
    }
    if (topic === 'fulfillment_events/create') return isFulfillmentEvent(body) ? this.fulfillmentEvent(body) : { outcome: 'rejected', detail: 'not a Shopify fulfilment event' };
    return { outcome: 'ignored', detail: `topic ${topic} is not used` };
  }

  /**
   * A page of orders from the Admin API (the backfill): each mapped as a webhook's would be,
   * those newer than what was applied stored in one call. `imported`: the page's orders that are
   * now in at this version or a newer one (stored now, or before: a page fetched again after a crash).
   */
  async applyOrders(orders: ShopifyOrder[]): Promise<{ imported: number; stored: number; rejected: number }> {
    const mapped = orders.map((o) => ({ source: o, result: orderFromShopify(o) }));
    const valid = mapped.filter((m) => m.result.ok) as { source: ShopifyOrder; result: { ok: true; value: OrderInput } }[];
    const versions = valid.map((m) => ({ recordKey: `order:${m.source.id}`, updatedAt: new Date(m.source.updated_at ?? m.source.created_at), localId: m.result.value.id }));
    // Stored first, recorded after: a page cut short by a crash is stored again when fetched again.
    const stale = await this.deps.log.staleKeys(SHOPIFY, versions);
    const fresh = valid.filter((m) => !stale.has(`order:${m.source.id}`));
    const current = await this.deps.orders.repository.getDocuments(fresh.map((m) => m.result.value.id));
    const list = fresh.map(({ result: { value } }) => ({ ...value, shipments: value.shipments.map((s) => keepTracking(s, current.get(value.id)?.shipments.find((c) => c.id === s.id))) }));
    const { stored, rejected } = await ingestManyFromSource(this.deps.orders, list);
    await this.deps.log.advanceMany(SHOPIFY, versions.filter((v) => !stale.has(v.recordKey) && stored.has(v.localId)));
    return { imported: valid.length - rejected, stored: stored.size, rejected: mapped.length - valid.length + rejected };
  }

  private async order(order: ShopifyOrder): Promise<Applied> {
    const orderId = orderNumberOf(order);
    const mapped = orderFromShopify(order);
    if (!mapped.ok) return { outcome: 'rejected', detail: mapped.reason, orderId };
    const version = { source: SHOPIFY, recordKey: `order:${order.id}`, updatedAt: new Date(order.updated_at ?? order.created_at), localId: orderId };
    const result = await this.deps.log.unlessStale(version, async () => {
      const current = await this.deps.orders.repository.getDocument(orderId);
      return ingestFromSource(this.deps.orders, { ...mapped.value, shipments: mapped.value.shipments.map((s) => keepTracking(s, current?.shipments.find((c) => c.id === s.id))) });
    });
    return result === 'stale' ? { outcome: 'stale', detail: 'a newer version of this order was applied', orderId } : result;
  }

  private async fulfillment(f: ShopifyFulfillment & { order_id: number }): Promise<Applied> {
    const orderId = await this.deps.log.localId(SHOPIFY, `order:${f.order_id}`);
    const current = orderId ? await this.deps.orders.repository.getDocument(orderId) : undefined;
    if (!orderId || !current) return { outcome: 'ignored', detail: 'the order is not known yet (its own webhook brings the fulfilment too)' };
    const shipments = current.shipments.filter((s) => s.id !== String(f.id));
    const mapped = shipmentFromFulfillment(f);
    if (mapped.ok) shipments.push(keepTracking(mapped.value, current.shipments.find((s) => s.id === mapped.value.id)));
    else if (f.status !== 'cancelled' && f.status !== 'error') return { outcome: 'ignored', detail: mapped.reason, orderId };
    const apply = () => ingestFromSource(this.deps.orders, { ...current, shipments });
    if (!f.updated_at) return apply();
    const result = await this.deps.log.unlessStale({ source: SHOPIFY, recordKey: `fulfillment:${f.id}`, updatedAt: new Date(f.updated_at) }, apply);
    return result === 'stale' ? { outcome: 'stale', detail: 'a newer version of this fulfilment was applied', orderId } : result;
  }

  private async fulfillmentEvent(e: ShopifyFulfillmentEvent): Promise<Applied> {
    const orderId = await this.deps.log.localId(SHOPIFY, `order:${e.order_id}`);
    const current = orderId ? await this.deps.orders.repository.getDocument(orderId) : undefined;
    const shipment = current?.shipments.find((s) => s.id === String(e.fulfillment_id));
    if (!orderId || !current || !shipment) return { outcome: 'ignored', detail: 'the fulfilment is not known yet', orderId };
    const at = e.happened_at ?? e.created_at;
    if (!at || Number.isNaN(Date.parse(at))) return { outcome: 'rejected', detail: 'the event has no time', orderId };
    const location = [e.city, e.province, e.country].filter(Boolean).join(', ');
    const event = { at: new Date(at).toISOString(), status: trackingStatusOf(e.status), ...(e.message ? { description: e.message.slice(0, 500) } : {}), ...(location ? { location: location.slice(0, 200) } : {}) };
    const eta = e.estimated_delivery_at && !Number.isNaN(Date.parse(e.estimated_delivery_at)) ? e.estimated_delivery_at.slice(0, 10) : undefined;
    const updated = merged(shipment, { trackingNumber: shipment.trackingNumber, status: event.status, events: [event], ...(eta ? { estimatedDelivery: eta } : {}) });
    return ingestFromSource(this.deps.orders, { ...current, shipments: current.shipments.map((s) => (s.id === updated.id ? updated : s)) });
  }


}

/**
 * A shipment as Shopify describes it now, keeping what we know beyond that: the carrier events
 * (from fulfilment events or a tracking provider) and a status Shopify does not know ("unknown"),
 * or one it would move back from delivered without a newer event.
 */
function keepTracking(next: ShipmentInput, current: ShipmentInput | undefined): ShipmentInput {
  if (!current) return next;
  const events = next.events.length > 0 ? next.events : current.events;
  const shopifySays = next.status === 'unknown' ? current.status : next.status;
  // Carrier events we hold decide (by carrier time); delivered stays delivered.
  const status = current.status === 'delivered' ? 'delivered' : (newestScanStatus(events) ?? shopifySays);
  return { ...next, events, status, ...(next.estimatedDelivery ?? current.estimatedDelivery ? { estimatedDelivery: next.estimatedDelivery ?? current.estimatedDelivery } : {}) };
}


function isOrder(body: unknown): body is ShopifyOrder {
  return isRecord(body) && typeof body.id === 'number' && typeof body.name === 'string' && typeof body.created_at === 'string';
}

function isFulfillment(body: unknown): body is ShopifyFulfillment & { order_id: number } {
  return isRecord(body) && typeof body.id === 'number' && typeof body.order_id === 'number';
}

function isFulfillmentEvent(body: unknown): body is ShopifyFulfillmentEvent {
  return isRecord(body) && typeof body.id === 'number' && typeof body.fulfillment_id === 'number' && typeof body.order_id === 'number' && typeof body.status === 'string';
}
