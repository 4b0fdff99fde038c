import type { Applied, SourceEventLog } from '../event-log';
import type { TrackingUpdates } from '../tracking';
import { trackingUpdateFromEasyPost, type EasyPostTracker } from './mapping';

export const EASYPOST = 'easypost';

/** An EasyPost Event (`evt_...`) whose result is a Tracker. */
interface EasyPostEvent {
  id: string;
  description: string;
  result: EasyPostTracker;
}

/**
 * EasyPost's tracker.created / tracker.updated events: each event id once, the tracker's scans
 * and status applied to every shipment with its tracking code (src/sources/tracking.ts).
 */
export class EasyPostWebhooks {
  constructor(private readonly deps: { updates: TrackingUpdates; log: SourceEventLog }) {}

  handle(eventId: string, body: unknown): Promise<Applied> {
    const topic = isRecord(body) && typeof body.description === 'string' ? body.description.slice(0, 100) : 'unknown';
    return this.deps.log.once(EASYPOST, eventId, topic, async () => {
      if (!isTrackerEvent(body)) return { outcome: 'rejected', detail: 'not an EasyPost tracker event' };
      const orderIds = await this.deps.updates.apply(trackingUpdateFromEasyPost(body.result));
      return orderIds.length > 0
        ? { outcome: 'applied', orderId: orderIds[0], ...(orderIds.length > 1 ? { detail: `also orders ${orderIds.slice(1).join(', ')}` } : {}) }
        : { outcome: 'ignored', detail: `no shipment has tracking number ${body.result.tracking_code} yet` };
    });
  }
}

/** The event's own id, when the body has one (the dedupe key). */
export function easyPostEventId(body: unknown): string | undefined {
  return isRecord(body) && typeof body.id === 'string' && body.id !== '' ? body.id.slice(0, 100) : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isTrackerEvent(body: unknown): body is EasyPostEvent {
  if (!isRecord(body) || typeof body.id !== 'string' || !String(body.description).startsWith('tracker.') || !isRecord(body.result)) return false;
  const r = body.result;
  return typeof r.tracking_code === 'string' && r.tracking_code !== '' && typeof r.status === 'string'
    && (r.tracking_details === undefined || Array.isArray(r.tracking_details));
}
