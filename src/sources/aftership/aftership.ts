import type { TrackingStatus } from '../../orders/contract';
import type { SourceEventLog } from '../event-log';
import type { TrackingUpdate, TrackingUpdates } from '../tracking';
import { TrackingWebhooks } from '../tracking-webhooks';
import { isRecord, stringField } from '../../vocabulary';

export const AFTERSHIP = 'aftership';

/** AfterShip `tag` in contract §5 terms (formats.md §4). */
const TAG: Record<string, TrackingStatus> = {
  Pending: 'unknown',
  Expired: 'unknown',
  InfoReceived: 'info_received',
  InTransit: 'in_transit',
  OutForDelivery: 'out_for_delivery',
  AttemptFail: 'failed_attempt',
  Delivered: 'delivered',
  AvailableForPickup: 'available_for_pickup',
  Exception: 'exception',
};

/** The tag, with an exception that is a return to the sender read as `returned` (from its subtag's words). */
export function afterShipStatus(tag: string, subtagMessage?: string | null): TrackingStatus {
  const base = TAG[tag] ?? 'unknown';
  return base === 'exception' && /return/i.test(subtagMessage ?? '') ? 'returned' : base;
}

interface Checkpoint {
  checkpoint_time: string;
  message?: string | null;
  location?: string | null;
  city?: string | null;
  state?: string | null;
  country_iso3?: string | null;
  tag: string;
  subtag?: string | null;
  subtag_message?: string | null;
}

/** The `msg` (a Tracking) of a tracking_update event as a tracking update. */
function readAfterShipEvent(body: unknown): TrackingUpdate | undefined {
  return isRecord(body) ? trackingUpdateFromAfterShip(body.msg) : undefined;
}

/** An AfterShip Tracking (a webhook's `msg`, or one read through the API) as a tracking update. */
export function trackingUpdateFromAfterShip(t: unknown): TrackingUpdate | undefined {
  if (!isRecord(t)) return undefined;
  if (typeof t.tracking_number !== 'string' || t.tracking_number === '' || typeof t.tag !== 'string') return undefined;
  const checkpoints = Array.isArray(t.checkpoints) ? (t.checkpoints as Checkpoint[]) : [];
  const events = checkpoints
    .filter((c) => isRecord(c) && typeof c.checkpoint_time === 'string' && !Number.isNaN(Date.parse(c.checkpoint_time)) && typeof c.tag === 'string')
    .map((c) => {
      const where = c.location || [c.city, c.state, c.country_iso3].filter(Boolean).join(', ');
      return {
        at: new Date(c.checkpoint_time).toISOString(),
        status: afterShipStatus(c.tag, c.subtag_message),
        // The provider's own tag and subtag stay beside the normalised status.
        description: [c.message, `(${c.subtag ?? c.tag})`].filter(Boolean).join(' ').slice(0, 500),
        ...(where ? { location: where.slice(0, 200) } : {}),
      };
    });
  const eta = [t.expected_delivery, nested(t.courier_estimated_delivery_date), nested(t.aftership_estimated_delivery_date)]
    .find((d): d is string => typeof d === 'string' && !Number.isNaN(Date.parse(d)));
  return {
    trackingNumber: t.tracking_number,
    status: afterShipStatus(t.tag, typeof t.subtag_message === 'string' ? t.subtag_message : undefined),
    events,
    ...(eta ? { estimatedDelivery: eta.slice(0, 10) } : {}),
  };
}

/** AfterShip's tracking webhooks: `event_id` (UUID) is the dedupe key. */
export function afterShipWebhooks(deps: { updates: TrackingUpdates; log: SourceEventLog }): TrackingWebhooks {
  return new TrackingWebhooks(AFTERSHIP, readAfterShipEvent, deps);
}

export function afterShipEventId(body: unknown): string | undefined {
  return stringField(body, 'event_id')?.slice(0, 100);
}

export function afterShipTopic(body: unknown): string {
  return stringField(body, 'event') ?? 'unknown';
}

function nested(value: unknown): unknown {
  return isRecord(value) ? value.estimated_delivery_date : undefined;
}

