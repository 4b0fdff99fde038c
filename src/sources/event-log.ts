import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { sourceEvents, sourceRecords } from '../store/schema';
import type { SourceEventOutcome } from '../vocabulary';
import { noMetrics, type Metrics } from '../metrics/port';

/** The detail of an event taken and not yet settled. */
const IN_PROGRESS = 'in progress';
/** An event "in progress" for this long was abandoned by a process that died. */
const ABANDONED_AFTER_MS = 5 * 60_000;

/** What became of one event, and why. */
export interface Applied {
  outcome: SourceEventOutcome;
  detail?: string;
  orderId?: string;
}

export interface SourceEvent {
  source: string;
  eventId: string;
  topic: string;
  orderId?: string;
  outcome: SourceEventOutcome;
  detail?: string;
  receivedAt: Date;
}

/**
 * What data sources delivered: each webhook event is taken once (providers retry, and send
 * duplicates), and kept with what became of it for the admin API. Records (an order, a
 * fulfilment) remember the newest version applied, so an older delivery is stale.
 */
export class SourceEventLog {
  /** What this instance last saw of each source, and how many events it rejected (for /health). */
  private readonly seen = new Map<string, { at: Date; outcome: SourceEventOutcome; rejected: number }>();

  /** `metrics` counts every event's outcome, and a rejected payload as a webhook rejection. */
  constructor(private readonly db: Db, private readonly metrics: Metrics = noMetrics) {}

  /** This instance's last event of a source, and its count of rejected events since start. */
  lastSeen(source: string): { at: Date; outcome: SourceEventOutcome; rejected: number } | undefined {
    return this.seen.get(source);
  }

  /**
   * Applies an event once: a second delivery of the same id is a duplicate; the outcome is
   * kept; a failure that is not the payload's (the database) forgets the event, so the
   * provider's retry takes it again.
   */
  async once(source: string, eventId: string, topic: string, apply: () => Promise<Applied>): Promise<Applied> {
    const event = { source, eventId, topic, outcome: 'ignored' as const, detail: IN_PROGRESS };
    if (!(await this.take(event)) && !(await this.reclaim(source, eventId))) {
      this.metrics.sourceEvent(source, 'duplicate');
      return { outcome: 'duplicate' };
    }
    let result: Applied;
    try {
      result = await apply();
    } catch (err) {
      await this.release(source, eventId).catch(() => undefined);
      throw err;
    }
    await this.settle(source, eventId, result.outcome, result.detail, result.orderId);
    this.note(source, result.outcome);
    return result;
  }

  private note(source: string, outcome: SourceEventOutcome): void {
    const rejected = (this.seen.get(source)?.rejected ?? 0) + (outcome === 'rejected' ? 1 : 0);
    this.seen.set(source, { at: new Date(), outcome, rejected });
    this.metrics.sourceEvent(source, outcome);
    if (outcome === 'rejected') this.metrics.webhookRejected(source, 'rejected_payload');
  }

  /** Records the event; false when this source delivered this event id before. */
  async take(event: Omit<SourceEvent, 'receivedAt'>, now = new Date()): Promise<boolean> {
    const rows = await this.db.insert(sourceEvents)
      .values({ ...event, orderId: event.orderId ?? null, detail: event.detail ?? null, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: sourceEvents.eventId });
    return rows.length === 1;
  }

  /**
   * Takes over an event left "in progress" for longer than any apply takes: the process that
   * took it died before it could settle or release it (the provider's retry, or the job queue's
   * retry of a stalled job, would otherwise see a duplicate and the event would be lost).
   */
  private async reclaim(source: string, eventId: string, now = new Date()): Promise<boolean> {
    const rows = await this.db.update(sourceEvents).set({ receivedAt: now })
      .where(and(eq(sourceEvents.source, source), eq(sourceEvents.eventId, eventId), eq(sourceEvents.detail, IN_PROGRESS),
        sql`${sourceEvents.receivedAt} < ${new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()}::timestamptz`))
      .returning({ id: sourceEvents.eventId });
    return rows.length === 1;
  }

  /** The outcome, once known (an event is taken before it is applied). */
  async settle(source: string, eventId: string, outcome: SourceEventOutcome, detail?: string, orderId?: string): Promise<void> {
    await this.db.update(sourceEvents)
      .set({ outcome, detail: detail ?? null, ...(orderId ? { orderId } : {}) })
      .where(and(eq(sourceEvents.source, source), eq(sourceEvents.eventId, eventId)));
  }

  /** Forgets an event that could not be applied for a passing reason (the provider's retry takes it again). */
  async release(source: string, eventId: string): Promise<void> {
    await this.db.delete(sourceEvents).where(and(eq(sourceEvents.source, source), eq(sourceEvents.eventId, eventId)));
  }

  /**
   * Applies a record's version unless a newer one was applied: `apply` stores the change, and
   * only then is the version recorded. A crash between the two leaves the older version on
   * record, so the provider's retry (or a resumed backfill) applies the change again, which is
   * harmless, instead of taking it for stale and losing it.
   */
  async unlessStale(record: { source: string; recordKey: string; updatedAt: Date; localId?: string }, apply: () => Promise<Applied>): Promise<Applied | 'stale'> {
    if ((await this.staleKeys(record.source, [record])).size > 0) return 'stale';
    const result = await apply();
    if (result.outcome === 'applied') await this.advance(record.source, record.recordKey, record.updatedAt, record.localId);
    return result;
  }

  /** The records of which a strictly newer version was applied already. */
  async staleKeys(source: string, records: { recordKey: string; updatedAt: Date }[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows = await this.db.select({ key: sourceRecords.recordKey, updatedAt: sourceRecords.updatedAt }).from(sourceRecords)
      .where(and(eq(sourceRecords.source, source), inArray(sourceRecords.recordKey, records.map((r) => r.recordKey))));
    const applied = new Map(rows.map((r) => [r.key, r.updatedAt.getTime()]));
    return new Set(records.filter((r) => (applied.get(r.recordKey) ?? -Infinity) > r.updatedAt.getTime()).map((r) => r.recordKey));
  }

  /** Records a record's version (and our id for it) once stored, unless a newer one is on record. */
  async advance(source: string, recordKey: string, updatedAt: Date, localId?: string): Promise<void> {
    await this.advanceMany(source, [{ recordKey, updatedAt, localId }]);
  }

  /** `advance` for many records in one statement (a backfill page, after it was stored). */
  async advanceMany(source: string, records: { recordKey: string; updatedAt: Date; localId?: string }[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.insert(sourceRecords)
      .values(records.map((r) => ({ source, recordKey: r.recordKey, updatedAt: r.updatedAt, localId: r.localId ?? null })))
      .onConflictDoUpdate({
        target: [sourceRecords.source, sourceRecords.recordKey],
        set: { updatedAt: sql`excluded.updated_at`, localId: sql`coalesce(excluded.local_id, ${sourceRecords.localId})` },
        setWhere: sql`${sourceRecords.updatedAt} < excluded.updated_at`,
      });
  }

  /** Our id for a source's record (the order number of a Shopify order id). */
  async localId(source: string, recordKey: string): Promise<string | undefined> {
    const [row] = await this.db.select({ localId: sourceRecords.localId }).from(sourceRecords)
      .where(and(eq(sourceRecords.source, source), eq(sourceRecords.recordKey, recordKey))).limit(1);
    return row?.localId ?? undefined;
  }

  async recent(filter: { source?: string; outcome?: SourceEventOutcome; limit?: number } = {}): Promise<SourceEvent[]> {
    const where: SQL[] = [];
    if (filter.source) where.push(eq(sourceEvents.source, filter.source));
    if (filter.outcome) where.push(eq(sourceEvents.outcome, filter.outcome));
    const rows = await this.db.select().from(sourceEvents)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(sourceEvents.receivedAt))
      .limit(Math.min(filter.limit ?? 100, 500));
    return rows.map((r) => ({
      source: r.source, eventId: r.eventId, topic: r.topic, outcome: r.outcome, receivedAt: r.receivedAt,
      ...(r.orderId ? { orderId: r.orderId } : {}), ...(r.detail ? { detail: r.detail } : {}),
    }));
  }

}
