import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';

/**
 * Shopify's side of a webhook delivery: the REST resource JSON as the body, signed with
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body), with its topic and event id.
 */
export function shopifyWebhook(app: Express, secret: string, topic: string, body: unknown, opts: { eventId?: string; signature?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const hmac = opts.signature ?? crypto.createHmac('sha256', secret).update(raw).digest('base64');
  return request(app).post('/sources/shopify/webhooks')
    .set('Content-Type', 'application/json')
    .set('X-Shopify-Topic', topic)
    .set('X-Shopify-Shop-Domain', 'test-shop.myshopify.com')
    .set('X-Shopify-API-Version', '2026-10')
    .set('X-Shopify-Event-Id', opts.eventId ?? crypto.randomUUID())
    .set('X-Shopify-Triggered-At', new Date().toISOString())
    .set('X-Shopify-Hmac-Sha256', hmac)
    .send(raw);
}

/** A Shopify REST Order as orders/* webhooks carry it. */
export function shopifyOrder(over: Record<string, unknown> = {}) {
  return {
    id: 820982911946154500,
    name: '#1001',
    order_number: 1001,
    created_at: '2026-11-20T10:00:00-05:00',
    updated_at: '2026-11-20T10:00:05-05:00',
    cancelled_at: null,
    email: 'jon@example.com',
    phone: null,
    customer_locale: 'en',
    customer: { first_name: 'Jon', last_name: 'Snow', email: 'jon@example.com', phone: null },
    shipping_address: { first_name: 'Jon', last_name: 'Snow', address1: '12 Lake Rd', city: 'Boise', province_code: 'ID', country_code: 'US', zip: '83702', phone: '(208) 555-0142' },
    shipping_lines: [{ title: 'Standard' }],
    total_price: '49.90',
    currency: 'USD',
    financial_status: 'paid',
    fulfillment_status: null,
    line_items: [{ id: 466157049, sku: 'MUG-BLUE', title: 'Mug', variant_title: 'Blue', quantity: 2, fulfillment_status: null }],
    fulfillments: [],
    ...over,
  };
}

/** A Shopify REST Fulfillment as fulfillments/* webhooks carry it. */
export function shopifyFulfillment(over: Record<string, unknown> = {}) {
  return {
    id: 255858046,
    order_id: 820982911946154500,
    status: 'success',
    tracking_company: 'UPS',
    tracking_number: '1Z2345',
    tracking_numbers: ['1Z2345'],
    tracking_url: 'https://www.ups.com/track?tracknum=1Z2345',
    tracking_urls: ['https://www.ups.com/track?tracknum=1Z2345'],
    shipment_status: null,
    line_items: [{ id: 466157049, sku: 'MUG-BLUE', title: 'Mug', quantity: 2 }],
    updated_at: '2026-11-21T09:00:00-05:00',
    ...over,
  };
}
