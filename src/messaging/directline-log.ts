import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Activity } from 'botbuilder';
import type { Db } from '../store/db';
import type { Signals } from '../store/signals';
import { asSql, deferToTurn, Shape, type LeadingWrite, type Statement } from '../store/turn-scope';
import { directlineActivities, directlineConversations } from '../store/schema';
import { freshClaim } from './receipts';

/** An activity as Direct Line clients receive it (server-set id, timestamp, conversation...). */
export type DirectLineActivity = Omit<Partial<Activity>, 'timestamp' | 'localTimestamp'> & {
  id: string;
  type: string;
  /** ISO-8601 strings on the wire and in the log. */
  timestamp?: string;
  localTimestamp?: string;
};

export interface StoredActivity {
  conversationId: string;
  /** The watermark of this activity: its position in the conversation (1, 2, 3...). */
  seq: number;
  activity: DirectLineActivity;
}

export const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Stores activities at a conversation's next positions, each id `<conversation id>|<position>`:
 * the body of a `WITH`, stored only when `gate` holds (an SQL condition; `true` for always).
 */
const appendAfter = (v: (name: string) => unknown, gate: SQL) => sql`next AS (
      UPDATE ${directlineConversations} SET last_position = last_position + ${v('n')} WHERE id = ${v('conversation')} AND ${gate}
      RETURNING last_position - ${v('n')} AS base
    )
    INSERT INTO ${directlineActivities} (conversation_id, position, activity)
    SELECT ${v('conversation')}, next.base + a.ord, a.activity || jsonb_build_object('id', ${v('conversation')} || '|' || lpad((next.base + a.ord)::text, 7, '0'))
    FROM next, jsonb_array_elements(${v('activities')}::jsonb) WITH ORDINALITY AS a(activity, ord)
    RETURNING position::text AS seq, activity`;

/** Stores activities at a conversation's next positions, in one statement. */
const APPEND = new Shape((v) => sql`WITH ${appendAfter(v, sql`true`)}`);

/**
 * The shopper's message stored only if its receipt (a client's name for it) is claimed by the
 * same statement: a message sent again finds the receipt taken and stores nothing.
 */
const APPEND_CLAIMED = new Shape((v) => sql`WITH claim AS (${freshClaim(v('provider'), v('receipt'))}), ${appendAfter(v, sql`EXISTS (SELECT 1 FROM claim)`)}`);

function appendStatement(conversationId: string, activities: Omit<DirectLineActivity, 'id'>[]): Statement {
  return APPEND.with({ n: activities.length, conversation: conversationId, activities: JSON.stringify(activities) });
}

function storedRows(conversationId: string, expected: number, rows: Record<string, unknown>[]): StoredActivity[] {
  if (rows.length !== expected) throw new Error(`no Direct Line conversation ${conversationId}`);
  return rows.map((row) => ({
    conversationId,
    seq: Number(row.seq),
    activity: typeof row.activity === 'string' ? (JSON.parse(row.activity) as DirectLineActivity) : (row.activity as DirectLineActivity),
  })).sort((a, b) => a.seq - b.seq);
}

export function newConversationId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/**
 * The Direct Line conversations and their activity log in PostgreSQL. The log is the
 * single source of truth: polling clients, WebSocket streams on any instance and
 * proactive messages all read and write here.
 */
export class ActivityStore {
  /** Conversations known to exist (they are never deleted), so a turn does not re-check its row. */
  private readonly known = new Set<string>();

  constructor(private readonly db: Db, private readonly signals?: Signals, private readonly knownLimit = 50_000) {}

  /** Whether stores are announced (`onStored`): streams then read when told, and poll only as a safety net. */
  get announced(): boolean {
    return this.signals !== undefined;
  }

  /**
   * Calls `listener` with the conversations whose activities any instance stored ("*": too many
   * to list), from the database's NOTIFY; the returned function stops it.
   */
  onStored(listener: (conversationIds: string[] | '*') => void): () => void {
    if (!this.signals) return () => undefined;
    return this.signals.listen('directline', (payload) => listener(payload === '*' ? '*' : payload.split(' ').filter(Boolean)));
  }

  /** Creates the conversation unless it exists; says which. */
  async openConversation(id: string, userId?: string): Promise<'created' | 'exists'> {
    if (this.known.has(id)) return 'exists';
    const inserted = await this.db
      .insert(directlineConversations)
      .values({ id, userId: userId ?? null })
      .onConflictDoNothing()
      .returning({ id: directlineConversations.id });
    this.remember(id);
    return inserted.length > 0 ? 'created' : 'exists';
  }

  async conversationExists(id: string): Promise<boolean> {
    if (this.known.has(id)) return true;
    const rows = await this.db.select({ id: directlineConversations.id }).from(directlineConversations).where(eq(directlineConversations.id, id)).limit(1);
    if (rows.length > 0) this.remember(id);
    return rows.length > 0;
  }

  private remember(id: string): void {
    if (this.known.size >= this.knownLimit) this.known.clear();
    this.known.add(id);
  }

  /** Stores one activity in one round trip, at the conversation's next position; its id is `<conversation id>|<position>`. */
  async append(conversationId: string, activity: Omit<DirectLineActivity, 'id'>): Promise<StoredActivity> {
    return (await this.appendMany(conversationId, [activity]))[0];
  }

  /**
   * Stores several activities at the conversation's next positions in one round trip (a turn's
   * replies, once the turn succeeded); each id is `<conversation id>|<position>`.
   */
  async appendMany(conversationId: string, activities: Omit<DirectLineActivity, 'id'>[]): Promise<StoredActivity[]> {
    if (activities.length === 0) return [];
    const result = await this.db.execute(asSql(appendStatement(conversationId, activities)));
    return storedRows(conversationId, activities.length, (result as unknown as { rows: Record<string, unknown>[] }).rows);
  }

  /**
   * The shopper's message as the turn's first write (src/store/turn-scope.ts LeadingWrite): the
   * bot's turn lock stores it in the turn's first round trip, or `now()` on its own. `stored` is
   * told its id and position as soon as it has them.
   */
  inboundWrite(
    conversationId: string,
    activity: Omit<DirectLineActivity, 'id'>,
    stored: (activity: StoredActivity) => void,
    /** The receipt to claim with it (`provider`, `receipt`): taken already, nothing is stored and the write is `declined`. */
    claim?: { provider: string; receipt: string },
  ): LeadingWrite & { readonly done: boolean } {
    let done = false;
    let declined = false;
    const take = (rows: Record<string, unknown>[]) => {
      if (claim && rows.length === 0) {
        declined = true;
        return;
      }
      done = true;
      stored(storedRows(conversationId, 1, rows)[0]);
    };
    const statement = (): Statement => (claim
      ? APPEND_CLAIMED.with({ provider: claim.provider, receipt: claim.receipt, n: 1, conversation: conversationId, activities: JSON.stringify([activity]) })
      : appendStatement(conversationId, [activity]));
    return {
      get done() {
        return done;
      },
      get declined() {
        return declined;
      },
      statement,
      written: take,
      now: async () => {
        if (!done && !declined) take((await this.db.execute(asSql(statement())) as unknown as { rows: Record<string, unknown>[] }).rows);
      },
    };
  }

  /**
   * Hands a turn's replies to the running turn's scope (src/store/turn-scope.ts): `activities` is
   * asked for them when the turn's writes are sent, and `stored` told what was stored after the
   * commit. False when no turn scope is open: the caller stores them itself.
   */
  appendWithTurn(conversationId: string, activities: () => Omit<DirectLineActivity, 'id'>[], stored: (activities: StoredActivity[]) => void): boolean {
    let count = 0;
    return deferToTurn({
      statement: () => {
        const list = activities();
        count = list.length;
        return count > 0 ? appendStatement(conversationId, list) : undefined;
      },
      written: (rows) => stored(storedRows(conversationId, count, rows)),
    });
  }

  /** The shopper's message the client sent with this clientActivityID (Web Chat's own id, kept on a retry). */
  async findUserMessage(conversationId: string, clientActivityId: string): Promise<DirectLineActivity | undefined> {
    const [row] = await this.db
      .select({ activity: directlineActivities.activity })
      .from(directlineActivities)
      .where(and(
        eq(directlineActivities.conversationId, conversationId),
        sql`${directlineActivities.activity}->'channelData'->>'clientActivityID' = ${clientActivityId}`,
        sql`${directlineActivities.activity}->'from'->>'role' = 'user'`,
      ))
      .orderBy(asc(directlineActivities.position))
      .limit(1);
    return row?.activity as DirectLineActivity | undefined;
  }

  /** Activities after a watermark, oldest first. */
  async after(conversationId: string, watermark: number, limit: number): Promise<StoredActivity[]> {
    const rows = await this.db
      .select({ seq: directlineActivities.position, activity: directlineActivities.activity })
      .from(directlineActivities)
      .where(and(eq(directlineActivities.conversationId, conversationId), gt(directlineActivities.position, watermark)))
      .orderBy(asc(directlineActivities.position))
      .limit(limit);
    return rows.map((r) => ({ conversationId, seq: r.seq, activity: r.activity as DirectLineActivity }));
  }

  /** One query for many conversations, each after its own watermark (the stream poller). */
  async afterEach(watermarks: Map<string, number>, limit: number): Promise<StoredActivity[]> {
    if (watermarks.size === 0) return [];
    const byWatermark = new Map<number, string[]>();
    for (const [id, w] of watermarks) byWatermark.set(w, [...(byWatermark.get(w) ?? []), id]);
    const conditions = [...byWatermark].map(([w, ids]) => and(inArray(directlineActivities.conversationId, ids), gt(directlineActivities.position, w)));
    const rows = await this.db
      .select({ conversationId: directlineActivities.conversationId, seq: directlineActivities.position, activity: directlineActivities.activity })
      .from(directlineActivities)
      .where(or(...conditions))
      .orderBy(asc(directlineActivities.position), asc(directlineActivities.seq))
      .limit(limit);
    return rows.map((r) => ({ conversationId: r.conversationId, seq: r.seq, activity: r.activity as DirectLineActivity }));
  }
}
