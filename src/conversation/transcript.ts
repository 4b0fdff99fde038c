import { asc, eq } from 'drizzle-orm';
import type { Db } from '../store/db';
import { conversations, messages } from '../store/schema';
import type { FactSheetRef } from './fact-ref';

export interface TranscriptEntry {
  /** 'in' from the shopper, 'out' from the bot, 'agent' from a person. */
  direction: 'in' | 'out' | 'agent';
  text: string;
  intent?: string;
  orderId?: string;
  language?: string;
  facts?: FactSheetRef;
  at: Date;
}

/** Every inbound and outbound message, stored with its conversation. */
export class TranscriptStore {
  constructor(private readonly db: Db) {}

  static key(channel: string, conversationId: string): string {
    return `${channel}:${conversationId}`;
  }

  /** Creates the conversation on its first message; keeps its link, language and handoff flag current. */
  async touch(key: string, channel: string, senderId: string, state: { linkedOrderId?: string; language?: string; handoff?: boolean }): Promise<void> {
    const now = new Date();
    await this.db
      .insert(conversations)
      .values({ id: key, channel, senderId, linkedOrderId: state.linkedOrderId ?? null, language: state.language ?? null, handoff: state.handoff ?? false })
      .onConflictDoUpdate({
        target: conversations.id,
        set: { linkedOrderId: state.linkedOrderId ?? null, language: state.language ?? null, handoff: state.handoff ?? false, updatedAt: now },
      });
  }

  async record(key: string, channel: string, senderId: string, entries: TranscriptEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.insert(messages).values(
      entries.map((e) => ({
        conversationId: key,
        direction: e.direction,
        channel,
        senderId,
        text: e.text,
        intent: e.intent ?? null,
        orderId: e.orderId ?? null,
        language: e.language ?? null,
        facts: e.facts ?? null,
        createdAt: e.at,
      })),
    );
  }

  async transcript(key: string): Promise<TranscriptEntry[]> {
    const rows = await this.db.select().from(messages).where(eq(messages.conversationId, key)).orderBy(asc(messages.id));
    return rows.map((r) => ({
      direction: r.direction as TranscriptEntry['direction'],
      text: r.text,
      intent: r.intent ?? undefined,
      orderId: r.orderId ?? undefined,
      language: r.language ?? undefined,
      facts: (r.facts as FactSheetRef | null) ?? undefined,
      at: r.createdAt,
    }));
  }
}
