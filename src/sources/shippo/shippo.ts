import crypto from 'node:crypto';
import type { TrackingStatus } from '../../orders/contract';
import type { SourceEventLog } from '../event-log';
import { providerStatus, type TrackingUpdate, type TrackingUpdates } from '../tracking';
import { TrackingWebhooks } from '../tracking-webhooks';
import { isRecord, stringField } from '../../vocabulary';

export const SHIPPO = 'shippo';

/** Shippo authenticates its webhook with a secret `?token=` in the URL (formats.md §4): compared in constant time. */
export function verifyShippoToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

const STATUS: Record<string, TrackingStatus> = {
  UNKNOWN: 'unknown',
  PRE_TRANSIT: 'info_received',
  TRANSIT: 'in_transit',
  DELIVERED: 'delivered',
  RETURNED: 'returned',
  FAILURE: 'exception',
};
/** Finer states only in the substatus (out for delivery, a missed delivery, ready for pickup). */
const SUBSTATUS: Record<string, TrackingStatus> = {
  out_for_delivery: 'out_for_delivery',
  delivery_attempted: 'failed_attempt',
  pickup_available: 'available_for_pickup',
  return_to_sender: 'returned',
};

export function shippoStatus(status: string, substatus?: string | null): TrackingStatus {
  return providerStatus(STATUS, status, SUBSTATUS, substatus);
}

interface ShippoStatus {
  status: string;
  status_details?: string | null;
  status_date?: string | null;
  location?: { city?: string | null; state?: string | null; country?: string | null } | null;
  substatus?: { code?: string | null; text?: string | null } | null;
}

function eventOf(s: ShippoStatus) {
  if (!s?.status_date || Number.isNaN(Date.parse(s.status_date)) || typeof s.status !== 'string') return undefined;
  const where = [s.location?.city, s.location?.state, s.location?.country].filter(Boolean).join(', ');
  return {
    at: new Date(s.status_date).toISOString(),
    status: shippoStatus(s.status, s.substatus?.code),
    description: [s.status_details, `(${s.status}${s.substatus?.code ? `/${s.substatus.code}` : ''})`].filter(Boolean).join(' ').slice(0, 500),
    ...(where ? { location: where.slice(0, 200) } : {}),
  };
}

/**
 * A Shippo Track in its wire format (formats.md §4: `tracking_number`, `tracking_status`,
 * `tracking_history`, `eta`...) as a tracking update: the track_updated webhook's `data` and the
 * API's `GET /tracks/{carrier}/{tracking_number}` (the polling fallback) both read through here.
 * Scans come in carrier time order, the current status (usually also the last history entry)
 * once; a Track without a current status is one Shippo knows nothing of yet (`unknown`).
 */
export function trackingUpdateFromShippo(t: unknown): TrackingUpdate | undefined {
  if (!isRecord(t) || typeof t.tracking_number !== 'string' || t.tracking_number === '') return undefined;
  const current = isRecord(t.tracking_status) && typeof t.tracking_status.status === 'string' ? (t.tracking_status as unknown as ShippoStatus) : undefined;
  const history = Array.isArray(t.tracking_history) ? (t.tracking_history as ShippoStatus[]).filter(isRecord) : [];
  const byScan = new Map<string, NonNullable<ReturnType<typeof eventOf>>>();
  for (const e of [...history, ...(current ? [current] : [])].map(eventOf)) if (e) byScan.set(`${e.at}|${e.status}`, e);
  const events = [...byScan.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const eta = typeof t.eta === 'string' && !Number.isNaN(Date.parse(t.eta)) ? t.eta.slice(0, 10) : undefined;
  return { trackingNumber: t.tracking_number, status: current ? shippoStatus(current.status, current.substatus?.code) : 'unknown', events, ...(eta ? { estimatedDelivery: eta } : {}) };
}

/** The `data` (a Track) of a track_updated event as a tracking update. */
function readShippoEvent(body: unknown): TrackingUpdate | undefined {
  if (!isRecord(body) || body.event !== 'track_updated' || !isRecord(body.data) || !isRecord(body.data.tracking_status)) return undefined;
  return trackingUpdateFromShippo(body.data);
}

/** Shippo's track_updated webhooks; documented as not idempotent, so (tracking number, status date, status) names an event. */
export function shippoWebhooks(deps: { updates: TrackingUpdates; log: SourceEventLog }): TrackingWebhooks {
  return new TrackingWebhooks(SHIPPO, readShippoEvent, deps);
}

export function shippoEventId(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.data) || !isRecord(body.data.tracking_status)) return undefined;
  const { tracking_number: number } = body.data;
  const { status_date: date, status } = body.data.tracking_status;
  return typeof number === 'string' && typeof date === 'string' && typeof status === 'string' ? `${number}|${date}|${status}`.slice(0, 200) : undefined;
}

export function shippoTopic(body: unknown): string {
  return stringField(body, 'event') ?? 'unknown';
}

