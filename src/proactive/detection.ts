import { sql, type SQL } from 'drizzle-orm';
import type { Knowledge } from '../knowledge/schema';
import { localDay } from '../knowledge/calendar';
import { isLate, promiseFor } from '../knowledge/promise';
import type { OrderChange } from '../orders/events';
import type { OrderRepository } from '../orders/repository';
import { unshippedItems, type Order } from '../orders/types';
import type { Db } from '../store/db';
import { insertJsonRows } from '../store/bulk';
import { orderItems, orders, proactiveNotices, shipmentItems, shipments } from '../store/schema';
import type { Lang, NoticeKind } from '../vocabulary';

/** One delay or exception found for an order. */
export interface Detection {
  orderId: string;
  kind: NoticeKind;
  shipmentId?: string;
  detail: Record<string, unknown>;
}

/** Words of a carrier's scan that say the parcel is held at customs, in the bot's languages. */
const CUSTOMS = /custom|douane|aduana|zoll|dogan|alfând|alfand|таможн|海关|清关/i;
/** Orders placed longer ago than this are not scanned for a passed ship-by day. */
const LATE_SCAN_DAYS = 90;
/** Orders checked for a passed ship-by day per run. */
const LATE_SCAN_BATCH = 500;

/**
 * Delay and exception detection (issue "Proactive"), whatever source changed the order: the
 * order changes say what moved (a later estimate, a carrier exception, a stale shipment, a delay
 * the merchant reported), and a scheduled scan finds what only time makes true (a ship-by day or
 * an estimated delivery that passed). Each kind is recorded once per order (primary key order +
 * kind, `ON CONFLICT DO NOTHING`), so a second instance, a rerun or a replayed change finds
 * nothing new; what is new goes on to the notices.
 */
export class DelayDetection {
  /** Where the last scan for passed ship-by days stopped: the next goes on from there (then wraps), so orders that are not late never starve later ones. */
  private scanAfter?: { placedAt: string; id: string };

  constructor(private readonly deps: {
    db: Db;
    orders: OrderRepository;
    knowledge: () => Knowledge;
    /** Gets what was newly recorded (the notices plan them). */
    onDetected: (found: Detection[], now: Date) => Promise<void>;
    /** What the bot will say for each detection (by `orderId` and `kind`), kept with it; `loaded` holds orders already read. */
    words?: (found: Detection[], now: Date, loaded: Map<string, Order>) => Promise<Map<string, { text: string; language: Lang }>>;
    /** Orders checked for a passed ship-by day per scan. */
    scanBatch?: number;
  }) {}

  /** The order change feed's subscriber. */
  async onChanges(changes: OrderChange[], now = new Date()): Promise<number> {
    const found: Detection[] = [];
    for (const c of changes) {
      const d = await this.fromChange(c);
      if (d) found.push(d);
    }
    return this.record(found, now);
  }

  /**
   * One batch of the scheduled scan: estimated deliveries that passed (at the start of a pass),
   * then the next batch of open orders whose ship-by day passed. `midway` says whether the pass
   * goes on. `handOn: false` records without handing what is new on (the caller dispatches).
   */
  async scan(now = new Date(), opts: { handOn?: boolean } = {}): Promise<number> {
    const estimates = this.scanAfter ? [] : await this.passedEstimates(now);
    const late = await this.passedShipBy(now);
    return this.record([...estimates, ...late.found], now, late.loaded, opts.handOn ?? true);
  }

  /** A pass of the scan over the open orders is under way: the next `scan` goes on from where the last stopped. */
  get midway(): boolean {
    return this.scanAfter !== undefined;
  }

  private async fromChange(c: OrderChange): Promise<Detection | undefined> {
    switch (c.type) {
      case 'shipment.eta_moved':
        return c.from && c.to && c.to > c.from ? { orderId: c.orderId, kind: 'eta_later', shipmentId: c.shipmentId, detail: { from: c.from, to: c.to } } : undefined;
      case 'shipment.stale':
        return { orderId: c.orderId, kind: 'stale', shipmentId: c.shipmentId, detail: { since: c.since } };
      case 'shipment.exception': {
        if (c.status === 'failed_attempt' || c.status === 'returned') return { orderId: c.orderId, kind: c.status, shipmentId: c.shipmentId, detail: { status: c.status } };
        const order = await this.deps.orders.get(c.orderId);
        const last = order?.shipments.find((s) => s.id === c.shipmentId)?.events.at(-1);
        const customs = last && CUSTOMS.test(`${last.description ?? ''} ${last.location ?? ''}`);
        return { orderId: c.orderId, kind: customs ? 'customs_hold' : 'exception', shipmentId: c.shipmentId, detail: { status: c.status } };
      }
      case 'merchant.event':
        return c.event.type === 'fulfilment_delayed'
          ? { orderId: c.orderId, kind: 'fulfilment_delayed', detail: 'shipBy' in c.event && c.event.shipBy ? { shipBy: c.event.shipBy } : {} }
          : undefined;
      default:
        return undefined;
    }
  }

  /** Shipments still on their way whose estimated delivery day (a calendar date) is before today in the shop's zone. */
  private async passedEstimates(now: Date): Promise<Detection[]> {
    const today = localDay(now, this.deps.knowledge().calendar.time_zone);
    const rows = await this.deps.db.execute(sql`
      select s.order_id, s.id, s.estimated_delivery::text as eta from ${shipments} s join ${orders} o on o.id = s.order_id
      where o.status = 'open' and s.status not in ('delivered', 'returned') and s.estimated_delivery < ${today}::date
        and not exists (select 1 from ${proactiveNotices} n where n.order_id = s.order_id and n.kind = 'eta_passed')`);
    return (rows as unknown as { rows: { order_id: string; id: string; eta: string }[] }).rows
      .map((r) => ({ orderId: r.order_id, kind: 'eta_passed' as const, shipmentId: r.id, detail: { estimatedDelivery: r.eta } }));
  }

  /** Open orders with items still to ship whose promised ship-by day (merchant delays included) passed. */
  private async passedShipBy(now: Date): Promise<{ found: Detection[]; loaded: Map<string, Order> }> {
    const since = new Date(now.getTime() - LATE_SCAN_DAYS * 86_400_000);
    const rows = await this.deps.db.execute(lateCandidates(since, this.scanAfter, this.deps.scanBatch ?? LATE_SCAN_BATCH));
    const batch = (rows as unknown as { rows: { id: string; placed_at: string | Date }[] }).rows;
    const last = batch.at(-1);
    this.scanAfter = batch.length === (this.deps.scanBatch ?? LATE_SCAN_BATCH) && last ? { placedAt: new Date(last.placed_at).toISOString(), id: last.id } : undefined;
    const knowledge = this.deps.knowledge();
    const found: Detection[] = [];
    const loaded = await this.deps.orders.getMany(batch.map((r) => r.id));
    for (const order of loaded.values()) {
      const id = order.id;
      const pending = unshippedItems(order).map((i) => i.sku);
      const promise = promiseFor(order, knowledge);
      if (!isLate(promise, now, pending)) continue;
      const shipBy = promise.items.filter((i) => i.expectedShipBy).map((i) => i.expectedShipBy!).sort().at(-1);
      found.push({ orderId: id, kind: 'ship_by_passed', detail: shipBy ? { shipBy } : {} });
    }
    return { found, loaded };
  }

  /** Records what is new (once per order and kind) and hands it on. */
  private async record(found: Detection[], now: Date, loaded = new Map<string, Order>(), handOn = true): Promise<number> {
    if (found.length === 0) return 0;
    const words = (await this.deps.words?.(found, now, loaded)) ?? new Map<string, { text: string; language: Lang }>();
    const result = await this.deps.db.execute(insertJsonRows(proactiveNotices,
      found.map((d) => {
        const said = words.get(detectionKey(d));
        return { order_id: d.orderId, kind: d.kind, shipment_id: d.shipmentId ?? null, detected_at: now.toISOString(), detail: d.detail, state: 'pending', due_at: now.toISOString(), text: said?.text ?? null, language: said?.language ?? null };
      }),
      { order_id: 'text', kind: 'text', shipment_id: 'text', detected_at: 'timestamptz', detail: 'jsonb', state: 'text', due_at: 'timestamptz', text: 'text', language: 'text' }, 'order_id, kind'));
    const inserted = (result as unknown as { rows: { order_id: string; kind: NoticeKind }[] }).rows.map((r) => ({ orderId: r.order_id, kind: r.kind }));
    const isNew = new Set(inserted.map(detectionKey));
    // One per order and kind, even when a batch found it twice.
    const fresh = found.filter((d) => isNew.delete(detectionKey(d)));
    if (fresh.length > 0 && handOn) await this.deps.onDetected(fresh, now);
    return fresh.length;
  }
}

/**
 * Open orders placed since `since` with items still to ship and no ship-by detection yet, in
 * placing order after `after` (where the last batch stopped), `limit` of them. Walks the open
 * orders' placing index (orders_open_placed_idx), so a batch reads about its own rows.
 */
export function lateCandidates(since: Date, after: { placedAt: string; id: string } | undefined, limit: number): SQL {
  return sql`
    select o.id, o.placed_at from ${orders} o
    where o.status = 'open' and o.placed_at >= ${since.toISOString()}::timestamptz
      ${after ? sql`and (o.placed_at, o.id) > (${after.placedAt}::timestamptz, ${after.id})` : sql``}
      and not exists (select 1 from ${proactiveNotices} n where n.order_id = o.id and n.kind in ('ship_by_passed', 'fulfilment_delayed'))
      and (select coalesce(sum(i.quantity), 0) from ${orderItems} i where i.order_id = o.id)
        > (select coalesce(sum(si.quantity), 0) from ${shipmentItems} si where si.order_id = o.id)
    order by o.placed_at, o.id limit ${limit}`;
}

/** A detection's identity: one per order and kind. */
export function detectionKey(d: { orderId: string; kind: NoticeKind }): string {
  return `${d.orderId}\u0000${d.kind}`;
}
