import { and, desc, eq, gt } from 'drizzle-orm';
import type { OrderInput } from '../orders/contract';
import type { Db } from '../store/db';
import { contacts, conversations, subscriptions } from '../store/schema';
import type { ConversationAddress, NoticeChannel } from '../vocabulary';

/** A web chat conversation counts as open this long after its last message. */
const WEBCHAT_OPEN_MS = 24 * 3_600_000;

export type Reach = { ok: true; address: ConversationAddress } | { ok: false; reason: 'opted_out' | 'no_consent' | 'no_address' | 'channel_off' };

/**
 * Where a shopper can be told about an order on one channel, and whether they may be:
 * - SMS, WhatsApp: the order's phone, never after STOP, and only with consent: the order says
 *   so (`customer.consent`), or the shopper wrote to us from that number, or asked for updates;
 * - Messenger: the shopper talked to us about this order there (the channel keeps its own
 *   window and tag rules);
 * - web chat: a conversation about this order that is still open (a message in the last 24 h);
 * - email: the order's email, unless the order says no (`customer.consent.email: false`).
 */
export class NoticeReach {
  constructor(private readonly deps: { db: Db; canDeliver: (channel: string) => boolean; now: () => Date }) {}

  async on(channel: NoticeChannel, order: OrderInput): Promise<Reach> {
    if (!this.deps.canDeliver(channel)) return { ok: false, reason: 'channel_off' };
    switch (channel) {
      case 'sms':
      case 'whatsapp':
        return this.phone(channel, order);
      case 'messenger':
        return this.conversation(channel, order.id);
      case 'webchat':
        return this.conversation(channel, order.id, new Date(this.deps.now().getTime() - WEBCHAT_OPEN_MS));
      case 'email': {
        if (order.customer.consent?.email === false) return { ok: false, reason: 'no_consent' };
        const email = order.customer.email;
        return { ok: true, address: { channel, conversationId: email, senderId: email } };
      }
    }
  }

  private async phone(channel: 'sms' | 'whatsapp', order: OrderInput): Promise<Reach> {
    const phone = order.customer.phone;
    if (!phone) return { ok: false, reason: 'no_address' };
    const [contact] = await this.deps.db.select().from(contacts).where(and(eq(contacts.channel, channel), eq(contacts.address, phone))).limit(1);
    if (contact?.optedOut) return { ok: false, reason: 'opted_out' };
    const asked = order.customer.consent?.[channel] === true || contact?.lastInboundAt != null
      || (await this.deps.db.select({ id: subscriptions.id }).from(subscriptions)
        .where(and(eq(subscriptions.channel, channel), eq(subscriptions.address, phone), eq(subscriptions.orderId, order.id))).limit(1)).length > 0;
    if (!asked) return { ok: false, reason: 'no_consent' };
    return { ok: true, address: { channel, conversationId: phone, senderId: phone } };
  }

  private async conversation(channel: 'messenger' | 'webchat', orderId: string, activeSince?: Date): Promise<Reach> {
    const [row] = await this.deps.db.select({ id: conversations.id, senderId: conversations.senderId }).from(conversations)
      .where(and(eq(conversations.channel, channel), eq(conversations.linkedOrderId, orderId), ...(activeSince ? [gt(conversations.updatedAt, activeSince)] : [])))
      .orderBy(desc(conversations.updatedAt)).limit(1);
    if (!row) return { ok: false, reason: 'no_address' };
    return { ok: true, address: { channel, conversationId: row.id.slice(channel.length + 1), senderId: row.senderId } };
  }
}

/** The order of reasons when no channel could be used: the most telling one is reported. */
export function strongestReason(reasons: string[]): string {
  for (const r of ['opted_out', 'no_consent', 'no_address', 'channel_off']) if (reasons.includes(r)) return r === 'channel_off' || r === 'no_address' ? 'no_channel' : r;
  return 'no_channel';
}
