import { and, count, eq, gt } from 'drizzle-orm';
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
    const [byConversation, bySender] = await Promise.all([
      this.db.select({ n: count() }).from(verificationFailures).where(eq(verificationFailures.conversationId, conversationId)),
      this.db
        .select({ n: count() })
        .from(verificationFailures)
        .where(and(eq(verificationFailures.senderKey, senderKey), gt(verificationFailures.at, new Date(now.getTime() - SENDER_WINDOW_MS)))),
    ]);
    return Number(byConversation[0].n) >= this.max || Number(bySender[0].n) >= this.max;
  }
}
