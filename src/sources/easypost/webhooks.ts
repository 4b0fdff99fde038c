import { TrackingWebhooks } from '../tracking-webhooks';
import type { SourceEventLog } from '../event-log';
import type { TrackingUpdate, TrackingUpdates } from '../tracking';
import { trackingUpdateFromEasyPost, type EasyPostTracker } from './mapping';
import { isRecord, stringField } from '../../vocabulary';

export const EASYPOST = 'easypost';

/** EasyPost's tracker.created / tracker.updated Events (`evt_...`, the result a Tracker). */
export function easyPostWebhooks(deps: { updates: TrackingUpdates; log: SourceEventLog }): TrackingWebhooks {
  return new TrackingWebhooks(EASYPOST, readEasyPostEvent, deps);
}

/** The event's own id, when the body has one (the dedupe key). */
export function easyPostEventId(body: unknown): string | undefined {
  return stringField(body, 'id')?.slice(0, 100);
}

export function easyPostTopic(body: unknown): string {
  return stringField(body, 'description') ?? 'unknown';
}

function readEasyPostEvent(body: unknown): TrackingUpdate | undefined {
  if (!isRecord(body) || !String(body.description).startsWith('tracker.') || !isRecord(body.result)) return undefined;
  const r = body.result;
  const valid = typeof r.tracking_code === 'string' && r.tracking_code !== '' && typeof r.status === 'string'
    && (r.tracking_details === undefined || Array.isArray(r.tracking_details));
  return valid ? trackingUpdateFromEasyPost(r as unknown as EasyPostTracker) : undefined;
}

