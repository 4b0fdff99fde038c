import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { startJsonServer } from './json-server';

/** EasyPost's side of a webhook delivery: an Event whose result is a Tracker, signed `hmac-sha256-hex=` over the raw body. */
export function easyPostWebhook(app: Express, secret: string, body: unknown, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const hex = crypto.createHmac('sha256', secret.normalize('NFKD')).update(raw).digest('hex');
  return request(app).post('/sources/easypost/webhooks')
    .set('Content-Type', 'application/json')
    .set('X-Hmac-Signature', signature ?? `hmac-sha256-hex=${hex}`)
    .send(raw);
}

/** A tracker.updated Event for a tracking code, with scans given as [status, detail, ISO time]. */
export function trackerEvent(trackingCode: string, status: string, scans: Array<[string, string | null, string]>, id = `evt_${crypto.randomBytes(8).toString('hex')}`) {
  return {
    id,
    object: 'Event',
    mode: 'test',
    description: 'tracker.updated',
    created_at: new Date().toISOString(),
    previous_attributes: {},
    result: {
      id: 'trk_' + crypto.createHash('md5').update(trackingCode).digest('hex').slice(0, 12),
      object: 'Tracker',
      tracking_code: trackingCode,
      carrier: 'UPS',
      status,
      status_detail: scans.at(-1)?.[1] ?? null,
      est_delivery_date: '2026-11-27T00:00:00Z',
      public_url: `https://track.easypost.com/${trackingCode}`,
      tracking_details: scans.map(([s, detail, datetime]) => ({
        object: 'TrackingDetail', status: s, status_detail: detail, message: `${s} scan`, datetime, source: 'UPS',
        tracking_location: { object: 'TrackingLocation', city: 'Boise', state: 'ID', country: 'US', zip: '83702' },
      })),
    },
  };
}

/**
 * EasyPost's API for trackers, with HTTP basic auth (the API key as user): `POST /v2/trackers` with
 * `{ tracker: { tracking_code, carrier } }` answers a Tracker; `GET /v2/trackers?tracking_code=` lists
 * the Trackers of a code (what `setTracker` put there, in the shape of `trackerEvent(...).result`).
 * `failNext(n, status)` makes the next calls fail.
 */
export async function startFakeEasyPost(apiKey: string) {
  const created: { tracking_code: string; carrier: string }[] = [];
  const trackers = new Map<string, unknown>();
  const listed: string[] = [];
  let failures: number[] = [];
  const server = await startJsonServer((req, raw, send) => {
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    if (auth.split(':')[0] !== apiKey) return send(401, { error: { code: 'APIKEY.INACTIVE', message: 'API key is invalid', errors: [] } });
    const url = new URL(req.url ?? '/', 'http://fake');
    const failure = url.pathname === '/v2/trackers' ? failures.shift() : undefined;
    if (failure) return send(failure, { error: { code: failure === 429 ? 'RATE_LIMITED' : 'INTERNAL_SERVER_ERROR', message: 'try again', errors: [] } });
    if (req.method === 'GET' && url.pathname === '/v2/trackers') {
      const code = url.searchParams.get('tracking_code') ?? '';
      listed.push(code);
      const tracker = trackers.get(code);
      return send(200, { trackers: tracker ? [tracker] : [], has_more: false });
    }
    if (req.method !== 'POST' || url.pathname !== '/v2/trackers') return send(404, { error: { code: 'NOT_FOUND', message: 'not found', errors: [] } });
    const { tracker } = JSON.parse(raw) as { tracker: { tracking_code: string; carrier: string } };
    created.push(tracker);
    send(201, { id: `trk_${crypto.randomBytes(8).toString('hex')}`, object: 'Tracker', mode: 'test', tracking_code: tracker.tracking_code, carrier: tracker.carrier, status: 'pre_transit', tracking_details: [] });
  });
  return {
    baseUrl: `${server.origin}/v2`,
    created,
    /** Tracking codes the list endpoint was asked for (the polling fallback's reads). */
    listed,
    setTracker: (code: string, tracker: unknown) => void trackers.set(code, tracker),
    failNext: (n: number, status = 503) => { failures = Array.from({ length: n }, () => status); },
    close: server.close,
  };
}
