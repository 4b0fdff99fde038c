import { sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { contacts } from '../store/schema';
import { coalesced, jsonRows } from '../store/bulk';

/**
 * What we know of a shopper's address on a messaging channel: notification consent
 * (STOP/START, provider opt-out errors) and the last inbound message (24-hour windows).
 */
export class ContactBook {
  constructor(private readonly db: Db) {}

  /** Records a message from the shopper (the 24-hour windows). */
  async recordInbound(channel: string, address: string, at = new Date()): Promise<void> {
    await this.inboundRecord(channel, address, at);
  }

  /** `recordInbound`'s statement, returning `opted_out` (to be sent with another: `InboundReceipts.claimWith`). */
  inboundRecord(channel: string, address: string, at = new Date()) {
    return this.db
      .insert(contacts)
      .values({ channel, address, lastInboundAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [contacts.channel, contacts.address],
        set: { lastInboundAt: sql`GREATEST(${contacts.lastInboundAt}, excluded.last_inbound_at)`, updatedAt: at },
      })
      .returning({ optedOut: contacts.optedOut });
  }

  async setOptedOut(channel: string, address: string, optedOut: boolean, at = new Date()): Promise<void> {
    await this.db
      .insert(contacts)
      .values({ channel, address, optedOut, optedOutAt: optedOut ? at : null, updatedAt: at })
      .onConflictDoUpdate({
        target: [contacts.channel, contacts.address],
        set: { optedOut, optedOutAt: optedOut ? at : null, updatedAt: at },
      });
  }

  /** One contact; concurrent calls (a batch of notices) share one statement. */
  get(channel: string, address: string): Promise<{ optedOut: boolean; lastInboundAt?: Date } | undefined> {
    return this.read({ channel, address });
  }

  private readonly read = coalesced<{ channel: string; address: string }, { optedOut: boolean; lastInboundAt?: Date } | undefined>(async (keys) => {
    const rows = await this.db.select({ channel: contacts.channel, address: contacts.address, optedOut: contacts.optedOut, lastInboundAt: contacts.lastInboundAt }).from(contacts)
      .where(sql`(${contacts.channel}, ${contacts.address}) in (select channel, address from ${jsonRows(keys, 'channel text, address text')})`);
    const found = new Map(rows.map((r) => [`${r.channel}\u0000${r.address}`, { optedOut: r.optedOut, lastInboundAt: r.lastInboundAt ?? undefined }]));
    return keys.map((k) => found.get(`${k.channel}\u0000${k.address}`));
  });

  /** Whether a free-form message may be sent now (within `windowMs` of the shopper's last message). */
  async withinWindow(channel: string, address: string, windowMs: number, now = new Date()): Promise<boolean> {
    const c = await this.get(channel, address);
    return !!c?.lastInboundAt && now.getTime() - c.lastInboundAt.getTime() < windowMs;
  }
}
