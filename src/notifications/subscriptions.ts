import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../store/db';
import { conversations, subscriptions } from '../store/schema';
import { writeWithTurn } from '../store/turn-scope';

export interface Subscription {
  conversationKey: string;
  channel: string;
  /** The shopper's id on the channel (phone number, PSID, Direct Line user id). */
  address: string;
  orderId: string;
  /** The conversation's language, for the update's wording. */
  language?: string;
}

/** Shoppers who asked to be told when an order changes ("text me when it's delivered"). */
export class SubscriptionStore {
  constructor(private readonly db: Db) {}

  /** With the turn's writes when a turn runs (a shopper asked in a message), else now. */
  async add(s: Omit<Subscription, 'language'>): Promise<void> {
    await writeWithTurn(this.db, { statement: () => this.db.insert(subscriptions).values(s).onConflictDoNothing().getSQL() });
  }

  /** Every subscription of the conversation, with the turn's writes when a turn runs, else now. */
  async removeAll(conversationKey: string): Promise<void> {
    await writeWithTurn(this.db, { statement: () => this.db.delete(subscriptions).where(eq(subscriptions.conversationKey, conversationKey)).getSQL() });
  }

  async remove(conversationKey: string, orderId: string): Promise<void> {
    await this.db.delete(subscriptions).where(and(eq(subscriptions.conversationKey, conversationKey), eq(subscriptions.orderId, orderId)));
  }

  async forOrders(orderIds: string[]): Promise<Subscription[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db
      .select({ conversationKey: subscriptions.conversationKey, channel: subscriptions.channel, address: subscriptions.address, orderId: subscriptions.orderId, language: conversations.language })
      .from(subscriptions)
      .leftJoin(conversations, eq(conversations.id, subscriptions.conversationKey))
      .where(inArray(subscriptions.orderId, orderIds));
    return rows.map((r) => ({ ...r, language: r.language ?? undefined }));
  }
}
