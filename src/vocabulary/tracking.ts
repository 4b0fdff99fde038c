/** Tracking statuses (contract §5), of a shipment and of each of its events. */
export const TRACKING_STATUSES = [
  'info_received', 'in_transit', 'out_for_delivery', 'failed_attempt', 'available_for_pickup',
  'delivered', 'exception', 'returned', 'unknown',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** Carrier states after which nothing more is expected of the carrier (no stale flag, no delay notice, no polling). */
export const SETTLED_TRACKING_STATUSES: ReadonlySet<string> = new Set<TrackingStatus>(['delivered', 'returned']);
