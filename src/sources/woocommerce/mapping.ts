import { toE164 } from '../../linking/phone';
import { orderSchema, type OrderInput, type ShipmentInput } from '../../orders/contract';

interface WooAddress {
  first_name?: string; last_name?: string; address_1?: string; address_2?: string; city?: string; state?: string; postcode?: string; country?: string;
  email?: string; phone?: string;
}

/** The parts of a WooCommerce REST order (the body of order.created / order.updated) the bot uses. */
export interface WooOrder {
  id: number;
  number?: string;
  status: string;
  date_created_gmt?: string;
  date_created?: string;
  date_modified_gmt?: string;
  billing?: WooAddress;
  shipping?: WooAddress;
  line_items?: { id: number; name?: string; sku?: string; quantity: number }[];
  shipping_lines?: { method_title?: string }[];
  total?: string;
  currency?: string;
  meta_data?: { key: string; value: unknown }[];
}

/** One entry of the common Shipment Tracking extension's `_wc_shipment_tracking_items` meta. */
interface WooTrackingItem {
  tracking_id?: string;
  tracking_provider?: string;
  custom_tracking_provider?: string;
  tracking_number?: string;
  custom_tracking_link?: string;
}

/** Statuses of an order that will not ship. */
const CANCELLED = new Set(['cancelled', 'refunded', 'failed', 'trash']);

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Contract §9: a WooCommerce order is known by its order `number` (its id when the shop has no numbering plugin). */
export function wooOrderNumber(order: Pick<WooOrder, 'id' | 'number'>): string {
  return String(order.number || order.id);
}

/** GMT times come without a zone: they are UTC. */
export function gmt(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : new Date(iso).toISOString();
}

export function orderFromWoo(order: WooOrder, existing?: OrderInput): Mapped<OrderInput> {
  const ship = order.shipping?.address_1 ? order.shipping : order.billing;
  if (!ship?.address_1 || !ship.city || !ship.country) return { ok: false, reason: 'the order has no shipping address' };
  const email = order.billing?.email;
  if (!email) return { ok: false, reason: 'the order has no email' };
  const placedAt = gmt(order.date_created_gmt) ?? gmt(order.date_created);
  if (!placedAt) return { ok: false, reason: 'the order has no creation date' };
  const country = ship.country.toUpperCase();
  const typedPhone = order.shipping?.phone || order.billing?.phone;
  const phone = typedPhone ? toE164(typedPhone, country) : undefined;
  const name = [order.billing?.first_name ?? ship.first_name, order.billing?.last_name ?? ship.last_name].filter(Boolean).join(' ').trim();
  const parsed = orderSchema.safeParse({
    id: wooOrderNumber(order),
    placedAt,
    status: CANCELLED.has(order.status) ? 'cancelled' : 'open',
    customer: { name: name || 'Customer', email, ...(phone ? { phone } : {}) },
    shippingAddress: {
      line1: ship.address_1, ...(ship.address_2 ? { line2: ship.address_2 } : {}), city: ship.city,
      ...(ship.state ? { region: ship.state } : {}), ...(ship.postcode ? { postalCode: ship.postcode } : {}), country,
    },
    ...(order.shipping_lines?.[0]?.method_title ? { shippingMethod: order.shipping_lines[0].method_title } : {}),
    ...(order.total && order.currency ? { total: { amount: Number(order.total), currency: order.currency } } : {}),
    items: (order.line_items ?? []).map((li) => ({ sku: li.sku?.trim() || `line-${li.id}`, name: li.name?.trim() || 'Item', quantity: li.quantity })),
    shipments: shipmentsOf(order, existing),
  });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, value: parsed.data };
}

/** Shipments from the Shipment Tracking meta; a known one keeps its carrier scans and status (a tracking provider's). */
function shipmentsOf(order: WooOrder, existing?: OrderInput): ShipmentInput[] {
  const meta = order.meta_data?.find((m) => m.key === '_wc_shipment_tracking_items')?.value;
  const items = Array.isArray(meta) ? (meta as WooTrackingItem[]) : [];
  return items.flatMap((t, i) => {
    if (!t?.tracking_number) return [];
    const id = t.tracking_id || `tracking-${i + 1}`;
    const known = existing?.shipments.find((s) => s.id === id);
    const link = t.custom_tracking_link && /^https?:\/\//i.test(t.custom_tracking_link) ? t.custom_tracking_link : undefined;
    return [{
      id,
      carrier: (t.custom_tracking_provider || t.tracking_provider || 'carrier').slice(0, 100),
      trackingNumber: t.tracking_number,
      ...(link ? { trackingUrl: link } : {}),
      items: [],
      status: known?.status ?? 'info_received',
      events: known?.events ?? [],
      ...(known?.estimatedDelivery ? { estimatedDelivery: known.estimatedDelivery } : {}),
    }];
  });
}
