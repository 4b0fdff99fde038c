import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';

/** WooCommerce's side of a webhook delivery: X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body) and its headers. */
export function wooWebhook(app: Express, secret: string, topic: string, body: unknown, deliveryId: string = String(crypto.randomInt(1, 1_000_000_000))) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const [resource, event] = topic.split('.');
  return request(app).post('/sources/woocommerce/webhooks')
    .set('Content-Type', 'application/json')
    .set('X-WC-Webhook-Source', 'https://shop.example.com/')
    .set('X-WC-Webhook-Topic', topic)
    .set('X-WC-Webhook-Resource', resource)
    .set('X-WC-Webhook-Event', event ?? '')
    .set('X-WC-Webhook-ID', '17')
    .set('X-WC-Webhook-Delivery-ID', deliveryId)
    .set('X-WC-Webhook-Signature', crypto.createHmac('sha256', secret).update(raw).digest('base64'))
    .send(raw);
}

/** A WooCommerce REST order; `tracking` adds the Shipment Tracking extension's meta. */
export function wooOrder(over: Record<string, unknown> = {}, tracking: Array<{ provider: string; number: string }> = []) {
  return {
    id: 727,
    number: '727',
    status: 'processing',
    currency: 'EUR',
    total: '39.00',
    date_created_gmt: '2026-11-20T09:00:00',
    date_modified_gmt: '2026-11-20T09:00:05',
    billing: { first_name: 'Lea', last_name: 'Vogel', email: 'lea@example.com', phone: '0151 23456789', address_1: 'Hauptstr. 1', city: 'Berlin', postcode: '10115', country: 'DE' },
    shipping: { first_name: 'Lea', last_name: 'Vogel', address_1: 'Hauptstr. 1', address_2: '', city: 'Berlin', state: '', postcode: '10115', country: 'DE', phone: '' },
    line_items: [{ id: 315, name: 'Green tea', sku: 'TEA-GREEN', quantity: 2 }],
    shipping_lines: [{ method_title: 'DHL Paket' }],
    meta_data: tracking.length === 0 ? [] : [{
      id: 5001, key: '_wc_shipment_tracking_items',
      value: tracking.map((t, i) => ({ tracking_provider: t.provider, custom_tracking_provider: '', custom_tracking_link: '', tracking_number: t.number, date_shipped: '1795680000', tracking_id: `trk${i + 1}` })),
    }],
    ...over,
  };
}
