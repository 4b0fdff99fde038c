import type { Order } from '../orders/types';
import { BusinessCalendar, addDays as addCalendarDays, daysBetween, localDay, localDayAndMinutes, maxDay, type Day } from './calendar';
import { itemMatches, rateFor, skuMatches, tagMatches, zoneFor } from './match';
import type { Knowledge, KnowledgeDocument, Notice, Rate, Release, Zone } from './schema';

/**
 * The promise engine: when an order should ship and arrive, from the merchant's
 * knowledge (calendar, processing, transit, releases, notices) and the merchant's own
 * exception events, which override what is computed.
 */

/** What the engine reads of an order. */
export interface PromiseOrder {
  placedAt: Date;
  items: Pick<Order['items'][number], 'sku' | 'name' | 'quantity' | 'tags'>[];
  shippingAddress: { country: string; region?: string; postalCode?: string };
  shippingMethod?: string;
  merchantEvents?: Order['merchantEvents'];
}

/** Why an item waits: stock (normal processing), a release or a stock-out. */
export type ItemWait = 'in_stock' | 'pre_order' | 'backorder' | 'out_of_stock';

export interface DeliveryWindow { from: Day; to: Day }

export interface ItemPromise {
  sku: string;
  name: string;
  quantity: number;
  wait: ItemWait;
  /** Release or restock date, when announced, and where it comes from. */
  availableOn?: Day;
  availableSource?: string;
  /** Absent: not known yet (release or restock date not announced). */
  expectedShipBy?: Day;
  expectedDelivery?: DeliveryWindow;
  processingDays: number;
  /** Set when a merchant event fixed the date. */
  overriddenBy?: 'fulfilment_delayed' | 'out_of_stock';
  /** Where each part of the promise comes from (fact sources). */
  sources: string[];
}

export interface OrderPromise {
  /** The day the order was placed, in the shop's time zone. */
  placedDay: Day;
  /** The business day processing starts (the next one when placed after the cut-off or on a closed day). */
  countsFrom: Day;
  afterCutoff: boolean;
  /** When every item should have shipped; absent when an item's date is not known. */
  expectedShipBy?: Day;
  expectedDelivery?: DeliveryWindow;
  items: ItemPromise[];
  zone?: { id: string; method: string; rate: Rate; source: string };
  notices: Notice[];
  /** The merchant's latest fulfilment_delayed event. */
  delay?: { shipBy: Day; reason?: string };
  timeZone: string;
  sources: string[];
}

/** `knowledge:<file>#<path>`: where a value of the knowledge is written. */
export function knowledgeSource(knowledge: Pick<Knowledge, 'origin'>, section: keyof KnowledgeDocument, path = ''): string {
  const file = knowledge.origin.files[section] ?? 'knowledge';
  return `knowledge:${file}#${section}${path}`;
}

/**
 * The promise of an order under the knowledge. Orders are read-only values, so the promise of
 * the same order object under the same knowledge is computed once (a notice's detection, its
 * words and its decision all ask about the order they read).
 */
export function promiseFor(order: PromiseOrder, knowledge: Knowledge): OrderPromise {
  let known = computed.get(knowledge);
  if (!known) computed.set(knowledge, (known = new WeakMap()));
  let promise = known.get(order);
  if (!promise) known.set(order, (promise = computePromise(order, knowledge)));
  return promise;
}

const computed = new WeakMap<Knowledge, WeakMap<PromiseOrder, OrderPromise>>();

function computePromise(order: PromiseOrder, knowledge: Knowledge): OrderPromise {
  const tz = knowledge.calendar.time_zone;
  const placed = localDayAndMinutes(order.placedAt, tz);
  const shopCalendar = BusinessCalendar.of(knowledge.calendar);
  const afterCutoff = placed.minutes >= minutesOf(knowledge.calendar.cutoff_time);
  const countsFrom = shopCalendar.isOpen(placed.day) && !afterCutoff ? placed.day : shopCalendar.openOnOrAfter(addCalendarDays(placed.day, 1));
  const calendarSource = knowledgeSource(knowledge, 'calendar');

  const zoneMatch = zoneFor(knowledge, order.shippingAddress);
  const zone = zoneMatch && { ...rateFor(zoneMatch.zone, order.shippingMethod), id: zoneMatch.zone.id, source: knowledgeSource(knowledge, 'shipping', `.zones[${zoneMatch.index}]`) };
  const notices = activeNotices(order, knowledge, placed.day, zoneMatch?.zone);
  const addDays = notices.reduce((n, x) => n + x.add_days, 0);
  const addTransit = notices.reduce((n, x) => n + x.add_transit_days, 0);
  const noticeSources = notices.map((n) => knowledgeSource(knowledge, 'notices', `[${knowledge.notices.indexOf(n)}]`));
  const overrides = merchantOverrides(order.merchantEvents ?? []);

  const items = order.items.map((item): ItemPromise => {
    const warehouse = firstSource(knowledge.processing.warehouses, item);
    const vendor = firstSource(knowledge.processing.vendors, item);
    const cal = warehouse ? BusinessCalendar.of(knowledge.calendar, warehouse) : shopCalendar;
    const processing = processingDaysFor(knowledge, item, order.shippingMethod, warehouse, vendor);
    const release = releaseFor(knowledge, item);
    const sources = [calendarSource, processing.source, ...noticeSources];
    const base: ItemPromise = { sku: item.sku, name: item.name, quantity: item.quantity, wait: 'in_stock', processingDays: processing.days, sources };

    let shipBy: Day | undefined = cal.addOpenDays(countsFrom, processing.days);
    if (release) {
      base.wait = release.rule.kind;
      base.availableOn = release.rule.date;
      base.availableSource = release.source;
      sources.push(release.source);
      shipBy = release.rule.date ? cal.addOpenDays(maxDay(countsFrom, release.rule.date), release.rule.ships_within_days ?? processing.days) : undefined;
    }
    if (shipBy && addDays > 0) shipBy = cal.addOpenDays(shipBy, addDays);

    const override = overrides.bySku.get(item.sku.toLowerCase()) ?? overrides.all;
    if (override?.type === 'fulfilment_delayed') {
      shipBy = override.shipBy;
      base.overriddenBy = 'fulfilment_delayed';
      sources.push(override.source);
    } else if (override?.type === 'out_of_stock') {
      base.wait = 'out_of_stock';
      base.availableOn = override.restockDate;
      base.availableSource = override.source;
      base.overriddenBy = 'out_of_stock';
      shipBy = override.restockDate ? cal.addOpenDays(maxDay(countsFrom, override.restockDate), processing.days) : undefined;
      sources.push(override.source);
    }
    base.expectedShipBy = shipBy;
    if (shipBy && zone) {
      base.expectedDelivery = {
        from: shopCalendar.addCarrierDays(shipBy, zone.rate.days.min + addTransit),
        to: shopCalendar.addCarrierDays(shipBy, zone.rate.days.max + addTransit),
      };
      sources.push(zone.source);
    }
    return base;
  });

  const known = items.every((i) => i.expectedShipBy);
  const latest = (pick: (i: ItemPromise) => Day | undefined) => items.map(pick).reduce<Day | undefined>((a, b) => (a && b ? maxDay(a, b) : undefined), '0000-01-01');
  const shipBy = known ? latest((i) => i.expectedShipBy) : undefined;
  const deliveryKnown = known && items.every((i) => i.expectedDelivery);
  return {
    placedDay: placed.day,
    countsFrom,
    afterCutoff,
    expectedShipBy: shipBy,
    expectedDelivery: deliveryKnown ? { from: latest((i) => i.expectedDelivery?.from)!, to: latest((i) => i.expectedDelivery?.to)! } : undefined,
    items,
    zone,
    notices,
    delay: overrides.delay,
    timeZone: tz,
    sources: [...new Set(items.flatMap((i) => i.sources))],
  };
}

/**
 * Calendar days the promise is overdue at `now` (0 or less: not late). Only the items
 * in `pendingSkus` count when given (the ones not shipped yet).
 */
export function daysLate(promise: OrderPromise, now: Date, pendingSkus?: string[]): number {
  const today = localDay(now, promise.timeZone);
  const pending = pendingSkus ? new Set(pendingSkus.map((s) => s.toLowerCase())) : undefined;
  const dates = promise.items.filter((i) => i.expectedShipBy && (!pending || pending.has(i.sku.toLowerCase()))).map((i) => i.expectedShipBy!);
  return dates.length === 0 ? 0 : Math.max(...dates.map((d) => daysBetween(d, today)));
}

/** The promised ship-by date has passed (a ship-by date of today is not late yet). */
export function isLate(promise: OrderPromise, now: Date, pendingSkus?: string[]): boolean {
  return daysLate(promise, now, pendingSkus) > 0;
}

// ------------------------------------------------------------------ parts

function processingDaysFor(k: Knowledge, item: { sku: string; tags: string[] }, method: string | undefined, warehouse?: string, vendor?: string): { days: number; source: string } {
  const lowerMethod = method?.toLowerCase();
  const index = k.processing.rules.findIndex((r) =>
    (!r.sku || skuMatches(item.sku, r.sku))
    && (!r.tag || tagMatches(item.tags, r.tag))
    && (!r.method || (lowerMethod !== undefined && r.method.some((m) => m.toLowerCase() === lowerMethod)))
    && (!r.warehouse || (warehouse !== undefined && r.warehouse.includes(warehouse)))
    && (!r.vendor || (vendor !== undefined && r.vendor.includes(vendor))));
  if (index === -1) return { days: k.processing.default_days, source: knowledgeSource(k, 'processing', '.default_days') };
  return { days: k.processing.rules[index].days, source: knowledgeSource(k, 'processing', `.rules[${index}]`) };
}

function firstSource(list: { id: string; sku?: string[]; tag?: string[] }[], item: { sku: string; tags: string[] }): string | undefined {
  return list.find((s) => itemMatches(item, s))?.id;
}

function releaseFor(k: Knowledge, item: { sku: string; tags: string[] }): { rule: Release; source: string } | undefined {
  // A rule naming the SKU is more precise than one naming a tag.
  const bySku = k.releases.findIndex((r) => r.sku && skuMatches(item.sku, r.sku) && (!r.tag || tagMatches(item.tags, r.tag)));
  const index = bySku !== -1 ? bySku : k.releases.findIndex((r) => !r.sku && r.tag && tagMatches(item.tags, r.tag));
  return index === -1 ? undefined : { rule: k.releases[index], source: knowledgeSource(k, 'releases', `[${index}]`) };
}

function activeNotices(order: PromiseOrder, k: Knowledge, placedDay: Day, zone: Zone | undefined): Notice[] {
  const country = order.shippingAddress.country.toUpperCase();
  const method = order.shippingMethod?.toLowerCase();
  return k.notices.filter((n) =>
    n.from <= placedDay && placedDay <= n.to
    && (!n.countries || n.countries.includes(country))
    && (!n.zones || (zone !== undefined && n.zones.includes(zone.id)))
    && (!n.methods || (method !== undefined && n.methods.some((m) => m.toLowerCase() === method)))
    && (!n.sku && !n.tag ? true : order.items.some((i) => itemMatches(i, { sku: n.sku, tag: n.tag }))));
}

type Override =
  | { type: 'fulfilment_delayed'; shipBy: Day; reason?: string; source: string }
  | { type: 'out_of_stock'; restockDate?: Day; source: string };

/** Merchant events, oldest first: a later event replaces an earlier one for the items it covers. */
function merchantOverrides(events: Order['merchantEvents']): { all?: Override; bySku: Map<string, Override>; delay?: { shipBy: Day; reason?: string } } {
  const bySku = new Map<string, Override>();
  let all: Override | undefined;
  let delay: { shipBy: Day; reason?: string } | undefined;
  for (const e of events) {
    const source = `merchant_event:${e.type}@${e.at.toISOString()}`;
    const p = e.payload;
    if (e.type === 'fulfilment_delayed' && isDay(p.shipBy)) {
      const reason = typeof p.reason === 'string' ? p.reason : undefined;
      all = { type: 'fulfilment_delayed', shipBy: p.shipBy, reason, source };
      delay = { shipBy: p.shipBy, reason };
      // A delay for the whole order replaces earlier per-item news.
      bySku.clear();
    } else if (e.type === 'out_of_stock' && typeof p.sku === 'string') {
      bySku.set(p.sku.toLowerCase(), { type: 'out_of_stock', restockDate: isDay(p.restockDate) ? p.restockDate : undefined, source });
    }
  }
  return { all, bySku, delay };
}

function isDay(v: unknown): v is Day {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
