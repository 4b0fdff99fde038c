import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { startJsonServer } from './json-server';

/**
 * 17TRACK's side of a webhook delivery (API v2.2): `sign` = lowercase hex SHA-256 of the raw
 * body + "/" + the security key, as 17TRACK's documentation describes it (not checked live).
 */
export function seventeenTrackWebhook(app: Express, key: string, body: unknown, sign?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(app).post('/sources/17track/webhooks')
    .set('Content-Type', 'application/json')
    .set('sign', sign ?? crypto.createHash('sha256').update(`${raw}/${key}`).digest('hex'))
    .send(raw);
}

/** One carrier event as [sub-status, UTC time, description]. */
export type FakeEvent = [subStatus: string, timeUtc: string, description: string];

/**
 * A v2.2 `track_info`: main status and sub-status, carrier events (given in any order, listed
 * newest first as 17TRACK does), the newest as `latest_event`, an estimated delivery window.
 */
export function trackInfo(status: string, subStatus: string, events: FakeEvent[], eta: { from?: string; to?: string } = { from: '2026-11-26T00:00:00+01:00', to: '2026-11-28T00:00:00+01:00' }) {
  const list = [...events].sort((a, b) => Date.parse(b[1]) - Date.parse(a[1])).map(([sub, at, description]) => ({
    time_iso: at.replace(/Z$/, '+00:00'), time_utc: at, time_raw: { date: at.slice(0, 10), time: at.slice(11, 19), timezone: null },
    description, location: 'Leipzig, DE', stage: null, sub_status: sub,
    address: { country: 'DE', state: null, city: 'Leipzig', street: null, postal_code: null, coordinates: { longitude: null, latitude: null } },
  }));
  return {
    shipping_info: { shipper_address: { country: 'CN' }, recipient_address: { country: 'DE' } },
    latest_status: { status, sub_status: subStatus, sub_status_descr: null },
    latest_event: list[0] ?? null,
    time_info: { issued_at: null },
    time_metrics: { days_after_order: 3, days_of_transit: 3, days_of_transit_done: 3, days_after_last_update: 0, estimated_delivery_date: { source: eta.from || eta.to ? '17TRACK' : null, from: eta.from ?? null, to: eta.to ?? null } },
    milestone: [],
    misc_info: { risk_factor: 0, service_type: 'Express' },
    tracking: { providers_hash: 1, providers: [{ provider: { key: 100001, name: 'DHL', alias: 'DHL', tel: null, homepage: 'https://www.dhl.com/', country: 'DE' }, service_type: 'Express', latest_sync_status: 'Success', latest_sync_time: '2026-11-23T14:05:00Z', events_hash: 1, events: list }] },
  };
}

/** A TRACKING_UPDATED (or other) event for a number. */
export function trackingEvent(number: string, status: string, subStatus: string, events: FakeEvent[], event = 'TRACKING_UPDATED') {
  return { event, data: { number, carrier: 100001, param: null, tag: '', track_info: trackInfo(status, subStatus, events) } };
}

/** 17TRACK's "already registered" rejection (its v2.2 documentation). */
export const ALREADY_REGISTERED = -18019901;
/** Any other rejection of a number (the fake refuses numbers starting with BAD). */
export const REFUSED = -18019909;

/**
 * 17TRACK's API v2.2 for registering and reading numbers: `POST /track/v2.2/register` and
 * `POST /track/v2.2/gettrackinfo`, each a JSON array of `{ number, carrier? }` with the `17token`
 * header, answering `{ code, data: { accepted, rejected } }`. A number registered a second time
 * is rejected as already registered; `failNext(n, status)` makes the next calls fail (429 by
 * default); `setTrackInfo` sets what gettrackinfo answers for a number.
 */
export async function startFakeSeventeenTrack(token: string) {
  const registered: { number: string; carrier?: unknown }[] = [];
  const calls: { action: string; items: { number: string; carrier?: unknown }[]; status: number }[] = [];
  const infos = new Map<string, unknown>();
  let failures: number[] = [];
  const server = await startJsonServer((req, raw, send) => {
    const action = /^\/track\/v2\.2\/(register|gettrackinfo)$/.exec(req.url ?? '')?.[1];
    const answer = (status: number, body: unknown, items: { number: string }[] = []) => {
      calls.push({ action: action ?? req.url ?? '', items, status });
      send(status, body);
    };
    if (req.headers['17token'] !== token) return answer(401, { code: -18010002, data: { errors: [{ code: -18010002, message: 'Invalid access key.' }] } });
    if (req.method !== 'POST' || !action) return answer(404, { code: 404, data: {} });
    const items = JSON.parse(raw) as { number: string; carrier?: unknown }[];
    const failure = failures.shift();
    if (failure) return answer(failure, { code: failure === 429 ? -18010005 : -18010003, data: { errors: [{ code: -1, message: 'try again later' }] } }, items);
    const accepted: unknown[] = [];
    const rejected: unknown[] = [];
    for (const item of items) {
      const known = registered.some((r) => r.number === item.number);
      if (action === 'register') {
        if (item.number.startsWith('BAD')) rejected.push({ number: item.number, error: { code: REFUSED, message: 'The tracking number format is not correct.' } });
        else if (known) rejected.push({ number: item.number, error: { code: ALREADY_REGISTERED, message: `The tracking number '${item.number}' has been registered, don't need to repeat registration.` } });
        else {
          registered.push(item);
          accepted.push({ origin: 1, number: item.number, carrier: typeof item.carrier === 'number' ? item.carrier : 100001 });
        }
      } else if (known) {
        accepted.push({ number: item.number, carrier: 100001, param: null, tag: '', track_info: infos.get(item.number) ?? trackInfo('NotFound', 'NotFound_Other', [], {}) });
      } else {
        rejected.push({ number: item.number, error: { code: -18019902, message: `The tracking number '${item.number}' does not register, please register first.` } });
      }
    }
    answer(200, { code: 0, data: { accepted, rejected } }, items);
  });
  return {
    baseUrl: server.origin,
    registered,
    calls,
    failNext: (n: number, status = 429) => { failures = Array.from({ length: n }, () => status); },
    setTrackInfo: (number: string, info: unknown) => { infos.set(number, info); },
    close: server.close,
  };
}
