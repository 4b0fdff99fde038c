import type { ShipmentInput, TrackingStatus } from '../orders/contract';
import type { OrderService } from '../orders/service';

/**
 * A provider's status in contract §5 terms (formats.md §4): its own table, and, where the
 * provider keeps finer states in a detail (a missed delivery inside "in transit"), the detail's.
 */
export function providerStatus(statuses: Record<string, TrackingStatus>, status: string, details: Record<string, TrackingStatus> = {}, detail?: string | null): TrackingStatus {
  const base = statuses[status] ?? 'unknown';
  const refined = detail ? details[detail] : undefined;
  return base === 'in_transit' && refined ? refined : base;
}

/** A tracking provider's news about one tracking number, in contract §5 terms. */
export interface TrackingUpdate {
  trackingNumber: string;
  /** The provider's current status, normalised. */
  status: TrackingStatus;
  /** Carrier scans (any order: carrier time decides). */
  events: ShipmentInput['events'];
  /** YYYY-MM-DD. */
  estimatedDelivery?: string;
}

/**
 * Applies a tracking update to every shipment that carries its number (contract §9), through
 * the order service: scans are merged and ordered by carrier time, the status is that of the
 * newest scan, and a delivered shipment stays delivered unless a newer scan says otherwise.
 */
export class TrackingUpdates {
  constructor(private readonly orders: OrderService) {}

  /** The orders the update changed (none: no shipment has this number yet). */
  async apply(update: TrackingUpdate): Promise<string[]> {
    const ids = await this.orders.repository.orderIdsWithTracking(update.trackingNumber);
    const changed: string[] = [];
    for (const id of ids) {
      const doc = await this.orders.repository.getDocument(id);
      if (!doc) continue;
      const shipments = doc.shipments.map((s) => (s.trackingNumber === update.trackingNumber ? merged(s, update) : s));
      await this.orders.ingest([{ ...doc, shipments }]);
      changed.push(id);
    }
    return changed;
  }
}

export function merged(shipment: ShipmentInput, update: TrackingUpdate): ShipmentInput {
  const key = (e: { at: string; status: string }) => `${Date.parse(e.at)}|${e.status}`;
  const seen = new Set<string>();
  const events = [...shipment.events, ...update.events]
    .filter((e) => (seen.has(key(e)) ? false : (seen.add(key(e)), true)))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const fallback = shipment.status === 'delivered' ? 'delivered' : update.status === 'unknown' ? shipment.status : update.status;
  const status = newestScanStatus(events) ?? fallback;
  const estimatedDelivery = update.estimatedDelivery ?? shipment.estimatedDelivery;
  return { ...shipment, events: events.slice(-500), status, ...(estimatedDelivery ? { estimatedDelivery } : {}) };
}

/** The status of the newest scan that says something (scans in carrier time order). */
export function newestScanStatus(events: ShipmentInput['events']): TrackingStatus | undefined {
  return [...events].reverse().find((e) => e.status !== 'unknown')?.status;
}
