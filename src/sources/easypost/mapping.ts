import type { TrackingStatus } from '../../orders/contract';
import { providerStatus, type TrackingUpdate } from '../tracking';

/** EasyPost's Tracker (the `result` of tracker.* events), the parts used. */
export interface EasyPostTracker {
  id?: string;
  tracking_code: string;
  carrier?: string;
  status: string;
  status_detail?: string | null;
  est_delivery_date?: string | null;
  tracking_details?: {
    status: string;
    status_detail?: string | null;
    message?: string | null;
    datetime: string;
    tracking_location?: { city?: string | null; state?: string | null; country?: string | null; zip?: string | null } | null;
  }[];
}

/** EasyPost `status` in contract §5 terms (formats.md §4). */
const STATUS: Record<string, TrackingStatus> = {
  unknown: 'unknown',
  error: 'unknown',
  cancelled: 'unknown',
  pre_transit: 'info_received',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  available_for_pickup: 'available_for_pickup',
  return_to_sender: 'returned',
  failure: 'exception',
};
/** Details that refine an in-transit status: a missed delivery is still "in_transit" at EasyPost. */
const DETAIL: Record<string, TrackingStatus> = {
  delivery_attempted: 'failed_attempt',
  address_not_found: 'failed_attempt',
  arrived_at_pickup_location: 'available_for_pickup',
  return: 'returned',
  returned: 'returned',
};

export function easyPostStatus(status: string, detail?: string | null): TrackingStatus {
  return providerStatus(STATUS, status, DETAIL, detail);
}

export function trackingUpdateFromEasyPost(tracker: EasyPostTracker): TrackingUpdate {
  const events = (tracker.tracking_details ?? [])
    .filter((d) => !Number.isNaN(Date.parse(d.datetime)))
    .map((d) => {
      const where = [d.tracking_location?.city, d.tracking_location?.state, d.tracking_location?.country].filter(Boolean).join(', ');
      return {
        at: new Date(d.datetime).toISOString(),
        status: easyPostStatus(d.status, d.status_detail),
        // The provider's own words and status stay beside the normalised one.
        description: [d.message, `(${d.status}${d.status_detail ? `/${d.status_detail}` : ''})`].filter(Boolean).join(' ').slice(0, 500),
        ...(where ? { location: where.slice(0, 200) } : {}),
      };
    });
  const eta = tracker.est_delivery_date && !Number.isNaN(Date.parse(tracker.est_delivery_date)) ? tracker.est_delivery_date.slice(0, 10) : undefined;
  return { trackingNumber: tracker.tracking_code, status: easyPostStatus(tracker.status, tracker.status_detail), events, ...(eta ? { estimatedDelivery: eta } : {}) };
}
