import crypto from 'node:crypto';
import { startJsonServer } from './json-server';

/** A tracking status as [status, substatus code or null, ISO date, details?, city?]. */
export type ShippoScan = [string, string | null, string, string?, string?];

function trackingStatus([status, substatus, at, details, city]: ShippoScan) {
  return {
    object_created: at, object_updated: at, object_id: crypto.createHash('md5').update(`${status}|${at}`).digest('hex'),
    status, status_details: details ?? `${status} scan`, status_date: at,
    location: { city: city ?? 'Austin', state: 'TX', zip: '78701', country: 'US' },
    substatus: substatus ? { code: substatus, text: substatus.replace(/_/g, ' '), action_required: false } : null,
  };
}

/**
 * A Shippo Track in its wire format (formats.md §4), as `GET /tracks/{carrier}/{number}` and the
 * track_updated webhook's `data` carry it: the current status and the history (oldest first,
 * the current status last, as Shippo sends it), an ETA and a service level.
 */
export function shippoTrack(trackingNumber: string, carrier: string, current: ShippoScan | null, history: ShippoScan[] = [], eta: string | null = '2026-11-26T18:00:00Z') {
  return {
    carrier, tracking_number: trackingNumber, eta, original_eta: eta, metadata: null, transaction: null, messages: [],
    servicelevel: { name: 'Priority Mail', token: `${carrier}_priority` },
    address_from: { city: 'Dallas', state: 'TX', zip: '75201', country: 'US' },
    address_to: { city: 'Austin', state: 'TX', zip: '78701', country: 'US' },
    tracking_status: current ? trackingStatus(current) : null,
    tracking_history: [...history, ...(current ? [current] : [])].map(trackingStatus),
  };
}

/**
 * Shippo's tracking API, with `Authorization: ShippoToken <token>` (401 otherwise):
 * `POST /tracks/` with JSON `{carrier, tracking_number, metadata}` registers a number for the
 * tracking webhooks and answers its Track; `GET /tracks/{carrier}/{number}` answers the Track
 * that `setTrack` put there (one without a status otherwise, as Shippo answers for a number the
 * carrier has not scanned yet); a carrier token it does not know answers 400 (POST) or 404 (GET).
 * `failNext(n, status)` answers the next n calls with 429 (or another status).
 */
export async function startFakeShippo(token: string) {
  const carriers = new Set(['usps', 'ups', 'fedex', 'dhl_express', 'dhl_ecommerce', 'canada_post', 'royal_mail']);
  const registered: { carrier: string; tracking_number: string; metadata?: string }[] = [];
  const calls: { method: string; path: string; status: number }[] = [];
  const authorizations: string[] = [];
  const tracks = new Map<string, unknown>();
  let failures: number[] = [];
  const server = await startJsonServer((req, raw, send) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      calls.push({ method: req.method ?? '', path: url.pathname, status });
      send(status, body, headers);
    };
    authorizations.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `ShippoToken ${token}`) return answer(401, { detail: 'Invalid token.' });
    const failure = failures.shift();
    if (failure) {
      return answer(failure, { detail: failure === 429 ? 'Request was throttled. Expected available in 1 second.' : 'Service unavailable.' }, failure === 429 ? { 'retry-after': '1' } : {});
    }
    const read = /^\/tracks\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && read) {
      const [carrier, number] = [decodeURIComponent(read[1]), decodeURIComponent(read[2])];
      if (!carriers.has(carrier)) return answer(404, { detail: 'Not found.' });
      return answer(200, tracks.get(`${carrier}/${number}`) ?? shippoTrack(number, carrier, null, [], null));
    }
    if (req.method === 'POST' && /^\/tracks\/?$/.test(url.pathname)) {
      const body = JSON.parse(raw) as { carrier: string; tracking_number: string; metadata?: string };
      if (!carriers.has(body.carrier)) return answer(400, { carrier: [`"${body.carrier}" is not a valid choice.`] });
      registered.push(body);
      return answer(200, tracks.get(`${body.carrier}/${body.tracking_number}`) ?? shippoTrack(body.tracking_number, body.carrier, ['UNKNOWN', null, new Date().toISOString(), 'Awaiting the carrier']));
    }
    answer(404, { detail: 'Not found.' });
  });
  return {
    baseUrl: server.origin,
    registered,
    calls,
    /** The Authorization header of each request. */
    authorizations,
    setTrack: (carrier: string, number: string, track: unknown) => void tracks.set(`${carrier}/${number}`, track),
    failNext: (n: number, status = 429) => { failures = Array.from({ length: n }, () => status); },
    close: server.close,
  };
}
