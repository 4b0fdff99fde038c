import { DateTime } from 'luxon';
import type { OrderInput } from '../orders/contract';
import { addDays, BusinessCalendar, localDay } from './calendar';
import type { KnowledgeDocument } from './schema';

/** The sample orders the editor's preview offers. */
export const SAMPLE_KINDS = ['placed_today', 'pre_order', 'before_holiday'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export interface SampleOrder {
  order: OrderInput;
  /** When the shopper asks (a sample placed before a holiday asks right after ordering). */
  now: Date;
  /** What the sample is, in words for the editor ("placed Wed 23 Dec 10:00, before Christmas Day"). */
  description: string;
}

/**
 * A sample order built from the (possibly unsaved) document itself, so the preview fits
 * the shop: it ships to the first zone that is a whole country, by that zone's first
 * method, with an item no processing rule names.
 */
export function sampleOrder(kind: SampleKind, doc: KnowledgeDocument, now = new Date()): SampleOrder {
  const tz = doc.calendar.time_zone;
  const destination = plainDestination(doc);
  const base = (placedAt: Date, item: OrderInput['items'][number]): OrderInput => ({
    id: `SAMPLE-${kind.toUpperCase().replace('_', '-')}`,
    placedAt: placedAt.toISOString(),
    status: 'open',
    customer: { name: 'Sample Shopper', email: 'sample@example.com' },
    shippingAddress: { line1: '1 Sample Street', city: 'Sample City', ...destination.address },
    shippingMethod: destination.method,
    items: [item],
    shipments: [],
  });
  const plainItem = { sku: 'SAMPLE-ITEM', name: 'Sample item', quantity: 1, tags: [] };

  if (kind === 'pre_order') {
    const release = doc.releases.find((r) => r.kind === 'pre_order' && r.sku?.some((s) => !s.includes('*'))) ?? doc.releases.find((r) => r.kind === 'pre_order');
    const sku = release?.sku?.find((s) => !s.includes('*')) ?? 'SAMPLE-PREORDER';
    const tags = release?.sku ? [] : (release?.tag ?? []).slice(0, 1);
    const what = release ? `a pre-order of ${sku}${release.date ? ` (released ${release.date})` : ' (release date not announced)'}` : 'an item (no pre-order is listed)';
    return { order: base(now, { sku, name: 'Sample pre-order item', quantity: 1, tags }), now, description: `${what}, placed now` };
  }
  if (kind === 'before_holiday') {
    const today = localDay(now, tz);
    const holiday = [...doc.calendar.holidays].sort((a, b) => (a.date < b.date ? -1 : 1)).find((h) => h.date > today);
    if (holiday) {
      // The last business day before the holiday, in the morning (before any cut-off).
      const calendar = new BusinessCalendar(doc.calendar);
      let day = addDays(holiday.date, -1);
      for (let i = 0; i < 14 && !calendar.isOpen(day); i++) day = addDays(day, -1);
      const placedAt = DateTime.fromISO(`${day}T09:00`, { zone: tz }).toJSDate();
      return { order: base(placedAt, plainItem), now: new Date(placedAt.getTime() + 60_000), description: `placed ${day} 09:00, the business day before ${holiday.name} (${holiday.date})` };
    }
  }
  return { order: base(now, plainItem), now, description: kind === 'before_holiday' ? 'placed now (no holiday ahead in the calendar)' : 'placed now, not shipped yet' };
}

function plainDestination(doc: KnowledgeDocument): { address: { country: string; region?: string; postalCode?: string }; method?: string } {
  const zone = doc.shipping.zones.find((z) => !z.regions && !z.postcodes) ?? doc.shipping.zones[0];
  const address = { country: zone.countries[0], ...(zone.regions ? { region: zone.regions[0] } : {}), ...(zone.postcodes ? { postalCode: zone.postcodes[0] } : {}) };
  const methods = Object.keys(zone.rates);
  return { address, method: methods.includes('standard') ? 'standard' : methods[0] };
}
