import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { deliveryEvents, outboundMessages } from '../store/schema';
import { coalesced, insertJsonRows } from '../store/bulk';

/** Status order, so a late callback never moves a message backwards. */
const RANK: Record<string, number> = {
  pending: 0, accepted: 1, queued: 1, scheduled: 1, sending: 2, sent: 3, delivered: 4, read: 5,
  undelivered: 4, failed: 4, canceled: 4, partially_delivered: 4,
};

export interface SentMessage { provider: string; providerMessageId?: string; channel: string; address: string; conversationKey?: string; status: string; errorCode?: string; attempts: number }

/** Outbound messages and their delivery status callbacks (deduped, never backwards). */
export class DeliveryLog {
  constructor(private readonly db: Db) {}

  /** Logs a message sent (or given up); concurrent calls (a batch of notices) share one statement. */
  recordSent(m: SentMessage): Promise<void> {
    return this.logSent(m);
  }

  private readonly logSent = coalesced<SentMessage, void>(async (list) => {
    await this.db.execute(insertJsonRows(outboundMessages, list.map((m) => ({
      provider: m.provider, provider_message_id: m.providerMessageId ?? null, channel: m.channel, address: m.address,
      conversation_key: m.conversationKey ?? null, status: m.status, error_code: m.errorCode ?? null, attempts: m.attempts,
    })), { provider: 'text', provider_message_id: 'text', channel: 'text', address: 'text', conversation_key: 'text', status: 'text', error_code: 'text', attempts: 'integer' }));
    return list.map(() => undefined);
  });

  /** Records a status callback; false when this (message, status) was already recorded. */
  async recordStatus(provider: string, providerMessageId: string, status: string, errorCode?: string, at = new Date()): Promise<boolean> {
    const inserted = await this.db.insert(deliveryEvents).values({ provider, providerMessageId, status, errorCode: errorCode ?? null, at }).onConflictDoNothing().returning({ s: deliveryEvents.status });
    if (inserted.length === 0) return false;
    const rank = RANK[status] ?? 0;
    await this.db
      .update(outboundMessages)
      .set({ status, errorCode: errorCode ?? null, updatedAt: at })
      .where(and(
        eq(outboundMessages.provider, provider),
        eq(outboundMessages.providerMessageId, providerMessageId),
        sql`(CASE ${outboundMessages.status} ${sql.raw(Object.entries(RANK).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' '))} ELSE 0 END) <= ${rank}`,
      ));
    return true;
  }

  async statusOf(provider: string, providerMessageId: string): Promise<{ status: string; errorCode?: string } | undefined> {
    const rows = await this.db.select().from(outboundMessages).where(and(eq(outboundMessages.provider, provider), eq(outboundMessages.providerMessageId, providerMessageId))).limit(1);
    return rows[0] ? { status: rows[0].status, errorCode: rows[0].errorCode ?? undefined } : undefined;
  }
}
