import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { OrderInput } from '../orders/contract';
import type { Db } from '../store/db';
import { jsonList } from '../store/bulk';
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

  /** Each order's reach on one channel, in a few statements whatever the number of orders (dispatch decides in batches). */
  async onMany(channel: NoticeChannel, list: OrderInput[]): Promise<Map<string, Reach>> {
    if (list.length === 0) return new Map();
    if (!this.deps.canDeliver(channel)) return new Map(list.map((o) => [o.id, { ok: false, reason: 'channel_off' }]));
    switch (channel) {
      case 'sms':
      case 'whatsapp':
        return this.phones(channel, list);
      case 'messenger':
        return this.conversations(channel, list);
      case 'webchat':
        return this.conversations(channel, list, new Date(this.deps.now().getTime() - WEBCHAT_OPEN_MS));
      case 'email':
        return new Map(list.map((o): [string, Reach] => {
          if (o.customer.consent?.email === false) return [o.id, { ok: false, reason: 'no_consent' }];
          const email = o.customer.email;
          return [o.id, { ok: true, address: { channel, conversationId: email, senderId: email } }];
        }));
    }
  }

  private async phones(channel: 'sms' | 'whatsapp', list: OrderInput[]): Promise<Map<string, Reach>> {
    const numbers = [...new Set(list.flatMap((o) => (o.customer.phone ? [o.customer.phone] : [])))];
    const known = numbers.length === 0 ? [] : await this.deps.db.select({ address: contacts.address, optedOut: contacts.optedOut, lastInboundAt: contacts.lastInboundAt })
      .from(contacts).where(and(eq(contacts.channel, channel), sql`${contacts.address} = any(${jsonList(numbers)})`));
    const contactOf = new Map(known.map((c) => [c.address, c]));
    // Subscriptions are read only for the orders that nothing else gave consent.
    const unsure = list.filter((o) => o.customer.phone && !contactOf.get(o.customer.phone)?.optedOut
      && o.customer.consent?.[channel] !== true && contactOf.get(o.customer.phone)?.lastInboundAt == null);
    const subscribed = unsure.length === 0 ? [] : await this.deps.db.select({ orderId: subscriptions.orderId, address: subscriptions.address }).from(subscriptions)
      .where(and(eq(subscriptions.channel, channel), sql`${subscriptions.orderId} = any(${jsonList(unsure.map((o) => o.id))})`));
    const asked = new Set(subscribed.map((s) => `${s.orderId}\u0000${s.address}`));
    return new Map(list.map((o): [string, Reach] => {
      const phone = o.customer.phone;
      if (!phone) return [o.id, { ok: false, reason: 'no_address' }];
      const contact = contactOf.get(phone);
      if (contact?.optedOut) return [o.id, { ok: false, reason: 'opted_out' }];
      const consented = o.customer.consent?.[channel] === true || contact?.lastInboundAt != null || asked.has(`${o.id}\u0000${phone}`);
      if (!consented) return [o.id, { ok: false, reason: 'no_consent' }];
      return [o.id, { ok: true, address: { channel, conversationId: phone, senderId: phone } }];
    }));
  }

  /** The newest conversation on the channel linked to each order (web chat: still open). */
  private async conversations(channel: 'messenger' | 'webchat', list: OrderInput[], activeSince?: Date): Promise<Map<string, Reach>> {
    const rows = await this.deps.db.selectDistinctOn([conversations.linkedOrderId], { orderId: conversations.linkedOrderId, id: conversations.id, senderId: conversations.senderId })
      .from(conversations)
      .where(and(eq(conversations.channel, channel), sql`${conversations.linkedOrderId} = any(${jsonList(list.map((o) => o.id))})`,
        ...(activeSince ? [gt(conversations.updatedAt, activeSince)] : [])))
      .orderBy(conversations.linkedOrderId, desc(conversations.updatedAt));
    const byOrder = new Map(rows.map((r) => [r.orderId, r]));
    return new Map(list.map((o): [string, Reach] => {
      const row = byOrder.get(o.id);
      return [o.id, row ? { ok: true, address: { channel, conversationId: row.id.slice(channel.length + 1), senderId: row.senderId } } : { ok: false, reason: 'no_address' }];
    }));
  }
}

/** The order of reasons when no channel could be used: the most telling one is reported. */
export function strongestReason(reasons: string[]): string {
  for (const r of ['opted_out', 'no_consent', 'no_address', 'channel_off']) if (reasons.includes(r)) return r === 'channel_off' || r === 'no_address' ? 'no_channel' : r;
  return 'no_channel';
}
