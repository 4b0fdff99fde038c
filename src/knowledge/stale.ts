import { BusinessCalendar, localDay, type Day } from './calendar';
import type { KnowledgeDocument } from './schema';
import { SETTLED_TRACKING_STATUSES } from '../vocabulary';


/**
 * A shipment is stale when its last carrier scan is `tracking.stale_after_business_days` carrier
 * days old (the knowledge calendar's carrier days, carrier holidays and closures out) and it is not
 * delivered or returned. The answer (which says so and brings in a person) and the tracking watch
 * (which stores the flag and tells the order's subscribers) both ask this one function.
 * Returns the local day of the last scan, or undefined when the shipment is not stale.
 */
export function staleSince(
  shipment: { status: string; lastEventAt?: Date },
  knowledge: KnowledgeDocument,
  now: Date,
  timeZone: string,
): Day | undefined {
  if (!shipment.lastEventAt || SETTLED_TRACKING_STATUSES.has(shipment.status)) return undefined;
  const last = localDay(shipment.lastEventAt, timeZone);
  const quiet = BusinessCalendar.of(knowledge.calendar).carrierDaysBetween(last, localDay(now, timeZone));
  return quiet >= knowledge.tracking.stale_after_business_days ? last : undefined;
}
