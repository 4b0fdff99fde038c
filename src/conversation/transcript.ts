import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { conversations, messages } from '../store/schema';
import { Shape, writeWithTurn } from '../store/turn-scope';
import type { Intent, Lang, OrderStage } from '../vocabulary';
import type { FactSheetRef } from '../vocabulary/fact-sheet';

export interface TranscriptEntry {
  /** 'in' from the shopper, 'out' from the bot, 'agent' from a person. */
  direction: 'in' | 'out' | 'agent';
  text: string;
  intent?: Intent;
  orderId?: string;
  language?: Lang;
  facts?: FactSheetRef;
  /** A bot reply's kind and, for an order answer, the order's stage (OutboundReply). */
  kind?: string;
  stage?: OrderStage;
  at: Date;
}

/** A turn's conversation row and messages, in one statement. */
const SAVE_TURN = new Shape((v) => sql`
  WITH conv AS (
    INSERT INTO ${conversations} (id, channel, sender_id, linked_order_id, language, handoff)
    VALUES (${v('key')}, ${v('channel')}, ${v('sender')}, ${v('linked')}, ${v('language')}, ${v('handoff')})
    ON CONFLICT (id) DO UPDATE SET linked_order_id = excluded.linked_order_id, language = excluded.language,
      handoff = excluded.handoff, updated_at = now()
    RETURNING id)
  INSERT INTO ${messages} (conversation_id, direction, channel, sender_id, text, intent, order_id, language, facts, reply_kind, order_stage, created_at)
  SELECT conv.id, m.direction, ${v('channel')}, ${v('sender')}, m.text, m.intent, m.order_id, m.language, m.facts, m.reply_kind, m.order_stage, m.created_at
  FROM conv, jsonb_to_recordset(${v('rows')}::jsonb)
    AS m(direction text, text text, intent text, order_id text, language text, facts jsonb, reply_kind text, order_stage text, created_at timestamptz)`);

/** Every inbound and outbound message, stored with its conversation. */
export class TranscriptStore {
  constructor(private readonly db: Db) {}

  static key(channel: string, conversationId: string): string {
    return `${channel}:${conversationId}`;
  }

  /**
   * A turn's bookkeeping in one round trip: the conversation row (created on its first
   * message, its link, language and handoff flag kept current) and the turn's messages; sent
   * with the turn's other writes when the turn runs in a scope (src/store/turn-scope.ts).
   */
  async saveTurn(key: string, channel: string, senderId: string, state: { linkedOrderId?: string; language?: Lang; handoff?: boolean }, entries: TranscriptEntry[]): Promise<void> {
    const rows = entries.map((e) => ({
      direction: e.direction, text: e.text, intent: e.intent ?? null, order_id: e.orderId ?? null,
      language: e.language ?? null, facts: e.facts ?? null, reply_kind: e.kind ?? null, order_stage: e.stage ?? null, created_at: e.at.toISOString(),
    }));
    await writeWithTurn(this.db, {
      statement: () => SAVE_TURN.with({
        key, channel, sender: senderId, linked: state.linkedOrderId ?? null, language: state.language ?? null, handoff: state.handoff ?? false, rows: JSON.stringify(rows),
      }),
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
