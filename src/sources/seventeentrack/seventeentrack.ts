import crypto from 'node:crypto';
import type { TrackingStatus } from '../../orders/contract';
import type { Applied, SourceEventLog } from '../event-log';
import type { TrackingUpdate, TrackingUpdates } from '../tracking';
import { TrackingWebhooks } from '../tracking-webhooks';
import { isRecord, stringField } from '../../vocabulary';

export const SEVENTEENTRACK = '17track';

const UPDATED = 'TRACKING_UPDATED';
const STOPPED = 'TRACKING_STOPPED';

/**
 * The `sign` header of 17TRACK's webhook (API v2.2): the lowercase hex SHA-256 of the raw body
 * followed by "/" and the security key (a plain hash, not an HMAC), compared in constant time.
 * The recipe follows 17TRACK's v2.2 documentation; it was not checked against a live delivery.
 */
export function verifySeventeenTrackSign(rawBody: Buffer, header: string | undefined, key: string): boolean {
  const hex = /^[0-9a-f]{64}$/i.exec(header?.trim() ?? '')?.[0];
  if (!hex || key === '') return false;
  const expected = crypto.createHash('sha256').update(rawBody).update(`/${key}`, 'utf8').digest();
  return crypto.timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** 17TRACK's main status in contract §5 terms (formats.md §4). */
const STATUS: Record<string, TrackingStatus> = {
  NotFound: 'unknown',
  Expired: 'unknown',
  InfoReceived: 'info_received',
  InTransit: 'in_transit',
  AvailableForPickup: 'available_for_pickup',
  OutForDelivery: 'out_for_delivery',
  DeliveryFailure: 'failed_attempt',
  Delivered: 'delivered',
  Exception: 'exception',
};
/** Exception sub-statuses that are a return to the sender. */
const RETURNED = new Set(['Exception_Returning', 'Exception_Returned']);
/**
 * An event's `stage`, read only when it has no sub-status (from 17TRACK's v2.2 documentation,
 * not seen in a live delivery): which stages exist is 17TRACK's, anything else is `unknown`.
 */
const STAGE: Record<string, TrackingStatus> = {
  InfoReceived: 'info_received',
  PickedUp: 'in_transit',
  Departure: 'in_transit',
  Arrival: 'in_transit',
  AvailableForPickup: 'available_for_pickup',
  OutForDelivery: 'out_for_delivery',
  Delivered: 'delivered',
  Returning: 'returned',
  Returned: 'returned',
};

/** A main status (`InTransit`), refined by its sub-status (`Exception_Returned` is `returned`). */
export function seventeenTrackStatus(status: string, subStatus?: string | null): TrackingStatus {
  const base = STATUS[status] ?? 'unknown';
  return base === 'exception' && subStatus && RETURNED.has(subStatus) ? 'returned' : base;
}

interface TrackEvent {
  time_iso?: string | null;
  time_utc?: string | null;
  description?: string | null;
  location?: string | null;
  stage?: string | null;
  sub_status?: string | null;
}

/** One carrier event; its main status is the prefix of its sub-status (`InTransit_Arrival`), else its stage. */
function eventOf(e: TrackEvent) {
  const time = [e.time_utc, e.time_iso].find((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  if (!time) return undefined;
  const sub = typeof e.sub_status === 'string' && e.sub_status !== '' ? e.sub_status : undefined;
  const stage = typeof e.stage === 'string' && e.stage !== '' ? e.stage : undefined;
  const status = sub ? seventeenTrackStatus(sub.split('_')[0]!, sub) : (stage && STAGE[stage]) || 'unknown';
  const raw = sub ?? stage;
  return {
    at: new Date(time).toISOString(),
    status,
    // The provider's own sub-status (or stage) stays beside the normalised status.
    description: [typeof e.description === 'string' ? e.description : undefined, raw ? `(${raw})` : undefined].filter(Boolean).join(' ').slice(0, 500),
    ...(typeof e.location === 'string' && e.location !== '' ? { location: e.location.slice(0, 200) } : {}),
  };
}

/**
 * A `track_info` (of a webhook's `data`, or of gettrackinfo's `accepted[]`) as a tracking
 * update: the events of every provider (origin and destination carriers), the latest status
 * refined by its sub-status, and the end of 17TRACK's estimated delivery window (else its start).
 */
export function trackingUpdateFrom17Track(number: string, trackInfo: unknown): TrackingUpdate | undefined {
  if (number === '' || !isRecord(trackInfo)) return undefined;
  const latest = isRecord(trackInfo.latest_status) ? trackInfo.latest_status : {};
  const providers = isRecord(trackInfo.tracking) && Array.isArray(trackInfo.tracking.providers) ? trackInfo.tracking.providers : [];
  const events = providers
    .flatMap((p) => (isRecord(p) && Array.isArray(p.events) ? p.events : []))
    .filter(isRecord)
    .map((e) => eventOf(e as TrackEvent))
    .filter((e): e is NonNullable<typeof e> => e !== undefined);
  const window = isRecord(trackInfo.time_metrics) && isRecord(trackInfo.time_metrics.estimated_delivery_date) ? trackInfo.time_metrics.estimated_delivery_date : {};
  const eta = [window.to, window.from].find((d): d is string => typeof d === 'string' && !Number.isNaN(Date.parse(d)));
  return {
    trackingNumber: number,
    status: typeof latest.status === 'string' ? seventeenTrackStatus(latest.status, typeof latest.sub_status === 'string' ? latest.sub_status : undefined) : 'unknown',
    events,
    ...(eta ? { estimatedDelivery: eta.slice(0, 10) } : {}),
  };
}

/** The `data` of a TRACKING_UPDATED (or a TRACKING_STOPPED that carries its track_info) as a tracking update. */
function readSeventeenTrackEvent(body: unknown): TrackingUpdate | undefined {
  if (!isRecord(body) || (body.event !== UPDATED && body.event !== STOPPED) || !isRecord(body.data)) return undefined;
  const number = stringField(body.data, 'number');
  return number ? trackingUpdateFrom17Track(number, body.data.track_info) : undefined;
}

/**
 * 17TRACK's webhook events. TRACKING_UPDATED is applied like any provider's tracking update.
 * TRACKING_STOPPED (17TRACK stopped following the number: it was stopped, expired or ran out of
 * quota) brings no news of the parcel by itself: without a track_info it is recorded as
 * `ignored`, saying so, so an operator sees why a number went quiet; with one, that track_info
 * is applied like an update (the merge is order-safe, so a late or repeated one changes nothing).
 */
class SeventeenTrackWebhooks extends TrackingWebhooks {
  constructor(private readonly events: { updates: TrackingUpdates; log: SourceEventLog }) {
    super(SEVENTEENTRACK, readSeventeenTrackEvent, events);
  }

  override handle(eventId: string, topic: string, body: unknown): Promise<Applied> {
    if (isRecord(body) && body.event === STOPPED && isRecord(body.data) && !isRecord(body.data.track_info)) {
      const number = stringField(body.data, 'number');
      return this.events.log.once(SEVENTEENTRACK, eventId, topic.slice(0, 100), async () => (number
        ? { outcome: 'ignored', detail: `tracking stopped by 17TRACK for ${number.slice(0, 100)}: no further updates will come by webhook` }
        : { outcome: 'rejected', detail: 'a 17TRACK TRACKING_STOPPED event without a number' }));
    }
    return super.handle(eventId, topic, body);
  }
}

export function seventeenTrackWebhooks(deps: { updates: TrackingUpdates; log: SourceEventLog }): TrackingWebhooks {
  return new SeventeenTrackWebhooks(deps);
}

/**
 * 17TRACK's events have no id, and no dedupe key is documented: an event is named by its
 * type, tracking number, latest event time (UTC) and latest status. Undefined when one is
 * missing (the route then names it by the body's SHA-256).
 */
export function seventeenTrackEventId(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.data) || !isRecord(body.data.track_info)) return undefined;
  const info = body.data.track_info;
  const number = stringField(body.data, 'number');
  const time = stringField(info.latest_event, 'time_utc');
  const status = stringField(info.latest_status, 'status');
  const event = stringField(body, 'event');
  return number && time && status && event ? `${event}|${number}|${time}|${status}`.slice(0, 200) : undefined;
}

export function seventeenTrackTopic(body: unknown): string {
  return stringField(body, 'event') ?? 'unknown';
}
