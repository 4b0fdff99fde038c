import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { startJsonServer } from './json-server';

/** AfterShip's side of a webhook delivery: signed with aftership-hmac-sha256 (base64 HMAC-SHA256 of the raw body). */
export function afterShipWebhook(app: Express, secret: string, body: unknown, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(app).post('/sources/aftership/webhooks')
    .set('Content-Type', 'application/json')
    .set('aftership-hmac-sha256', signature ?? crypto.createHmac('sha256', secret).update(raw).digest('base64'))
    .send(raw);
}

/** A tracking_update event for a tracking number; checkpoints as [tag, subtag, ISO time, subtag message?]. */
export function trackingUpdateEvent(trackingNumber: string, tag: string, checkpoints: Array<[string, string, string, string?]>, eventId: string = crypto.randomUUID()) {
  return {
    ts: Math.floor(Date.now() / 1000),
    event: 'tracking_update',
    event_id: eventId,
    is_tracking_first_tag: false,
    msg: {
      id: crypto.randomBytes(12).toString('hex'),
      tracking_number: trackingNumber,
      slug: 'dhl',
      tag,
      subtag: `${tag}_001`,
      subtag_message: checkpoints.at(-1)?.[3] ?? tag,
      expected_delivery: '2026-11-28',
      checkpoints: checkpoints.map(([t, subtag, at, subtagMessage]) => ({
        checkpoint_time: at, message: `${t} scan`, location: 'Leipzig, DE', tag: t, subtag, subtag_message: subtagMessage ?? t, slug: 'dhl',
      })),
    },
  };
}

/**
 * AfterShip's API: `POST /tracking/<version>/trackings` creates a tracking (the `as-api-key`
 * header; a number it already has answers meta code 4003); `GET /tracking/<version>/trackings?tracking_numbers=`
 * lists the trackings of a number (what `setTracking` put there, in the shape of `trackingUpdateEvent(...).msg`).
 */
export async function startFakeAfterShip(apiKey: string) {
  const created: string[] = [];
  const trackings = new Map<string, unknown>();
  const listed: string[] = [];
  const server = await startJsonServer((req, raw, send) => {
    if (req.headers['as-api-key'] !== apiKey) return send(401, { meta: { code: 401, type: 'Unauthorized', message: 'Invalid API key.' }, data: {} });
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!/^\/tracking\/\d{4}-\d{2}\/trackings$/.test(url.pathname)) return send(404, { meta: { code: 404, type: 'NotFound', message: 'not found' }, data: {} });
    if (req.method === 'GET') {
      const number = url.searchParams.get('tracking_numbers') ?? '';
      listed.push(number);
      const found = trackings.get(number);
      return send(200, { meta: { code: 200 }, data: { pagination: { total: found ? 1 : 0, has_next_page: false }, trackings: found ? [found] : [] } });
    }
    if (req.method !== 'POST') return send(404, { meta: { code: 404, type: 'NotFound', message: 'not found' }, data: {} });
    const { tracking_number: number } = JSON.parse(raw) as { tracking_number: string };
    if (created.includes(number)) return send(400, { meta: { code: 4003, type: 'BadRequest', message: 'Tracking already exists.' }, data: {} });
    created.push(number);
    send(201, { meta: { code: 201 }, data: { id: crypto.randomBytes(12).toString('hex'), tracking_number: number, slug: 'dhl', tag: 'Pending' } });
  });
  return { baseUrl: server.origin, created, listed, setTracking: (number: string, tracking: unknown) => void trackings.set(number, tracking), close: server.close };
}
