import type { TrackingStatus } from './contract';

/** An order as the bot core reads it (from the store, dates parsed, events sorted). */
export interface Order {
  id: string;
  placedAt: Date;
  status: 'open' | 'cancelled';
  customer: { name: string; email: string; phone?: string; locale?: string };
  shippingAddress: { line1: string; line2?: string; city: string; region?: string; postalCode?: string; country: string };
  shippingMethod?: string;
  total?: { amount: number; currency: string };
  items: OrderItem[];
  shipments: Shipment[];
  /** Merchant exception events, oldest first. */
  merchantEvents: MerchantEvent[];
}

export interface OrderItem { sku: string; name: string; quantity: number; tags: string[] }

export interface Shipment {
  id: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  status: TrackingStatus;
  /** Calendar date YYYY-MM-DD (never shifted by a time zone). */
  estimatedDelivery?: string;
  items: { sku: string; quantity: number }[];
  /** Carrier events, oldest first. */
  events: TrackingEvent[];
}

export interface TrackingEvent { at: Date; status: TrackingStatus; description?: string; location?: string }

export interface MerchantEvent { type: string; payload: Record<string, unknown>; at: Date }

export type FulfilmentState = 'cancelled' | 'unfulfilled' | 'partially_shipped' | 'shipped';

/** Contract §1: fulfilment state is derived from the shipments. */
export function fulfilmentState(order: Order): FulfilmentState {
  if (order.status === 'cancelled') return 'cancelled';
  if (order.shipments.length === 0) return 'unfulfilled';
  const shipped = new Map<string, number>();
  for (const s of order.shipments) for (const it of s.items) shipped.set(it.sku, (shipped.get(it.sku) ?? 0) + it.quantity);
  const allShipped = order.items.every((it) => (shipped.get(it.sku) ?? 0) >= it.quantity);
  // A shipment without item lines is taken to carry the whole order.
  const itemless = order.shipments.every((s) => s.items.length === 0);
  return allShipped || itemless ? 'shipped' : 'partially_shipped';
}

/** Items not (fully) covered by any shipment. */
export function unshippedItems(order: Order): OrderItem[] {
  const shipped = new Map<string, number>();
  for (const s of order.shipments) for (const it of s.items) shipped.set(it.sku, (shipped.get(it.sku) ?? 0) + it.quantity);
  return order.items
    .map((it) => ({ ...it, quantity: it.quantity - (shipped.get(it.sku) ?? 0) }))
    .filter((it) => it.quantity > 0);
}
