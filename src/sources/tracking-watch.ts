import { sql } from 'drizzle-orm';
import type { Logger } from '../log/logger';
import type { Knowledge } from '../knowledge/schema';
import { staleSince } from '../knowledge/stale';
import type { OrderChange } from '../orders/events';
import type { Db } from '../store/db';
import { orderChanges, orders, shipmentWatch, shipments, trackingEvents } from '../store/schema';
import type { TrackerRegistry } from './registration';
import type { TrackingUpdates } from './tracking';

/** Shipments polled per sweep (the rest wait for the next one). */
const POLL_BATCH = 100;
/** Watched shipments read per page when the stale flags are computed. */
const STALE_PAGE = 1000;

export interface WatchSettings {
  /** A shipment without a carrier event for this long is asked for again (and not again sooner). */
  pollAfterMs: number;
}

export interface SweepResult {
  polled: number;
  /** Polls that brought news that changed an order. */
  updated: number;
  pollErrors: number;
  newlyStale: number;
  cleared: number;
}

interface Watched {
  order_id: string;
  shipment_id: string;
  tracking_number: string;
  carrier: string;
  status: string;
  last_event_at: string | Date | null;
  stale_since: string | null;
}

/**
 * The tracking watch: every shipment not delivered or returned is watched.
 * - **Polling fallback.** A provider's webhooks can go quiet (an outage, a lost delivery): a
 *   shipment without a carrier event for `pollAfterMs` is asked for at the providers that can
 *   be asked (EasyPost, AfterShip, 17TRACK, Shippo), and what they say goes through the same tracking
 *   updates as a webhook. Shipments are claimed by stamping `last_polled_at` in one statement, so
 *   two instances never poll the same one; a provider that fails is asked again next time.
 * - **Stale flag.** A shipment whose last scan is `tracking.stale_after_business_days` carrier days
 *   old is flagged (`stale_since`), with a `shipment.stale` order change in the same transaction
 *   (notices and analytics subscribe to it); a newer scan clears the flag.
 * Runs on the job queue's schedule (BullMQ with Redis, a timer without).
 */
export class TrackingWatch {
  constructor(private readonly deps: {
    db: Db;
    registries: TrackerRegistry[];
    updates: TrackingUpdates;
    knowledge: () => Knowledge;
    timeZone: string;
    settings: WatchSettings;
    logger: Logger;
  }) {}

  /** The providers the fallback can ask. */
  get pollers(): string[] {
    return this.deps.registries.filter((r) => r.poll).map((r) => r.name);
  }

  async sweep(now = new Date()): Promise<SweepResult> {
    await this.enrol(now);
    const poll = await this.pollQuiet(now);
    const stale = await this.flagStale(now);
    const result = { ...poll, ...stale };
    if (result.polled + result.newlyStale + result.cleared > 0) this.deps.logger.info(result, 'tracking watch');
    return result;
  }

  /** Shipments flagged stale now, oldest first. */
  async stale(limit = 100): Promise<{ orderId: string; shipmentId: string; trackingNumber: string; staleSince: string; lastPolledAt?: string; pollError?: string }[]> {
    const rows = await this.deps.db.select().from(shipmentWatch).where(sql`${shipmentWatch.staleSince} is not null`).orderBy(shipmentWatch.staleSince).limit(limit);
    return rows.map((r) => ({
      orderId: r.orderId, shipmentId: r.shipmentId, trackingNumber: r.trackingNumber, staleSince: r.staleSince!,
      ...(r.lastPolledAt ? { lastPolledAt: r.lastPolledAt.toISOString() } : {}), ...(r.pollError ? { pollError: r.pollError } : {}),
    }));
  }

  /** Starts watching new open shipments; stops watching settled, cancelled or removed ones. */
  private async enrol(now: Date): Promise<void> {
    const { db } = this.deps;
    await db.execute(sql`
      insert into ${shipmentWatch} (order_id, shipment_id, tracking_number, first_seen_at)
      select s.order_id, s.id, s.tracking_number, ${now.toISOString()}::timestamptz
      from ${shipments} s join ${orders} o on o.id = s.order_id
      where s.status not in ('delivered', 'returned') and o.status <> 'cancelled'
      on conflict (order_id, shipment_id) do update set tracking_number = excluded.tracking_number
      where ${shipmentWatch}.tracking_number <> excluded.tracking_number`);
    await db.execute(sql`
      delete from ${shipmentWatch} w where not exists (
        select 1 from ${shipments} s join ${orders} o on o.id = s.order_id
        where s.order_id = w.order_id and s.id = w.shipment_id and s.status not in ('delivered', 'returned') and o.status <> 'cancelled')`);
  }

  private async pollQuiet(now: Date): Promise<Pick<SweepResult, 'polled' | 'updated' | 'pollErrors'>> {
    const pollers = this.deps.registries.filter((r) => r.poll);
    if (pollers.length === 0) return { polled: 0, updated: 0, pollErrors: 0 };
    const quietSince = new Date(now.getTime() - this.deps.settings.pollAfterMs).toISOString();
    // Claimed in one statement: another instance's sweep skips these rows (SKIP LOCKED) and then sees the new stamp.
    const claimed = await this.deps.db.execute(sql`
      update ${shipmentWatch} w set last_polled_at = ${now.toISOString()}::timestamptz
      from (
        select w2.order_id, w2.shipment_id, s.carrier from ${shipmentWatch} w2
        join ${shipments} s on s.order_id = w2.order_id and s.id = w2.shipment_id
        where (w2.last_polled_at is null or w2.last_polled_at < ${quietSince}::timestamptz)
          and coalesce((select max(e.at) from ${trackingEvents} e where e.order_id = w2.order_id and e.shipment_id = w2.shipment_id), w2.first_seen_at)
            < ${quietSince}::timestamptz
        order by w2.last_polled_at nulls first
        limit ${POLL_BATCH}
        for update of w2 skip locked
      ) q
      where w.order_id = q.order_id and w.shipment_id = q.shipment_id
      returning w.order_id, w.shipment_id, w.tracking_number, q.carrier`);
    const rows = (claimed as unknown as { rows: { order_id: string; shipment_id: string; tracking_number: string; carrier: string }[] }).rows;
    // One poll per tracking number, even when several shipments carry it.
    const numbers = new Map(rows.map((r) => [r.tracking_number, r.carrier]));
    let updated = 0;
    let pollErrors = 0;
    for (const [trackingNumber, carrier] of numbers) {
      const outcome = await this.pollOne(pollers, trackingNumber, carrier);
      if (outcome.error) pollErrors++;
      if (outcome.changed) updated++;
      await this.deps.db.update(shipmentWatch).set({ pollError: outcome.error?.slice(0, 500) ?? null }).where(sql`${shipmentWatch.trackingNumber} = ${trackingNumber}`);
    }
    return { polled: numbers.size, updated, pollErrors };
  }

  /** Asks each provider in turn until one knows the number. */
  private async pollOne(pollers: TrackerRegistry[], trackingNumber: string, carrier: string): Promise<{ changed: boolean; error?: string }> {
    const errors: string[] = [];
    for (const provider of pollers) {
      try {
        const update = await provider.poll!(trackingNumber, carrier);
        if (!update) continue;
        const changed = await this.deps.updates.apply(update);
        return { changed: changed.length > 0 };
      } catch (err) {
        errors.push(`${provider.name}: ${(err as Error).message}`);
        this.deps.logger.warn({ provider: provider.name, err: (err as Error).message }, 'tracking poll failed');
      }
    }
    return errors.length > 0 ? { changed: false, error: errors.join('; ') } : { changed: false };
  }

  /** Sets or clears each watched shipment's stale flag; a shipment that becomes stale is an order change. */
  private async flagStale(now: Date): Promise<Pick<SweepResult, 'newlyStale' | 'cleared'>> {
    const knowledge = this.deps.knowledge();
    let newlyStale = 0;
    let cleared = 0;
    let after = { orderId: '', shipmentId: '' };
    for (;;) {
      const page = await this.deps.db.execute(sql`
        select w.order_id, w.shipment_id, w.tracking_number, w.stale_since, s.status, s.carrier,
          (select max(e.at) from ${trackingEvents} e where e.order_id = w.order_id and e.shipment_id = w.shipment_id) as last_event_at
        from ${shipmentWatch} w join ${shipments} s on s.order_id = w.order_id and s.id = w.shipment_id
        where (w.order_id, w.shipment_id) > (${after.orderId}, ${after.shipmentId})
        order by w.order_id, w.shipment_id limit ${STALE_PAGE}`);
      const rows = (page as unknown as { rows: Watched[] }).rows;
      if (rows.length === 0) break;
      after = { orderId: rows.at(-1)!.order_id, shipmentId: rows.at(-1)!.shipment_id };
      for (const row of rows) {
        const lastEventAt = row.last_event_at ? new Date(row.last_event_at) : undefined;
        const since = staleSince({ status: row.status, lastEventAt }, knowledge, now, this.deps.timeZone) ?? null;
        if (since === row.stale_since) continue;
        await this.deps.db.transaction(async (tx) => {
          await tx.update(shipmentWatch).set({ staleSince: since })
            .where(sql`${shipmentWatch.orderId} = ${row.order_id} and ${shipmentWatch.shipmentId} = ${row.shipment_id}`);
          if (since === null) return;
          const change: OrderChange = { type: 'shipment.stale', orderId: row.order_id, shipmentId: row.shipment_id, since };
          await tx.insert(orderChanges).values({ orderId: row.order_id, type: change.type, payload: change });
        });
        if (since === null) cleared++;
        else newlyStale++;
      }
      if (rows.length < STALE_PAGE) break;
    }
    return { newlyStale, cleared };
  }
}
