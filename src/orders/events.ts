/**
 * Typed order changes: what moved between two states of an order. Written to the outbox
 * (`order_changes`) in the transaction that made the change, whatever made it (ingest, a
 * merchant event, later a shop or carrier connector), and dispatched to subscribers.
 */
import type { OrderEventInput } from './contract';

export type OrderChange =
  | { type: 'order.created'; orderId: string; status: string }
  | { type: 'order.status_changed'; orderId: string; from: string; to: string }
  | { type: 'shipment.added'; orderId: string; shipmentId: string; status: string }
  | { type: 'shipment.status_changed'; orderId: string; shipmentId: string; from: string; to: string }
  | { type: 'shipment.exception'; orderId: string; shipmentId: string; status: string }
  | { type: 'shipment.eta_moved'; orderId: string; shipmentId: string; from: string | null; to: string | null }
  /** No carrier scan since `since` (a day) for the knowledge's stale threshold (src/sources/tracking-watch.ts). */
  | { type: 'shipment.stale'; orderId: string; shipmentId: string; since: string }
  | { type: 'merchant.event'; orderId: string; event: OrderEventInput };

export type OrderChangeType = OrderChange['type'];

/** What the change detection compares: the order's status and each shipment's status and estimated delivery. */
export interface OrderState {
  status: string;
  shipments: Map<string, { status: string; eta: string | null }>;
}

/** Carrier states that are a problem of the carrier's (formats §5). */
const TROUBLE = new Set(['exception', 'failed_attempt', 'returned']);

export function changesBetween(orderId: string, before: OrderState | undefined, after: OrderState): OrderChange[] {
  if (!before) return [{ type: 'order.created', orderId, status: after.status }];
  const out: OrderChange[] = [];
  if (before.status !== after.status) out.push({ type: 'order.status_changed', orderId, from: before.status, to: after.status });
  for (const [shipmentId, now] of after.shipments) {
    const was = before.shipments.get(shipmentId);
    if (!was) {
      out.push({ type: 'shipment.added', orderId, shipmentId, status: now.status });
      continue;
    }
    if (was.status !== now.status) {
      out.push({ type: 'shipment.status_changed', orderId, shipmentId, from: was.status, to: now.status });
      if (TROUBLE.has(now.status)) out.push({ type: 'shipment.exception', orderId, shipmentId, status: now.status });
    }
    if (was.eta !== now.eta) out.push({ type: 'shipment.eta_moved', orderId, shipmentId, from: was.eta, to: now.eta });
  }
  return out;
}
