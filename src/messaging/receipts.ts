import { and, eq } from 'drizzle-orm';
import type { Db } from '../store/db';
import { inboundReceipts } from '../store/schema';

/**
 * Webhook idempotency: providers retry, so each provider message id is taken once,
 * with an atomic insert-if-absent (safe across instances).
 */
export class InboundReceipts {
  constructor(private readonly db: Db) {}

  /** True the first time this (provider, message id) is seen, false for a retry or replay. */
  async has(provider: string, messageId: string): Promise<boolean> {
    const rows = await this.db.select({ id: inboundReceipts.messageId }).from(inboundReceipts)
      .where(and(eq(inboundReceipts.provider, provider), eq(inboundReceipts.messageId, messageId))).limit(1);
    return rows.length === 1;
  }

  async claim(provider: string, messageId: string): Promise<boolean> {
    const rows = await this.db.insert(inboundReceipts).values({ provider, messageId }).onConflictDoNothing().returning({ id: inboundReceipts.messageId });
    return rows.length === 1;
  }
}
