import { toE164 } from '../../linking/phone';
import { orderSchema, shipmentSchema, type OrderInput, type ShipmentInput, type TrackingStatus } from '../../orders/contract';

/** The parts of Shopify's REST Order resource (the body of orders/* webhooks) the bot uses. */
export interface ShopifyOrder {
  id: number;
  name: string;
  created_at: string;
  updated_at?: string;
  cancelled_at?: string | null;
  email?: string | null;
  phone?: string | null;
  customer_locale?: string | null;
  customer?: { first_name?: string | null; last_name?: string | null; email?: string | null; phone?: string | null } | null;
  shipping_address?: ShopifyAddress | null;
  billing_address?: ShopifyAddress | null;
  shipping_lines?: { title?: string | null }[];
  total_price?: string | null;
  currency?: string | null;
  line_items?: ShopifyLineItem[];
  fulfillments?: ShopifyFulfillment[];
}

export interface ShopifyAddress {
  first_name?: string | null;
  last_name?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  province_code?: string | null;
  country_code?: string | null;
  zip?: string | null;
  phone?: string | null;
}

export interface ShopifyLineItem {
  id: number;
  sku?: string | null;
  title?: string | null;
  variant_title?: string | null;
  quantity: number;
}

/** REST Fulfillment (the body of fulfillments/* webhooks, and each of an order's fulfillments). */
export interface ShopifyFulfillment {
  id: number;
  order_id?: number;
  status?: string | null;
  tracking_company?: string | null;
  tracking_number?: string | null;
  tracking_numbers?: string[];
  tracking_url?: string | null;
  tracking_urls?: string[];
  shipment_status?: string | null;
  line_items?: ShopifyLineItem[];
  updated_at?: string;
}

/** Shopify's shipment statuses (fulfilment `shipment_status`, fulfilment event `status`) in contract §5 terms (formats.md §4). */
const SHIPMENT_STATUS: Record<string, TrackingStatus> = {
  label_printed: 'info_received',
  label_purchased: 'info_received',
  confirmed: 'info_received',
  carrier_picked_up: 'in_transit',
  in_transit: 'in_transit',
  delayed: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  attempted_delivery: 'failed_attempt',
  ready_for_pickup: 'available_for_pickup',
  delivered: 'delivered',
  picked_up: 'delivered',
  failure: 'exception',
};

export function trackingStatusOf(shipmentStatus: string | null | undefined): TrackingStatus {
  return (shipmentStatus && SHIPMENT_STATUS[shipmentStatus.toLowerCase()]) || 'unknown';
}

/** Contract §9: the order's name without its leading "#" is the order number shoppers type. */
export function orderNumberOf(order: Pick<ShopifyOrder, 'name'>): string {
  return order.name.trim().replace(/^#/, '');
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A Shopify order as the ingest contract's order (contract §1), or why it cannot be one. */
export function orderFromShopify(order: ShopifyOrder): Mapped<OrderInput> {
  const address = order.shipping_address ?? order.billing_address;
  if (!address?.address1 || !address.city || !address.country_code) return { ok: false, reason: 'the order has no shipping address' };
  const email = order.email || order.customer?.email;
  if (!email) return { ok: false, reason: 'the order has no email' };
  const country = address.country_code.toUpperCase();
  const typedPhone = order.phone || address.phone || order.customer?.phone;
  const phone = typedPhone ? toE164(typedPhone, country) : undefined;
  const name = [order.customer?.first_name ?? address.first_name, order.customer?.last_name ?? address.last_name].filter(Boolean).join(' ').trim();
  const items = (order.line_items ?? []).map((li) => ({ sku: skuOf(li), name: itemName(li), quantity: li.quantity }));
  const shipments = (order.fulfillments ?? []).flatMap((f) => {
    const shipment = shipmentFromFulfillment(f);
    return shipment.ok ? [shipment.value] : [];
  });
  const candidate = {
    id: orderNumberOf(order),
    placedAt: order.created_at,
    status: order.cancelled_at ? 'cancelled' : 'open',
    customer: { name: name || 'Customer', email, ...(phone ? { phone } : {}), ...(order.customer_locale ? { locale: order.customer_locale } : {}) },
    shippingAddress: {
      line1: address.address1,
      ...(address.address2 ? { line2: address.address2 } : {}),
      city: address.city,
      ...(address.province_code || address.province ? { region: address.province_code || address.province! } : {}),
      ...(address.zip ? { postalCode: address.zip } : {}),
      country,
    },
    ...(order.shipping_lines?.[0]?.title ? { shippingMethod: order.shipping_lines[0].title } : {}),
    ...(order.total_price && order.currency ? { total: { amount: Number(order.total_price), currency: order.currency } } : {}),
    items,
    shipments,
  };
  const parsed = orderSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, value: parsed.data };
}

/** A fulfilment with a tracking number as a shipment; cancelled fulfilments and ones without tracking are none. */
export function shipmentFromFulfillment(f: ShopifyFulfillment): Mapped<ShipmentInput> {
  if (f.status === 'cancelled' || f.status === 'error') return { ok: false, reason: `fulfilment ${f.status}` };
  const trackingNumber = f.tracking_number || f.tracking_numbers?.[0];
  if (!trackingNumber) return { ok: false, reason: 'the fulfilment has no tracking number yet' };
  const url = f.tracking_url || f.tracking_urls?.[0];
  const parsed = shipmentSchema.safeParse({
    id: String(f.id),
    carrier: f.tracking_company || 'carrier',
    trackingNumber,
    ...(url && /^https?:\/\//i.test(url) ? { trackingUrl: url } : {}),
    items: (f.line_items ?? []).map((li) => ({ sku: skuOf(li), quantity: li.quantity })),
    status: trackingStatusOf(f.shipment_status),
  });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, value: parsed.data };
}

/** The same line item has the same sku in the order and in its fulfilments; one without a SKU is named by its id. */
function skuOf(li: ShopifyLineItem): string {
  return li.sku?.trim() || `line-${li.id}`;
}

function itemName(li: ShopifyLineItem): string {
  const title = li.title?.trim() || 'Item';
  return li.variant_title ? `${title} - ${li.variant_title}` : title;
}
