import { and, eq, isNull, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../store/db';
import { inboundReceipts } from '../store/schema';
import { deferToTurn } from '../store/turn-scope';

/** A claim not completed within this time is taken to be lost with a crashed process, and may be taken again. */
export const RECLAIM_AFTER_MS = 60_000;

/**
 * A receipt claimed only if it was never claimed (no taking over a lost claim), returning a row
 * when it was: for a statement that claims and stores a message together, where a lost claim
 * cannot be (they commit together) and a taken one stores nothing.
 */
export function freshClaim(provider: unknown, messageId: unknown): SQL {
  return sql`INSERT INTO ${inboundReceipts} (provider, message_id, received_at) VALUES (${provider}, ${messageId}, now())
    ON CONFLICT (provider, message_id) DO NOTHING RETURNING 1`;
}

/**
 * Webhook idempotency: providers retry, so each provider message id is answered once. A
 * message is claimed (atomic insert-if-absent, safe across instances) and completed once it
 * is answered or queued durably; a claim never completed (the process died mid-turn) may be
 * taken again after RECLAIM_AFTER_MS, so the provider's retry is answered after all. A turn
 * that fails releases its claim at once.
 */
export class InboundReceipts {
  constructor(private readonly db: Db, private readonly reclaimAfterMs = RECLAIM_AFTER_MS) {}

  /** Whether this (provider, message id) was ever claimed. */
  async has(provider: string, messageId: string): Promise<boolean> {
    const rows = await this.db.select({ id: inboundReceipts.messageId }).from(inboundReceipts)
      .where(and(eq(inboundReceipts.provider, provider), eq(inboundReceipts.messageId, messageId))).limit(1);
    return rows.length === 1;
  }

  /**
   * 'new' the first time, 'retaken' when an earlier claim was lost with a crash (the message may
   * be stored already), false for a retry or replay of a message in hand or answered.
   */
  async claim(provider: string, messageId: string, now = new Date()): Promise<'new' | 'retaken' | false> {
    const rows = await this.claimStatement(provider, messageId, now);
    if (rows.length === 0) return false;
    return rows[0].inserted ? 'new' : 'retaken';
  }

  /**
   * `claim`, with the shopper's message recorded on their contact by the same statement
   * (`ContactBook.inboundRecord`): whether the address has opted out comes back with the claim.
   */
  async claimWith(provider: string, messageId: string, inboundRecord: SQLWrapper, now = new Date()): Promise<{ claimed: 'new' | 'retaken' | false; optedOut: boolean }> {
    const result = await this.db.execute(sql`with claim as (${this.claimStatement(provider, messageId, now).getSQL()}), contact as (${inboundRecord.getSQL()})
      select (select inserted from claim) as inserted, (select opted_out from contact) as opted_out`);
    const [row] = (result as unknown as { rows: { inserted: boolean | null; opted_out: boolean | null }[] }).rows;
    return { claimed: row.inserted === null ? false : row.inserted ? 'new' : 'retaken', optedOut: row.opted_out ?? false };
  }

  private claimStatement(provider: string, messageId: string, now: Date) {
    const lostBefore = new Date(now.getTime() - this.reclaimAfterMs);
    return this.db
      .insert(inboundReceipts)
      .values({ provider, messageId, receivedAt: now })
      .onConflictDoUpdate({
        target: [inboundReceipts.provider, inboundReceipts.messageId],
        set: { receivedAt: now },
        setWhere: and(isNull(inboundReceipts.completedAt), lt(inboundReceipts.receivedAt, lostBefore)),
      })
      // An inserted row has no xmax; a row taken over by the update has this transaction's.
      .returning({ id: inboundReceipts.messageId, inserted: sql<boolean>`(xmax = 0)`.as('inserted') });
  }

  /** The message is answered (or durably queued): it is never taken again. */
  async complete(provider: string, messageId: string): Promise<void> {
    await this.db.execute(this.completion(provider, messageId));
  }

  /**
   * `complete`, sent with the running turn's writes (src/store/turn-scope.ts) unless `dropped()`
   * says the turn's answer was dropped by then; false when no turn scope is open (the caller
   * completes it itself).
   */
  completeWithTurn(provider: string, messageId: string, dropped: () => boolean): boolean {
    return deferToTurn({
      statement: () => (dropped() ? undefined : this.completion(provider, messageId)),
    });
  }

  private completion(provider: string, messageId: string): SQL {
    return this.db.update(inboundReceipts).set({ completedAt: sql`now()` })
      .where(and(eq(inboundReceipts.provider, provider), eq(inboundReceipts.messageId, messageId))).getSQL();
  }

  /** The turn failed: let the provider's retry take the message at once. */
  async release(provider: string, messageId: string): Promise<void> {
    await this.db.delete(inboundReceipts)
      .where(and(eq(inboundReceipts.provider, provider), eq(inboundReceipts.messageId, messageId), isNull(inboundReceipts.completedAt)));
  }
}
