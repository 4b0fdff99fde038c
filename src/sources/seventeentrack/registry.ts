import { withoutTrailingSlashes } from '../url';
import type { TrackerRegistry } from '../registration';
import { isRecord } from '../../vocabulary';
import { SEVENTEENTRACK, trackingUpdateFrom17Track } from './seventeentrack';

/** 17TRACK's answer to a number it already tracks (its v2.2 documentation): counts as registered. */
export const ALREADY_REGISTERED = -18019901;
const TIMEOUT_MS = 15_000;

interface Rejection {
  number?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/**
 * 17TRACK's API v2.2 (it has no official Node client): `POST /track/v2.2/register` per new
 * tracking number (17TRACK then pushes its updates by webhook) and `POST /track/v2.2/gettrackinfo`
 * for the polling fallback, with the `17token` header. Our shipments carry a carrier name, while
 * 17TRACK wants its numeric carrier code: the carrier is sent only when it is all digits, else
 * 17TRACK detects it. A non-2xx answer, a `code` other than 0 or a refused number throws (the
 * registration retries with backoff); a number 17TRACK already tracks is registered.
 */
export function seventeenTrackRegistry(apiKey: string, baseUrl = 'https://api.17track.net'): TrackerRegistry {
  const base = withoutTrailingSlashes(baseUrl);

  const call = async (action: 'register' | 'gettrackinfo', trackingNumber: string, carrier: string) => {
    const item = { number: trackingNumber, ...(/^\d+$/.test(carrier.trim()) ? { carrier: Number(carrier.trim()) } : {}) };
    const res = await fetch(`${base}/track/v2.2/${action}`, {
      method: 'POST',
      headers: { '17token': apiKey, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([item]),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const code = isRecord(answer) ? answer.code : undefined;
    if (!res.ok) throw new Error(`17TRACK ${action} answered HTTP ${res.status}${code !== undefined ? ` (code ${String(code)})` : ''}`);
    if (!isRecord(answer) || code !== 0 || !isRecord(answer.data)) throw new Error(`17TRACK ${action} answered code ${String(code ?? 'none')}`);
    const list = (v: unknown) => (Array.isArray(v) ? v.filter(isRecord) : []);
    // One number was sent: its entry (by number, else the only one, should 17TRACK reformat it).
    const mine = (v: unknown) => list(v).find((r) => r.number === trackingNumber) ?? list(v)[0];
    return { accepted: mine(answer.data.accepted), rejected: mine(answer.data.rejected) as Rejection | undefined };
  };

  return {
    name: SEVENTEENTRACK,
    register: async (trackingNumber, carrier) => {
      const { accepted, rejected } = await call('register', trackingNumber, carrier);
      if (accepted) return;
      if (rejected?.error?.code === ALREADY_REGISTERED) return;
      if (rejected) throw new Error(`17TRACK refused ${trackingNumber}: ${String(rejected.error?.message ?? 'no reason given')} (code ${String(rejected.error?.code)})`);
      throw new Error(`17TRACK neither accepted nor refused ${trackingNumber}`);
    },
    // A number 17TRACK refuses here (not registered, or not tracked any more) is one it does not track.
    poll: async (trackingNumber, carrier) => {
      const { accepted } = await call('gettrackinfo', trackingNumber, carrier);
      return accepted ? trackingUpdateFrom17Track(trackingNumber, accepted.track_info) : undefined;
    },
  };
}
