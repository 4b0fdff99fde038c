import type { Order, OrderItem, Shipment, TrackingEvent } from '../orders/types';
import { fulfilmentState, unshippedItems } from '../orders/types';
import type { Lang, ProblemKind } from '../vocabulary';
import { addDays, localDay } from '../knowledge/calendar';
import { staleSince } from '../knowledge/stale';
import { daysLate, knowledgeSource, promiseFor, type ItemPromise, type OrderPromise } from '../knowledge/promise';
import type { Knowledge } from '../knowledge/schema';
import { FactSheetBuilder, type FactSheet } from './facts';
import { carrierName, formatCalendarDay, formatList, formatTimestamp, itemLabel, localeFor } from './format';
import { fillArticle } from './policy-answer';
import { languagePack } from './templates';
import type { OrderWording, PackageStatus, SubscribeEvent, SuggestionWording } from './templates/types';

/** Shipment states in which the carrier reports a problem of its own (formats §5). */
const CARRIER_TROUBLE = new Set(['exception', 'failed_attempt', 'returned']);

export type OrderFocus = 'status' | 'delivery_problem' | 'change_order' | 'returns' | 'subscribe';

export interface OrderAnswerOptions {
  lang: Lang;
  /** The shop's time zone: timestamps (carrier scans, placement) are shown in it. */
  timeZone: string;
  now: Date;
  knowledge: Knowledge;
  focus?: OrderFocus;
  problem?: ProblemKind;
  /** The shopper's locale (en-GB...), used when it is in the answer's language. */
  locale?: string;
  /** HANDOFF_LATE_DAYS: later than this, a person comes by the handoff rules, so the answer does not offer one. */
  lateHandoffDays?: number;
}

export interface OrderAnswer {
  text: string;
  facts: FactSheet;
  /** Set when the answer itself calls for a person. */
  handoffReason?: string;
  suggestions: string[];
}

/**
 * A short answer about one verified order, built only from the order and the knowledge.
 * Every detail stated goes into the fact sheet with its source.
 */
export function renderOrderAnswer(order: Order, opts: OrderAnswerOptions): OrderAnswer {
  return new OrderAnswerComposer(order, opts).compose();
}

type Suggestion = keyof SuggestionWording;

class OrderAnswerComposer {
  private readonly w: OrderWording;
  private readonly suggestionWords: SuggestionWording;
  private readonly locale: string;
  private readonly facts: FactSheetBuilder;
  private readonly sentences: string[] = [];
  private readonly suggestions = new Set<Suggestion>();
  private handoff?: string;
  private cachedPromise?: OrderPromise;
  private readonly today: string;

  constructor(private readonly order: Order, private readonly opts: OrderAnswerOptions) {
    const pack = languagePack(opts.lang);
    this.w = pack.order;
    this.suggestionWords = pack.suggestions;
    this.locale = localeFor(opts.lang, opts.locale);
    this.facts = new FactSheetBuilder(order.id, opts.now);
    this.today = localDay(opts.now, opts.timeZone);
  }

  compose(): OrderAnswer {
    const { order } = this;
    this.facts.add('order.id', order.id, 'order');
    this.facts.add('order.status', order.status, 'order');
    this.facts.add('fulfilment', fulfilmentState(order), 'shipments');

    if (order.status === 'cancelled') {
      // Nothing about shipments or tracking of a cancelled order.
      this.say(this.w.cancelled({ orderId: order.id }));
      this.suggest('person', 'anotherOrder');
    } else {
      switch (this.opts.focus ?? 'status') {
        case 'delivery_problem': this.deliveryProblem(); break;
        case 'change_order': this.changeOrder(); break;
        case 'returns': this.returns(); break;
        case 'subscribe': this.subscribe(); break;
        default: this.status();
      }
    }
    const suggestions = [...this.suggestions].slice(0, 3).map((s) => this.suggestionWords[s]);
    return { text: joinSentences(this.sentences), facts: this.facts.build(), handoffReason: this.handoff, suggestions };
  }

  // ------------------------------------------------------------------ focuses

  private status(): void {
    const state = fulfilmentState(this.order);
    if (state === 'unfulfilled') {
      this.unshipped(this.order.items, true);
      this.suggest('updates', 'person', 'anotherOrder');
      return;
    }
    const shipments = this.order.shipments;
    if (state === 'shipped' && shipments.length === 1) this.shipmentInDetail(shipments[0]);
    else this.packages(state === 'partially_shipped');
    this.suggest(this.allDelivered() ? 'returns' : 'updates', 'person', 'anotherOrder');
  }

  private deliveryProblem(): void {
    const problem = this.opts.problem ?? (this.allDelivered() ? 'not_received' : undefined);
    const orderId = this.order.id;
    // The carrier's own account comes first: "it says incomplete address" is about the exception
    // on the shipment, not a missing item. Only damaged or wrong contents are the shopper's to tell.
    const carrierTrouble = this.order.shipments.some((sh) => CARRIER_TROUBLE.has(sh.status));
    if (carrierTrouble && problem !== 'damaged' && problem !== 'wrong_item') {
      this.status();
      this.suggest('person', 'anotherOrder');
      return;
    }
    switch (problem) {
      case 'damaged':
        this.say(this.w.damaged({ orderId }));
        this.handoff = 'delivery_problem';
        break;
      case 'wrong_item':
        this.say(this.w.wrongItem({ orderId }));
        this.handoff = 'delivery_problem';
        break;
      case 'missing_item':
        if (this.somethingStillComing()) {
          this.status();
          this.say('\n' + this.w.missingButComing());
        } else {
          this.say(this.w.missingItem({ orderId }));
          this.handoff = 'delivery_problem';
        }
        break;
      case 'not_received': {
        const delivered = this.order.shipments.find((s) => s.status === 'delivered');
        if (!delivered) {
          this.status();
          return;
        }
        if (this.somethingStillComing()) {
          // Part of the order is still on its way: that may be what has not arrived.
          this.status();
          this.say('\n' + this.w.missingButComing());
          return;
        }
        const event = lastEventWith(delivered, 'delivered');
        const when = event && this.stamp(`shipment.${delivered.id}.deliveredAt`, event.at, trackingSource(delivered, event));
        const where = event && this.eventPlace(delivered, event, 'deliveredWhere');
        this.say(this.w.notReceivedDelivered({ orderId, when, where }));
        this.handoff = 'delivery_problem';
        break;
      }
      default:
        // stuck, failed delivery, or not said: the status answer covers both and flags a stuck parcel.
        this.status();
    }
    this.suggest('person', 'anotherOrder');
  }

  private changeOrder(): void {
    const orderId = this.order.id;
    const state = fulfilmentState(this.order);
    if (state === 'unfulfilled') {
      this.say(this.w.changeBeforeShipping({ orderId }));
      this.handoff = 'change_order';
      this.suggest('person', 'anotherOrder');
      return;
    }
    if (this.allDelivered()) {
      this.say(this.w.changeDelivered({ orderId }));
      this.suggest('returns', 'person');
      return;
    }
    const moving = this.order.shipments.find((s) => s.status !== 'delivered') ?? this.order.shipments[0];
    this.say(this.w.changeAfterShipping({ orderId, carrier: this.carrier(moving) }));
    if (moving.trackingUrl) this.say(this.w.changeRedirectLink({ url: this.facts.add(`shipment.${moving.id}.trackingUrl`, moving.trackingUrl, `shipment:${moving.id}`) }));
    this.handoff = 'change_order';
    this.suggest('person', 'anotherOrder');
  }

  private returns(): void {
    const k = this.opts.knowledge;
    const article = fillArticle(k.policies[this.opts.lang].returns, k, this.locale);
    this.say(this.facts.add('policy.returns', article, knowledgeSource(k, 'policies', `.${this.opts.lang}.returns`)));
    const windowDays = this.facts.add('returns.windowDays', k.returns.window_days, knowledgeSource(k, 'returns', '.window_days'));
    const deliveredDay = this.lastDeliveredDay();
    if (!deliveredDay) {
      this.say(this.w.returnAfterDelivery({ orderId: this.order.id, days: windowDays }));
    } else {
      const until = addDays(deliveredDay.day, windowDays);
      const p = {
        orderId: this.order.id,
        delivered: this.day('returns.deliveredOn', deliveredDay.day, deliveredDay.source),
        until: this.day('returns.until', until, knowledgeSource(k, 'returns', '.window_days')),
      };
      this.say(until >= this.today ? this.w.returnUntil(p) : this.w.returnWindowPassed(p));
    }
    this.suggest('person', 'anotherOrder');
  }

  private subscribe(): void {
    const orderId = this.order.id;
    const state = fulfilmentState(this.order);
    const final = new Set(['delivered', 'returned']);
    const events: SubscribeEvent[] = [];
    if (state !== 'shipped') events.push('ships');
    const moving = this.order.shipments.filter((s) => !final.has(s.status));
    if (state !== 'shipped' || moving.some((s) => s.status !== 'out_for_delivery')) events.push('out_for_delivery');
    if (state !== 'shipped' || moving.length > 0) events.push('delivered', 'problem');
    if (events.length === 0) this.say(this.w.subscribeNothingLeft({ orderId }));
    else this.say(this.w.subscribe({ orderId, events: events.filter((e, i) => events.indexOf(e) === i) }));
    this.facts.add('subscription.events', events.join(','), 'order');
    this.suggest('anotherOrder', 'person');
  }

  // ------------------------------------------------------------------ parts

  /** Items not shipped yet: ship-by and delivery promises, pre-orders, stock-outs, lateness. */
  private unshipped(items: OrderItem[], wholeOrder: boolean): void {
    const promise = this.promise();
    const pendingSkus = new Set(items.map((i) => i.sku.toLowerCase()));
    const pending = promise.items.filter((p) => pendingSkus.has(p.sku.toLowerCase()));
    if (wholeOrder) {
      const placed = this.day('order.placedAt', localDay(this.order.placedAt, this.opts.timeZone), 'order', this.order.placedAt);
      this.say(this.w.notShippedYet({ orderId: this.order.id, placed }));
    }
    if (promise.delay) this.say(this.w.merchantDelay({ date: this.day('merchant.delay.shipBy', promise.delay.shipBy, 'merchant_event:fulfilment_delayed') }));

    const late = daysLate(promise, this.opts.now, [...pendingSkus]);
    this.facts.add('promise.late', late > 0, 'knowledge+order');
    if (late > 0) this.facts.add('promise.daysLate', late, 'knowledge+order');

    // Items waiting for a release or stock get their own sentence; the rest are grouped by date.
    const waiting = pending.filter((p) => p.wait !== 'in_stock');
    for (const item of waiting) this.say(this.waitingItem(item));
    const lateItems = pending.filter((p) => p.expectedShipBy && p.expectedShipBy < this.today);
    if (!wholeOrder && lateItems.some((p) => p.wait === 'in_stock')) {
      // The late sentence does not name the items: say which ones first.
      this.say(this.w.pendingItems({ items: this.itemList(lateItems.filter((p) => p.wait === 'in_stock')) }));
    }
    if (lateItems.length > 0) {
      const latest = lateItems.reduce((a, b) => (b.expectedShipBy! > a.expectedShipBy! ? b : a));
      this.say(this.w.late({ shipBy: this.day('promise.shipBy', latest.expectedShipBy!, latest.sources.join(' ')) }));
      const personComes = this.opts.lateHandoffDays !== undefined && late > this.opts.lateHandoffDays;
      if (!personComes) {
        this.say(this.w.lateOfferPerson());
        this.suggest('person');
      }
    }
    const onTime = groupBy(pending.filter((p) => p.wait === 'in_stock' && p.expectedShipBy && p.expectedShipBy >= this.today), (p) => p.expectedShipBy!);
    if (onTime.size === 1 && waiting.length === 0 && lateItems.length === 0 && wholeOrder) {
      const [date, group] = [...onTime.entries()][0];
      this.say(this.w.shipBy({ date: this.day('promise.shipBy', date, group[0].sources.join(' ')) }));
    } else {
      for (const [date, group] of [...onTime.entries()].sort()) {
        this.say(this.w.itemsShipBy({ items: this.itemList(group), date: this.day(`promise.shipBy.${date}`, date, group[0].sources.join(' ')) }));
      }
    }
    if (lateItems.length === 0) this.deliveryWindow(pending);
    for (const notice of promise.notices) {
      if (!notice.message) continue;
      const k = this.opts.knowledge;
      this.say(this.facts.add(`notice.${notice.id}`, notice.message[this.opts.lang], knowledgeSource(k, 'notices', `[${k.notices.indexOf(notice)}]`)));
    }
  }

  private waitingItem(item: ItemPromise): string {
    const name = this.facts.add(`item.${item.sku}.name`, itemLabel(item), 'order');
    this.facts.add(`promise.item.${item.sku}.wait`, item.wait, item.sources.join(' '));
    const date = item.availableOn && this.day(`promise.item.${item.sku}.availableOn`, item.availableOn, item.availableSource ?? item.sources.join(' '));
    // A ship-by date that passed is not repeated as a promise; lateness is said once.
    const shipBy = item.expectedShipBy && item.expectedShipBy >= this.today && item.expectedShipBy !== item.availableOn ? this.day(`promise.item.${item.sku}.shipBy`, item.expectedShipBy, item.sources.join(' ')) : undefined;
    if (item.wait === 'pre_order') return this.w.preOrder({ item: name, release: date, shipBy });
    if (item.wait === 'backorder') return this.w.backorder({ item: name, restock: date, shipBy });
    return this.w.outOfStock({ item: name, restock: date, shipBy });
  }

  private deliveryWindow(items: ItemPromise[]): void {
    if (items.length === 0 || !items.every((i) => i.expectedDelivery)) return;
    const from = items.map((i) => i.expectedDelivery!.from).sort().at(-1)!;
    const to = items.map((i) => i.expectedDelivery!.to).sort().at(-1)!;
    const source = items[0].sources.join(' ');
    if (from === to) this.say(this.w.deliveryOn({ date: this.day('promise.delivery.from', from, source) }));
    else this.say(this.w.deliveryWindow({ from: this.day('promise.delivery.from', from, source), to: this.day('promise.delivery.to', to, source) }));
  }

  /** One shipment carrying the whole order, told in detail by its tracking status. */
  private shipmentInDetail(s: Shipment): void {
    const ref = { orderId: this.order.id, carrier: this.carrier(s), tracking: this.tracking(s) };
    this.facts.add(`shipment.${s.id}.status`, s.status, `shipment:${s.id}`);
    const last = s.events.at(-1);
    switch (s.status) {
      case 'info_received':
      case 'in_transit':
      case 'unknown':
        this.say(s.status === 'info_received' ? this.w.infoReceived(ref) : s.status === 'in_transit' ? this.w.inTransit(ref) : this.w.unknownStatus(ref));
        this.lastScan(s);
        this.estimate(s);
        this.stuckCheck(s);
        this.link(s);
        break;
      case 'out_for_delivery':
        this.say(this.w.outForDelivery(ref));
        this.link(s);
        break;
      case 'failed_attempt': {
        const event = lastEventWith(s, 'failed_attempt');
        const when = event && this.stamp(`shipment.${s.id}.attemptAt`, event.at, trackingSource(s, event));
        this.say(this.w.failedAttempt({ ...ref, when }));
        if (event?.description) this.say(this.w.carrierNote({ what: this.facts.add(`shipment.${s.id}.attempt`, event.description, trackingSource(s, event), event.at) }));
        this.say(this.w.failedAttemptNext());
        this.link(s);
        break;
      }
      case 'available_for_pickup': {
        const event = lastEventWith(s, 'available_for_pickup') ?? last;
        const place = event?.location && this.facts.add(`shipment.${s.id}.pickupPlace`, event.location, trackingSource(s, event), event.at);
        this.say(this.w.availableForPickup({ ...ref, place }));
        if (event?.description) this.say(this.w.carrierNote({ what: this.facts.add(`shipment.${s.id}.pickupNote`, event.description, trackingSource(s, event), event.at) }));
        this.say(this.w.pickupBring({ tracking: ref.tracking }));
        break;
      }
      case 'delivered': {
        const event = lastEventWith(s, 'delivered');
        const when = event && this.stamp(`shipment.${s.id}.deliveredAt`, event.at, trackingSource(s, event));
        this.say(this.w.delivered({ orderId: this.order.id, when, carrier: ref.carrier }));
        const where = event && this.eventPlace(s, event, 'deliveredWhere');
        if (where) this.say(this.w.deliveredWhere({ where }));
        break;
      }
      case 'exception': {
        const event = lastEventWith(s, 'exception') ?? last;
        const what = event?.description && this.facts.add(`shipment.${s.id}.exception`, event.description, trackingSource(s, event), event.at);
        this.say(this.w.exception({ ...ref, what }));
        this.link(s);
        this.handoff = 'carrier_exception';
        break;
      }
      case 'returned': {
        const event = lastEventWith(s, 'returned') ?? last;
        const what = event?.description && this.facts.add(`shipment.${s.id}.returned`, event.description, trackingSource(s, event), event.at);
        this.say(this.w.returned({ ...ref, what }));
        this.handoff = 'returned';
        break;
      }
    }
  }

  /** Several packages (or part of the order shipped): one line each, then what has not shipped. */
  private packages(partial: boolean): void {
    const shipments = this.order.shipments;
    this.say(partial ? this.w.partialIntro({ orderId: this.order.id, count: shipments.length }) : this.w.packagesIntro({ orderId: this.order.id, count: shipments.length }));
    shipments.forEach((s, i) => {
      this.facts.add(`shipment.${s.id}.status`, s.status, `shipment:${s.id}`);
      const lines = s.items.length > 0 ? s.items.map((l) => ({ name: this.itemName(l.sku), quantity: l.quantity, sku: l.sku })) : this.order.items;
      const items = this.facts.add(`shipment.${s.id}.items`, formatList(lines.map(itemLabel), this.locale), `shipment:${s.id}`);
      this.say('\n' + this.w.packageLine({ n: i + 1, items, carrier: this.carrier(s), tracking: this.tracking(s), status: this.packageStatus(s) }));
      if (s.status === 'exception' || s.status === 'returned' || s.status === 'failed_attempt') {
        const event = s.events.at(-1);
        if (event?.description) this.say(this.w.carrierNote({ what: this.facts.add(`shipment.${s.id}.lastEvent`, event.description, trackingSource(s, event), event.at) }));
        if (s.status === 'failed_attempt') this.say(this.w.failedAttemptNext());
        else this.handoff ??= s.status === 'exception' ? 'carrier_exception' : 'returned';
      }
      if (s.status !== 'delivered' && s.status !== 'returned') this.link(s);
    });
    if (partial) {
      const pending = unshippedItems(this.order);
      this.say('\n');
      this.unshipped(pending, false);
    }
  }

  private packageStatus(s: Shipment): PackageStatus {
    switch (s.status) {
      case 'info_received':
      case 'in_transit':
      case 'unknown':
        return { status: s.status, eta: s.estimatedDelivery ? this.day(`shipment.${s.id}.estimatedDelivery`, s.estimatedDelivery, `shipment:${s.id}`) : undefined };
      case 'delivered': {
        const event = lastEventWith(s, 'delivered');
        return { status: 'delivered', on: event ? this.day(`shipment.${s.id}.deliveredOn`, localDay(event.at, this.opts.timeZone), trackingSource(s, event), event.at) : undefined };
      }
      default:
        return { status: s.status };
    }
  }

  private lastScan(s: Shipment): void {
    const event = s.events.at(-1);
    if (!event) return;
    const source = trackingSource(s, event);
    const what = this.facts.add(`shipment.${s.id}.lastEvent`, event.description ?? event.status, source, event.at);
    const where = event.location && this.facts.add(`shipment.${s.id}.lastEventPlace`, event.location, source, event.at);
    this.say(this.w.lastScan({ what, where, when: this.stamp(`shipment.${s.id}.lastEventAt`, event.at, source) }));
  }

  private estimate(s: Shipment): void {
    if (!s.estimatedDelivery) return;
    const date = this.day(`shipment.${s.id}.estimatedDelivery`, s.estimatedDelivery, `shipment:${s.id}`);
    this.say(s.estimatedDelivery < this.today ? this.w.etaPassed({ date }) : this.w.eta({ date }));
  }

  /** No carrier scan for `tracking.stale_after_business_days` carrier days: say so, apologise and bring in a person. */
  private stuckCheck(s: Shipment): void {
    const event = s.events.at(-1);
    const k = this.opts.knowledge;
    const since = staleSince({ status: s.status, lastEventAt: event?.at }, k, this.opts.now, this.opts.timeZone);
    if (!event || !since) return;
    this.facts.add(`shipment.${s.id}.stuck`, true, knowledgeSource(k, 'tracking', '.stale_after_business_days'));
    this.say(this.w.stuck({ since: this.day(`shipment.${s.id}.lastEventOn`, since, trackingSource(s, event), event.at) }));
    this.handoff = 'stuck';
    this.suggest('person');
  }

  private link(s: Shipment): void {
    if (s.trackingUrl) this.say(this.w.trackingLink({ url: this.facts.add(`shipment.${s.id}.trackingUrl`, s.trackingUrl, `shipment:${s.id}`) }));
  }

  /** "Delivered, front door/porch, Chicago, IL" from a carrier event. */
  private eventPlace(s: Shipment, event: TrackingEvent, key: string): string | undefined {
    const where = [event.description, event.location].filter(Boolean).join(', ');
    return where ? this.facts.add(`shipment.${s.id}.${key}`, where, trackingSource(s, event), event.at) : undefined;
  }

  private somethingStillComing(): boolean {
    return unshippedItems(this.order).length > 0 || this.order.shipments.some((s) => !['delivered', 'returned', 'exception'].includes(s.status));
  }

  private allDelivered(): boolean {
    return fulfilmentState(this.order) === 'shipped' && this.order.shipments.every((s) => s.status === 'delivered');
  }

  private lastDeliveredDay(): { day: string; source: string } | undefined {
    const days = this.order.shipments.flatMap((s) => {
      const e = lastEventWith(s, 'delivered');
      return e ? [{ day: localDay(e.at, this.opts.timeZone), source: trackingSource(s, e) }] : [];
    });
    return days.sort((a, b) => a.day.localeCompare(b.day)).at(-1);
  }

  // ------------------------------------------------------------------ facts + formatting

  private promise(): OrderPromise {
    this.cachedPromise ??= promiseFor(this.order, this.opts.knowledge);
    return this.cachedPromise;
  }

  private carrier(s: Shipment): string {
    return this.facts.add(`shipment.${s.id}.carrier`, carrierName(s.carrier), `shipment:${s.id}`);
  }

  private tracking(s: Shipment): string {
    return this.facts.add(`shipment.${s.id}.trackingNumber`, s.trackingNumber, `shipment:${s.id}`);
  }

  private itemName(sku: string): string {
    const item = this.order.items.find((i) => i.sku === sku);
    return this.facts.add(`item.${sku}.name`, item?.name ?? sku, 'order');
  }

  private itemList(group: ItemPromise[]): string {
    return formatList(group.map((p) => this.facts.add(`item.${p.sku}.name`, itemLabel(p), 'order')), this.locale);
  }

  /** A calendar date, shown as given (never shifted by a time zone). */
  private day(key: string, day: string, source: string, at?: Date): string {
    this.facts.add(key, day, source, at);
    return formatCalendarDay(day, this.locale, Number(this.today.slice(0, 4)));
  }

  /** A timestamp, shown in the shop's time zone. */
  private stamp(key: string, at: Date, source: string): string {
    this.facts.add(key, at.toISOString(), source, at);
    return formatTimestamp(at, this.locale, this.opts.timeZone);
  }

  private say(sentence: string): void {
    this.sentences.push(sentence);
  }

  private suggest(...s: Suggestion[]): void {
    for (const x of s) this.suggestions.add(x);
  }
}

function lastEventWith(s: Shipment, status: TrackingEvent['status']): TrackingEvent | undefined {
  return [...s.events].reverse().find((e) => e.status === status);
}

function trackingSource(s: Shipment, e: TrackingEvent): string {
  return `tracking:${s.id}@${e.at.toISOString()}`;
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

/** Sentences joined with a space, except after full-width punctuation (Chinese) and around line breaks. */
function joinSentences(sentences: string[]): string {
  return sentences
    .reduce((text, s) => (text === '' || /[。！？：\n]$/u.test(text) || s.startsWith('\n') ? text + s : `${text} ${s}`), '')
    .replace(/\n+/g, '\n')
    .trim();
}
