import { eq, or, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { verificationFailures } from '../store/schema';

/** Contract §7: at most 4 failed attempts per conversation, or per sender identity within 24 h. */
export const MAX_FAILED_ATTEMPTS = 4;
const SENDER_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Counts failed verification attempts in PostgreSQL so the limit holds across instances
 * and across conversations of the same sender (never by IP address: shoppers share proxies).
 */
export class VerificationThrottle {
  constructor(private readonly db: Db, private readonly max = MAX_FAILED_ATTEMPTS) {}

  async recordFailure(conversationId: string, senderKey: string, at = new Date()): Promise<void> {
    await this.db.insert(verificationFailures).values({ conversationId, senderKey, at });
  }

  /** Locked once either count reaches the limit. */
  async isLocked(conversationId: string, senderKey: string, now = new Date()): Promise<boolean> {
    const since = new Date(now.getTime() - SENDER_WINDOW_MS);
    const [row] = await this.db
      .select({
        byConversation: sql<number>`count(*) filter (where ${verificationFailures.conversationId} = ${conversationId})`,
        bySender: sql<number>`count(*) filter (where ${verificationFailures.senderKey} = ${senderKey} and ${verificationFailures.at} > ${since})`,
      })
      .from(verificationFailures)
      .where(or(eq(verificationFailures.conversationId, conversationId), eq(verificationFailures.senderKey, senderKey)));
    return Number(row.byConversation) >= this.max || Number(row.bySender) >= this.max;
  }
}
