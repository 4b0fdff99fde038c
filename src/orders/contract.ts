import { z } from 'zod';
import { TRACKING_STATUSES } from '../vocabulary';

/** Tracking statuses (contract §5). */
export { TRACKING_STATUSES, type TrackingStatus } from '../vocabulary';

const isoTimestamp = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 timestamp such as 2026-11-20T14:05:00Z' });
const calendarDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' });
const nonEmpty = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, { message: 'expected an E.164 phone number such as +15125550101' });

export const trackingEventSchema = z.object({
  at: isoTimestamp,
  status: z.enum(TRACKING_STATUSES),
  description: z.string().max(500).optional(),
  location: z.string().max(200).optional(),
});

export const shipmentSchema = z.object({
  id: nonEmpty(100),
  carrier: nonEmpty(100),
  trackingNumber: nonEmpty(100),
  // Only web links: the inbox shows it as a link and the bot sends it to shoppers ("javascript:" is not a link).
  trackingUrl: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).max(2000).optional(),
  items: z.array(z.object({ sku: nonEmpty(100), quantity: z.number().int().positive() })).default([]),
  status: z.enum(TRACKING_STATUSES),
  estimatedDelivery: calendarDate.optional(),
  events: z.array(trackingEventSchema).max(500).default([]),
});

export const orderSchema = z
  .object({
    id: nonEmpty(64).regex(/[A-Za-z0-9]/, { message: 'expected an order number with letters or digits' }),
    placedAt: isoTimestamp,
    status: z.enum(['open', 'cancelled']),
    customer: z.object({
      name: nonEmpty(200),
      email: z.email({ message: 'expected an email address' }).max(254),
      phone: e164.optional(),
      locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'expected a BCP 47 locale such as en-US' }).optional(),
      /** What the shopper agreed to be told on (proactive notices): SMS and WhatsApp need a yes; email is allowed unless false. */
      consent: z.object({ sms: z.boolean().optional(), whatsapp: z.boolean().optional(), email: z.boolean().optional() }).strict().optional(),
    }),
    shippingAddress: z.object({
      line1: nonEmpty(200),
      line2: z.string().max(200).optional(),
      city: nonEmpty(100),
      region: z.string().max(100).optional(),
      postalCode: z.string().trim().max(20).optional(),
      country: z.string().regex(/^[A-Za-z]{2}$/, { message: 'expected an ISO 3166 two-letter country code' }),
    }),
    shippingMethod: z.string().max(100).optional(),
    /** Optional order value: handoff rules can bring a person in above HANDOFF_ORDER_VALUE_OVER. */
    total: z.object({
      amount: z.number().nonnegative(),
      currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 currency code such as USD' }),
    }).optional(),
    items: z.array(z.object({
      sku: nonEmpty(100),
      name: nonEmpty(300),
      quantity: z.number().int().positive(),
      tags: z.array(z.string().max(100)).max(50).optional(),
    })).min(1, { message: 'an order needs at least one item' }).max(500),
    shipments: z.array(shipmentSchema).max(100).default([]),
  })
  .superRefine((order, ctx) => {
    const ids = new Set<string>();
    order.shipments.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['shipments', i, 'id'], message: `duplicate shipment id "${s.id}"` });
      ids.add(s.id);
    });
  });

export type OrderInput = z.infer<typeof orderSchema>;
export type ShipmentInput = z.infer<typeof shipmentSchema>;

/** A bulk upsert: an array of orders (all or nothing); one order id twice is a mistake, not an update. */
export const orderBulkSchema = z
  .array(orderSchema)
  .min(1, { message: 'expected at least one order' })
  .max(10000, { message: 'expected at most 10,000 orders per call' })
  .superRefine((list, ctx) => {
    const first = new Map<string, number>();
    list.forEach((o, i) => {
      const earlier = first.get(o.id);
      if (earlier === undefined) first.set(o.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `order "${o.id}" is also at [${earlier}]` });
    });
  });

/**
 * One order or an array of them (bulk upsert). For validation with field paths use
 * `orderBulkSchema` or `orderSchema` by the body's shape: a failed union reports only
 * "Invalid input" at the root, without the paths of the problems.
 */
export const orderIngestSchema = z.union([orderSchema, orderBulkSchema]);

/** Merchant exception events (contract §1). */
export const orderEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fulfilment_delayed'), shipBy: calendarDate, reason: z.string().max(500).optional() }),
  z.object({ type: z.literal('out_of_stock'), sku: nonEmpty(100), restockDate: calendarDate.optional(), reason: z.string().max(500).optional() }),
  z.object({ type: z.literal('note'), message: nonEmpty(1000) }),
]);
export type OrderEventInput = z.infer<typeof orderEventSchema>;
