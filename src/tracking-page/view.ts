import type { Order, Shipment } from '../orders/types';
import { fulfilmentState, unshippedItems } from '../orders/types';
import type { Lang, TrackingStatus } from '../vocabulary';
import { localDay } from '../knowledge/calendar';
import { promiseFor, type ItemPromise } from '../knowledge/promise';
import type { Knowledge } from '../knowledge/schema';
import { carrierName, formatCalendarDay, formatList, formatTimestamp, itemLabel, localeFor } from '../answers/format';
import { languagePack } from '../answers/templates';
import type { OrderWording, TrackingPageWording, TrackingStage } from '../answers/templates/types';

/**
 * What the tracking page shows of one order, every text ready to print in the shopper's
 * language: built only from the order and the knowledge, with the order answer's own
 * formatting and sentences (src/answers), so the page and the bot never disagree. It
 * holds nothing of the customer (name, email, phone, address): a forwarded link shows the
 * parcel, not the person.
 */
export interface TrackingView {
  lang: Lang;
  /** BCP 47 locale the dates are written in. */
  locale: string;
  words: TrackingPageWording;
  orderId: string;
  placed: string;
  stage: TrackingStage;
  /** Before (part of) the order ships: ship-by, delivery window, pre-orders, lateness (the answer's sentences). */
  pending: { items: string[]; lines: string[] };
  /** The merchant's notices in force for this order (knowledge/notices.yaml), in the shopper's language. */
  notices: string[];
  shipments: ShipmentView[];
}

export interface ShipmentView {
  heading: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  status: TrackingStatus;
  statusLabel: string;
  /** The carrier's estimate (a calendar date, shown as given). */
  estimatedDelivery?: { day: string; text: string };
  items: string[];
  /** Carrier events, newest first. */
  events: { at: string; when: string; status: TrackingStatus; label: string; description?: string; location?: string }[];
}

export interface TrackingViewOptions {
  lang: Lang;
  now: Date;
  /** The shop's time zone: carrier scans are shown in it (contract §7). */
  timeZone: string;
  knowledge: Knowledge;
}

export function buildTrackingView(order: Order, opts: TrackingViewOptions): TrackingView {
  const pack = languagePack(opts.lang);
  const words = pack.trackingPage;
  const locale = localeFor(opts.lang, order.customer.locale);
  const today = localDay(opts.now, opts.timeZone);
  const year = Number(today.slice(0, 4));
  const day = (d: string) => formatCalendarDay(d, locale, year);
  const view: TrackingView = {
    lang: opts.lang, locale, words, orderId: order.id,
    placed: words.placed({ date: day(localDay(order.placedAt, opts.timeZone)) }),
    stage: stageOf(order), pending: { items: [], lines: [] }, notices: [], shipments: [],
  };
  // As in the bot's answer: nothing about shipments or tracking of a cancelled order.
  if (view.stage === 'cancelled') return view;

  const promise = promiseFor(order, opts.knowledge);
  view.notices = promise.notices.flatMap((n) => (n.message?.[opts.lang] ? [n.message[opts.lang]] : []));
  const unshipped = unshippedItems(order);
  if (order.shipments.length === 0 || unshipped.length > 0) {
    const skus = new Set((order.shipments.length === 0 ? order.items : unshipped).map((i) => i.sku.toLowerCase()));
    const items = promise.items.filter((p) => skus.has(p.sku.toLowerCase()));
    view.pending = {
      items: (order.shipments.length === 0 ? order.items : unshipped).map(itemLabel),
      lines: pendingLines(pack.order, items, { today, day, locale, wholeOrder: order.shipments.length === 0, delay: promise.delay?.shipBy }),
    };
  }
  view.shipments = order.shipments.map((s, i) => shipmentView(s, i, order, { words, locale, day, timeZone: opts.timeZone }));
  return view;
}

function stageOf(order: Order): TrackingStage {
  switch (fulfilmentState(order)) {
    case 'cancelled': return 'cancelled';
    case 'unfulfilled': return 'preparing';
    case 'partially_shipped': return 'partly_shipped';
    default: return order.shipments.every((s) => s.status === 'delivered') ? 'delivered' : 'on_its_way';
  }
}

/**
 * The items not shipped yet, said with the order answer's sentences and by its rules
 * (src/answers/order-answer.ts): the merchant's new date, items waiting for a release or
 * stock, lateness once, the ship-by date(s), and the delivery window while nothing is late.
 */
function pendingLines(
  w: OrderWording,
  items: ItemPromise[],
  c: { today: string; day: (d: string) => string; locale: string; wholeOrder: boolean; delay?: string },
): string[] {
  const lines: string[] = [];
  if (c.delay) lines.push(w.merchantDelay({ date: c.day(c.delay) }));
  const upcoming = (d?: string) => (d && d >= c.today ? c.day(d) : undefined);
  for (const item of items.filter((p) => p.wait !== 'in_stock')) {
    const p = { item: itemLabel(item), shipBy: item.expectedShipBy !== item.availableOn ? upcoming(item.expectedShipBy) : undefined };
    const date = item.availableOn && c.day(item.availableOn);
    if (item.wait === 'pre_order') lines.push(w.preOrder({ ...p, release: date }));
    else if (item.wait === 'backorder') lines.push(w.backorder({ ...p, restock: date }));
    else lines.push(w.outOfStock({ ...p, restock: date }));
  }
  const late = items.filter((p) => p.expectedShipBy && p.expectedShipBy < c.today);
  if (late.length > 0) lines.push(w.late({ shipBy: c.day(late.map((p) => p.expectedShipBy!).sort().at(-1)!) }));
  const onTime = new Map<string, ItemPromise[]>();
  for (const p of items.filter((x) => x.wait === 'in_stock' && x.expectedShipBy && x.expectedShipBy >= c.today)) onTime.set(p.expectedShipBy!, [...(onTime.get(p.expectedShipBy!) ?? []), p]);
  const dates = [...onTime.keys()].sort();
  if (dates.length === 1 && c.wholeOrder && onTime.get(dates[0])!.length === items.length) lines.push(w.shipBy({ date: c.day(dates[0]) }));
  else for (const d of dates) lines.push(w.itemsShipBy({ items: formatList(onTime.get(d)!.map(itemLabel), c.locale), date: c.day(d) }));
  if (late.length === 0 && items.length > 0 && items.every((i) => i.expectedDelivery)) {
    const from = items.map((i) => i.expectedDelivery!.from).sort().at(-1)!;
    const to = items.map((i) => i.expectedDelivery!.to).sort().at(-1)!;
    lines.push(from === to ? w.deliveryOn({ date: c.day(from) }) : w.deliveryWindow({ from: c.day(from), to: c.day(to) }));
  }
  return lines;
}

function shipmentView(
  s: Shipment,
  index: number,
  order: Order,
  c: { words: TrackingPageWording; locale: string; day: (d: string) => string; timeZone: string },
): ShipmentView {
  const carrier = carrierName(s.carrier);
  const lines = s.items.length > 0
    ? s.items.map((l) => ({ name: order.items.find((i) => i.sku === l.sku)?.name ?? l.sku, quantity: l.quantity }))
    : order.items;
  return {
    heading: c.words.shipmentHeading({ n: index + 1, count: order.shipments.length, carrier }),
    carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl && /^https?:\/\//i.test(s.trackingUrl) ? s.trackingUrl : undefined,
    status: s.status,
    statusLabel: c.words.status[s.status],
    // Once delivered, the estimate is history: the timeline tells when.
    estimatedDelivery: s.estimatedDelivery && s.status !== 'delivered' ? { day: s.estimatedDelivery, text: c.day(s.estimatedDelivery) } : undefined,
    items: lines.map(itemLabel),
    events: [...s.events].reverse().map((e) => ({
      at: e.at.toISOString(),
      when: formatTimestamp(e.at, c.locale, c.timeZone),
      status: e.status,
      label: c.words.status[e.status],
      description: e.description,
      location: e.location,
    })),
  };
}
