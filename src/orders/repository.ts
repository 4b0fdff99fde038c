import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { jsonList } from '../store/bulk';
import { currentTurnScope, Shape, type NamedRead } from '../store/turn-scope';
import * as t from '../store/schema';
import type { OrderEventInput, OrderInput } from './contract';
import { emailKey, orderDigitsKey, orderLookupKey, postalKey } from './keys';
import type { Order, Shipment } from './types';
import { changesBetween, type OrderChange, type OrderState } from './events';

/** Rows per INSERT statement: keeps every statement well under PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

/** What verifies a shopper for an order (contract §6). */
export interface OrderCredentials { orderId: string; email: string; phone: string | null; postalKey: string | null; country: string }

export class OrderNumberConflict extends Error {
  constructor(readonly index: number, readonly id: string, readonly otherId: string) {
    super(`order "${id}" has the same number as order "${otherId}" (order numbers match ignoring case and separators)`);
  }
}

/** The turn's named read of its linked order (src/store/turn-scope.ts). */
const TURN_ORDER = 'orders:linked';
/** The turn's named read of the orders its typed numbers name, with their credentials. */
const TURN_TYPED = 'orders:typed';

export class OrderRepository {
  constructor(private readonly db: Db) {}

  /**
   * Upserts orders in one transaction (all or nothing). Sending an order again replaces
   * its items, shipments and tracking events; merchant exception events are kept.
   */
  async upsert(input: OrderInput[]): Promise<number> {
    // The same id twice in one call: the later one wins, as if sent one after the other.
    const byId = new Map<string, OrderInput>();
    input.forEach((o) => byId.set(o.id, o));
    const list = [...byId.values()];
    const keys = new Map<string, string>();
    list.forEach((o) => {
      const key = orderLookupKey(o.id);
      const other = keys.get(key);
      if (other !== undefined) throw new OrderNumberConflict(input.indexOf(o), o.id, other);
      keys.set(key, o.id);
    });

    await this.db.transaction(async (tx) => {
      const before = await statesOf(tx as unknown as Db, list.map((o) => o.id));
      // Another stored order with the same number key is a conflict, not an overwrite.
      const clashes = await tx
        .select({ id: t.orders.id, lookupKey: t.orders.lookupKey })
        .from(t.orders)
        .where(inArray(t.orders.lookupKey, [...keys.keys()]));
      for (const c of clashes) {
        const mine = keys.get(c.lookupKey)!;
        if (mine !== c.id) throw new OrderNumberConflict(input.findIndex((o) => o.id === mine), mine, c.id);
      }

      const customerIds = await upsertCustomers(tx as unknown as Db, list);
      const ids = list.map((o) => o.id);
      for (const part of chunks(ids)) {
        await tx.delete(t.orderItems).where(inArray(t.orderItems.orderId, part));
        await tx.delete(t.shipmentItems).where(inArray(t.shipmentItems.orderId, part));
        await tx.delete(t.trackingEvents).where(inArray(t.trackingEvents.orderId, part));
        await tx.delete(t.shipments).where(inArray(t.shipments.orderId, part));
      }
      const now = new Date();
      for (const part of chunks(list)) {
        await tx
          .insert(t.orders)
          .values(part.map((o) => ({
            id: o.id,
            lookupKey: orderLookupKey(o.id),
            digitsKey: orderDigitsKey(o.id),
            customerId: customerIds.get(emailKey(o.customer.email))!,
            placedAt: new Date(o.placedAt),
            status: o.status,
            email: emailKey(o.customer.email),
            phone: o.customer.phone ?? null,
            postalKey: postalKey(o.shippingAddress.postalCode),
            shippingAddress: o.shippingAddress,
            shippingMethod: o.shippingMethod ?? null,
            locale: o.customer.locale ?? null,
            document: o,
            updatedAt: now,
          })))
          .onConflictDoUpdate({
            target: t.orders.id,
            set: {
              lookupKey: sql`excluded.lookup_key`, digitsKey: sql`excluded.digits_key`, customerId: sql`excluded.customer_id`,
              placedAt: sql`excluded.placed_at`, status: sql`excluded.status`, email: sql`excluded.email`, phone: sql`excluded.phone`,
              postalKey: sql`excluded.postal_key`, shippingAddress: sql`excluded.shipping_address`,
              shippingMethod: sql`excluded.shipping_method`, locale: sql`excluded.locale`, document: sql`excluded.document`,
              updatedAt: now,
            },
          });
      }
      await insertChunked(tx as unknown as Db, t.orderItems, list.flatMap((o) => o.items.map((it, position) => ({
        orderId: o.id, position, sku: it.sku, name: it.name, quantity: it.quantity, tags: it.tags ?? [],
      }))));
      await insertChunked(tx as unknown as Db, t.shipments, list.flatMap((o) => o.shipments.map((s, position) => ({
        orderId: o.id, id: s.id, position, carrier: s.carrier, trackingNumber: s.trackingNumber,
        trackingUrl: s.trackingUrl ?? null, status: s.status, estimatedDelivery: s.estimatedDelivery ?? null, updatedAt: now,
      }))));
      await insertChunked(tx as unknown as Db, t.shipmentItems, list.flatMap((o) => o.shipments.flatMap((s) => s.items.map((it) => ({
        orderId: o.id, shipmentId: s.id, sku: it.sku, quantity: it.quantity,
      })))));
      await insertChunked(tx as unknown as Db, t.trackingEvents, list.flatMap((o) => o.shipments.flatMap((s) => s.events.map((e) => ({
        orderId: o.id, shipmentId: s.id, at: new Date(e.at), status: e.status,
        description: e.description ?? null, location: e.location ?? null,
      })))));
      // The changes go to the outbox in the same transaction: no change without its event.
      const changes = list.flatMap((o) => changesBetween(o.id, before.get(o.id), stateOfInput(o)));
      await insertChunked(tx as unknown as Db, t.orderChanges, changes.map((c) => ({ orderId: c.orderId, type: c.type, payload: c })));
    });
    return list.length;
  }

  /** The order as last ingested (contract §1 shape), or undefined. */
  async getDocument(id: string): Promise<OrderInput | undefined> {
    const rows = await this.db.select({ document: t.orders.document }).from(t.orders).where(eq(t.orders.id, id)).limit(1);
    return rows[0]?.document as OrderInput | undefined;
  }

  /** Several orders as last ingested, by id (missing ones are absent from the map). */
  async getDocuments(ids: string[]): Promise<Map<string, OrderInput>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: t.orders.id, document: t.orders.document }).from(t.orders).where(inArray(t.orders.id, ids));
    return new Map(rows.map((r) => [r.id, r.document as OrderInput]));
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.db.select({ id: t.orders.id }).from(t.orders).where(eq(t.orders.id, id)).limit(1);
    return rows.length > 0;
  }

  /** Resolves what a shopper typed to an order id, or undefined (never reveals anything by itself). */
  async resolveNumber(typed: string): Promise<string | undefined> {
    return (await this.credentialsByNumber(typed))?.orderId;
  }

  /**
   * Who may see the order a shopper typed the number of, in one round trip: its id with the
   * email, phone, postcode and country that verify it. "20931" finds "SH-20931" only when the
   * digits name exactly one order. The whole order is read with it: during a turn, the answer that
   * follows a verification asks for nothing more (`get`).
   */
  async credentialsByNumber(typed: string): Promise<OrderCredentials | undefined> {
    const key = orderLookupKey(typed);
    if (key === '') return undefined;
    // "20931" or a mistyped prefix ("ORDER20931"): the digits, when they name one order only.
    const digits = orderDigitsKey(typed);
    // Read with the turn's lock when the turn saw this number coming (a row per number, found or not).
    const scope = currentTurnScope();
    const read = scope?.read(TURN_TYPED)?.rows.filter((r) => r.typed_key === key && r.typed_digits === digits);
    const rows = (read && read.length > 0
      ? read.filter((r) => r.id !== null)
      : (await this.db.execute(this.selectStatement(matchesTyped(sql`${key}`, sql`${digits}`), { limit: 3, exactFirst: sql`${key}` })) as unknown as { rows: Record<string, unknown>[] }).rows
    ) as unknown as (OrderRow & CredentialColumns)[];
    scope?.add(TURN_ORDER, rows as unknown as Record<string, unknown>[]);
    const exact = rows.find((r) => r.lookup_key === key);
    const r = exact ?? (rows.length === 1 ? rows[0] : undefined);
    if (!r) return undefined;
    return { orderId: r.id, email: r.email, phone: r.phone, postalKey: r.postal_key, country: (r.shipping_address as { country: string }).country };
  }

  /**
   * Reads, with a turn's lock, of the orders a turn's typed numbers may name, with their
   * credentials, for `credentialsByNumber`: the numbers in the message (`typed`, a JSON list) and
   * the one the conversation waits to verify (`pending`, an SQL expression: from its state). Each
   * number comes back as rows keyed by its lookup and digits keys (computed here as
   * `orderLookupKey` and `orderDigitsKey` do; a number SQL keys differently is looked up again),
   * one row with no order when none matches. Built once.
   */
  typedRead(pending: (value: (name: string) => unknown) => SQL): (values: Record<string, unknown>) => NamedRead {
    const shape = new Shape((v) => sql`select typed.typed_key, typed.typed_digits, x.* from (${typedKeys(v, pending)}) typed
      left join lateral (${this.selectStatement(matchesTyped(sql`typed.typed_key`, sql`typed.typed_digits`), { limit: 3, exactFirst: sql`typed.typed_key` })}) x on true`);
    return (values) => ({ name: TURN_TYPED, statement: shape.with(values) });
  }

  /**
   * The orders a turn's typed numbers may name, a row each (`typed_key`, and the order's
   * `lookup_key` and shipping `country`, null when none matches): verification counts attempts by
   * the numbers and the orders, and reads a phone typed without its country code in those countries.
   */
  typedOrderMatches(pending: (value: (name: string) => unknown) => SQL, v: (name: string) => unknown): SQL {
    return sql`select typed.typed_key, o.lookup_key, o.shipping_address->>'country' as country
      from (${typedKeys(v, pending)}) typed left join ${t.orders} o on ${matchesTyped(sql`typed.typed_key`, sql`typed.typed_digits`)}`;
  }

  /** Orders with a shipment of this tracking number (a tracking provider's update concerns each of them). */
  async orderIdsWithTracking(trackingNumber: string): Promise<string[]> {
    const rows = await this.db.selectDistinct({ id: t.shipments.orderId }).from(t.shipments).where(eq(t.shipments.trackingNumber, trackingNumber)).limit(50);
    return rows.map((r) => r.id);
  }

  /** Open (not cancelled) orders of a verified email or phone, newest first: ids and dates only. */
  async openOrdersOf(identity: { email?: string; phone?: string }): Promise<{ id: string; placedAt: Date }[]> {
    const conditions = [];
    if (identity.email) conditions.push(eq(t.orders.email, emailKey(identity.email)));
    if (identity.phone) conditions.push(eq(t.orders.phone, identity.phone));
    if (conditions.length === 0) return [];
    const rows = await this.db
      .select({ id: t.orders.id, placedAt: t.orders.placedAt })
      .from(t.orders)
      .where(and(eq(t.orders.status, 'open'), conditions.length === 1 ? conditions[0] : sql`(${conditions[0]} OR ${conditions[1]})`))
      .orderBy(sql`${t.orders.placedAt} DESC`)
      .limit(20);
    return rows;
  }

  /**
   * The whole order for answering, or undefined: one round trip (this is on every answer's path),
   * or none when the turn's lock read it already (`linkedRead`).
   */
  async get(id: string): Promise<Order | undefined> {
    const read = currentTurnScope()?.read(TURN_ORDER)?.rows.find((row) => row.id === id);
    if (read) return toOrder(read as unknown as OrderRow);
    return (await this.select(sql`o.id = ${id}`))[0];
  }

  /**
   * Reads, with a turn's lock, of the order whose id the SQL expression `id` gives (the
   * conversation's linked order, from the call's values), for `get`: built once.
   */
  linkedRead(id: (value: (name: string) => unknown) => SQL): (values: Record<string, unknown>) => NamedRead {
    const shape = new Shape((v) => this.selectStatement(sql`o.id = ${id(v)}`));
    return (values) => ({ name: TURN_ORDER, statement: shape.with(values) });
  }

  /** Several whole orders by id, in one round trip (batch work: detection, notices); missing ones are absent. */
  async getMany(ids: string[]): Promise<Map<string, Order>> {
    if (ids.length === 0) return new Map();
    const list = await this.select(sql`o.id = any(${jsonList([...new Set(ids)])})`);
    return new Map(list.map((o) => [o.id, o]));
  }

  private async select(where: SQL): Promise<Order[]> {
    const result = await this.db.execute(this.selectStatement(where));
    return (result as unknown as { rows: OrderRow[] }).rows.map(toOrder);
  }

  private selectStatement(where: SQL, opts: { limit?: number; exactFirst?: SQL } = {}): SQL {
    return sql`
      select o.id, o.lookup_key, o.postal_key, o.placed_at, o.status, o.email, o.phone, o.locale, o.shipping_address, o.shipping_method,
        o.document->'customer'->>'name' as customer_name, o.document->'total' as total,
        coalesce((select json_agg(json_build_object('sku', i.sku, 'name', i.name, 'quantity', i.quantity, 'tags', i.tags) order by i.position)
          from ${t.orderItems} i where i.order_id = o.id), '[]') as items,
        coalesce((select json_agg(json_build_object(
            'id', s.id, 'carrier', s.carrier, 'trackingNumber', s.tracking_number, 'trackingUrl', s.tracking_url,
            'status', s.status, 'estimatedDelivery', s.estimated_delivery,
            'items', coalesce((select json_agg(json_build_object('sku', si.sku, 'quantity', si.quantity) order by si.id)
              from ${t.shipmentItems} si where si.order_id = s.order_id and si.shipment_id = s.id), '[]'),
            'events', coalesce((select json_agg(json_build_object('at', e.at, 'status', e.status, 'description', e.description, 'location', e.location) order by e.at, e.id)
              from ${t.trackingEvents} e where e.order_id = s.order_id and e.shipment_id = s.id), '[]')
          ) order by s.position) from ${t.shipments} s where s.order_id = o.id), '[]') as shipments,
        coalesce((select json_agg(json_build_object('type', m.type, 'payload', m.payload, 'at', m.created_at) order by m.created_at, m.id)
          from ${t.orderEvents} m where m.order_id = o.id), '[]') as merchant_events
      from ${t.orders} o where ${where}${opts.exactFirst ? sql` order by o.lookup_key = ${opts.exactFirst} desc` : sql``}${opts.limit ? sql` limit ${opts.limit}` : sql``}`;
  }

  /** Stores a merchant event and its change (outbox) in one transaction. */
  async addEvent(orderId: string, event: OrderEventInput): Promise<{ id: number } | undefined> {
    if (!(await this.exists(orderId))) return undefined;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(t.orderEvents).values({ orderId, type: event.type, payload: event }).returning({ id: t.orderEvents.id });
      const change: OrderChange = { type: 'merchant.event', orderId, event };
      await tx.insert(t.orderChanges).values({ orderId, type: change.type, payload: change });
      return row;
    });
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(t.orders);
    return Number(row.n);
  }
}

async function upsertCustomers(db: Db, list: OrderInput[]): Promise<Map<string, number>> {
  const byEmail = new Map<string, OrderInput['customer']>();
  for (const o of list) byEmail.set(emailKey(o.customer.email), o.customer);
  const ids = new Map<string, number>();
  for (const part of chunks([...byEmail.entries()])) {
    const rows = await db
      .insert(t.customers)
      .values(part.map(([email, c]) => ({ email, name: c.name, phone: c.phone ?? null, locale: c.locale ?? null })))
      .onConflictDoUpdate({
        target: t.customers.email,
        set: { name: sql`excluded.name`, phone: sql`excluded.phone`, locale: sql`excluded.locale`, updatedAt: new Date() },
      })
      .returning({ id: t.customers.id, email: t.customers.email });
    for (const r of rows) ids.set(r.email, r.id);
  }
  return ids;
}

async function insertChunked(db: Db, table: Parameters<Db['insert']>[0], rows: Record<string, unknown>[]): Promise<void> {
  for (const part of chunks(rows)) await db.insert(table).values(part as never);
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** What verifies an order besides its email and phone. */
interface CredentialColumns {
  lookup_key: string;
  postal_key: string | null;
}

interface OrderRow {
  id: string;
  placed_at: string | Date;
  status: string;
  email: string;
  phone: string | null;
  locale: string | null;
  shipping_address: unknown;
  shipping_method: string | null;
  customer_name: string;
  total: { amount: number; currency: string } | string | null;
  items: { sku: string; name: string; quantity: number; tags: string[] }[] | string;
  shipments: RawShipment[] | string;
  merchant_events: { type: string; payload: Record<string, unknown>; at: string }[] | string;
}

interface RawShipment {
  id: string; carrier: string; trackingNumber: string; trackingUrl: string | null; status: string; estimatedDelivery: string | null;
  items: { sku: string; quantity: number }[];
  events: { at: string; status: string; description: string | null; location: string | null }[];
}

/** JSON columns arrive parsed from node-postgres and PGlite alike; strings are parsed defensively. */
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toOrder(row: OrderRow): Order {
  const shipments: Shipment[] = json(row.shipments).map((s) => ({
    id: s.id,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl ?? undefined,
    status: s.status as Shipment['status'],
    estimatedDelivery: s.estimatedDelivery ?? undefined,
    items: s.items,
    events: s.events.map((e) => ({ at: new Date(e.at), status: e.status as Shipment['status'], description: e.description ?? undefined, location: e.location ?? undefined })),
  }));
  return {
    id: row.id,
    placedAt: new Date(row.placed_at),
    status: row.status as Order['status'],
    customer: { name: row.customer_name, email: row.email, phone: row.phone ?? undefined, locale: row.locale ?? undefined },
    shippingAddress: json(row.shipping_address) as Order['shippingAddress'],
    shippingMethod: row.shipping_method ?? undefined,
    total: row.total ? json(row.total) : undefined,
    items: json(row.items).map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, tags: i.tags ?? [] })),
    shipments,
    merchantEvents: json(row.merchant_events).map((m) => ({ type: m.type, payload: m.payload, at: new Date(m.at) })),
  };
}

/** The stored states of these orders (status, and each shipment's status and estimated delivery). */
async function statesOf(db: Db, ids: string[]): Promise<Map<string, OrderState>> {
  const states = new Map<string, OrderState>();
  for (const part of chunks(ids)) {
    const rows = await db.select({ id: t.orders.id, status: t.orders.status }).from(t.orders).where(inArray(t.orders.id, part));
    for (const r of rows) states.set(r.id, { status: r.status, shipments: new Map() });
    const ships = await db
      .select({ orderId: t.shipments.orderId, id: t.shipments.id, status: t.shipments.status, eta: t.shipments.estimatedDelivery })
      .from(t.shipments)
      .where(inArray(t.shipments.orderId, part));
    for (const sh of ships) states.get(sh.orderId)?.shipments.set(sh.id, { status: sh.status, eta: sh.eta ?? null });
  }
  return states;
}

function stateOfInput(o: OrderInput): OrderState {
  return { status: o.status, shipments: new Map(o.shipments.map((sh) => [sh.id, { status: sh.status, eta: sh.estimatedDelivery ?? null }])) };
}

/**
 * The typed numbers of a turn, keyed as `orderLookupKey` and `orderDigitsKey` key them: the
 * message's (`typed`, a JSON list) and the pending one (`pending`, from the state).
 */
function typedKeys(v: (name: string) => unknown, pending: (value: (name: string) => unknown) => SQL): SQL {
  return sql`select distinct lower(regexp_replace(regexp_replace(n, '^#', ''), '[^[:alnum:]]', '', 'g')) as typed_key, regexp_replace(n, '[^0-9]', '', 'g') as typed_digits
    from (select json_array_elements_text(${v('typed')}::json) union select ${pending(v)}) typed_numbers(n) where n is not null`;
}

/**
 * The orders `o` a typed number names: its lookup key, or its digits when there are at least
 * three ("20931" for "SH-20931"; the caller keeps a digits match only when it is the only one).
 */
function matchesTyped(key: SQL, digits: SQL): SQL {
  return sql`(o.lookup_key = ${key} or (length(${digits}) >= 3 and o.digits_key = ${digits}))`;
}
