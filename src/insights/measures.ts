import { sql, type SQL } from 'drizzle-orm';
import { maskPii } from '../log/logger';
import type { Db } from '../store/db';
import { cases, conversations, messages, proactiveNotices } from '../store/schema';

/** What the measures are grouped by. */
export const INSIGHT_GROUPS = ['day', 'channel', 'language', 'intent'] as const;
export type InsightGroup = (typeof INSIGHT_GROUPS)[number];

/** Shopper intents that ask where an order is (WISMO). */
export const WISMO_INTENTS = ['order_status', 'delivery_problem', 'subscribe_updates'] as const;
/** Bot replies that ask for or check the details of an order (verification was needed). */
const VERIFICATION_REPLIES = ['ask_verification', 'verification_failed', 'verification_locked', 'other_order_needs_verification', 'ask_order_number', 'ask_order_number_for_details'];
/** Bot replies that did not understand the shopper. */
const FALLBACK_REPLIES = ['fallback_rephrase', 'fallback_offer_human'];
/** Intents that say nothing of what the conversation is about. */
const NEUTRAL_INTENTS = ['greeting', 'thanks', 'provide_details'];
const REPEAT_HOURS = 72;
/** A notified (or held-out) order counts as contacted when a conversation about it starts this many days after the detection. */
const CONTACT_DAYS = 7;

export interface InsightQuery {
  from: Date;
  to: Date;
  groupBy: InsightGroup;
  channel?: string;
  language?: string;
  timeZone: string;
  costPerContact: number;
}

export interface Measures {
  conversations: number;
  wismoConversations: number;
  wismoShare: number | null;
  /** Conversations linked to a verified order. */
  orderConversations: number;
  automatedResolutions: number;
  automatedResolutionRate: number | null;
  handoffs: number;
  handoffRate: number | null;
  verificationNeeded: number;
  verified: number;
  verificationSuccessRate: number | null;
  lockouts: number;
  preShipmentQuestions: number;
  inTransitQuestions: number;
  deliveredQuestions: number;
  medianFirstAnswerMs: number | null;
  p90FirstAnswerMs: number | null;
  repeatContacts: number;
  estimatedSaving: number;
}

export interface Insights {
  totals: Measures;
  groups: { key: string; measures: Measures }[];
  handoffReasons: { reason: string; count: number; caseIds: number[] }[];
  unanswered: { text: string; count: number; lastAt: string; conversationIds: string[] }[];
  notices: {
    sent: number;
    /** Orders with a detection, by what became of the notice, and how many of them contacted the shop within 7 days. */
    notified: { orders: number; contacted: number; rate: number | null };
    holdout: { orders: number; contacted: number; rate: number | null };
  };
}

interface ConvRow {
  key: string;
  conversations: number;
  wismo: number;
  order_convs: number;
  automated: number;
  handoffs: number;
  verification_needed: number;
  verified: number;
  lockouts: number;
  pre_shipment: number;
  in_transit: number;
  delivered: number;
  median_ms: number | null;
  p90_ms: number | null;
  repeats: number;
}

/**
 * The merchant's measures, computed in SQL from what is stored (conversations, their
 * messages with intents and reply kinds, cases, notices): no second copy of the truth. Every
 * definition is in the README ("Insights"). Conversations count in the period they started in.
 */
export class InsightsQueries {
  constructor(private readonly db: Db) {}

  async compute(q: InsightQuery): Promise<Insights> {
    const [groups, totals] = await Promise.all([this.conversationMeasures(q, q.groupBy), this.conversationMeasures(q, undefined)]);
    return {
      totals: measuresOf(totals[0], q.costPerContact),
      groups: groups.map((r) => ({ key: r.key, measures: measuresOf(r, q.costPerContact) })),
      handoffReasons: await this.handoffReasons(q),
      unanswered: await this.unanswered(q),
      notices: await this.notices(q),
    };
  }

  /** One row per group (or one row for all) of the conversation measures. */
  private async conversationMeasures(q: InsightQuery, groupBy: InsightGroup | undefined): Promise<ConvRow[]> {
    const key: SQL = groupBy === 'day' ? sql`to_char(c.created_at at time zone ${q.timeZone}, 'YYYY-MM-DD')`
      : groupBy === 'channel' ? sql`c.channel`
      : groupBy === 'language' ? sql`coalesce(c.language, 'unknown')`
      : groupBy === 'intent' ? sql`coalesce(c.topic, 'none')`
      : sql`'all'`;
    const result = await this.db.execute(sql`
      with conv as (
        select c.id, c.channel, c.language, c.linked_order_id, c.created_at,
          (select m.intent from ${messages} m where m.conversation_id = c.id and m.direction = 'in' and m.intent is not null
             order by (m.intent in (${sql.join(NEUTRAL_INTENTS.map((i) => sql`${i}`), sql`, `)})), m.id limit 1) as topic,
          (select max(m.created_at) from ${messages} m where m.conversation_id = c.id) as last_at,
          exists (select 1 from ${messages} m where m.conversation_id = c.id and m.direction = 'in'
             and m.intent in (${sql.join(WISMO_INTENTS.map((i) => sql`${i}`), sql`, `)})) as wismo,
          exists (select 1 from ${cases} k where k.conversation_key = c.id) as handed_off,
          exists (select 1 from ${messages} m where m.conversation_id = c.id and m.reply_kind in (${sql.join(VERIFICATION_REPLIES.map((r) => sql`${r}`), sql`, `)})) as asked,
          (exists (select 1 from ${messages} m where m.conversation_id = c.id and m.reply_kind = 'verification_locked')
            or exists (select 1 from ${cases} k where k.conversation_key = c.id and k.reason = 'verification_lockout')) as locked,
          (select count(*) from ${messages} m where m.conversation_id = c.id and m.order_stage = 'pre_shipment') as pre_shipment,
          (select count(*) from ${messages} m where m.conversation_id = c.id and m.order_stage = 'in_transit') as in_transit,
          (select count(*) from ${messages} m where m.conversation_id = c.id and m.order_stage = 'delivered') as delivered,
          (select extract(epoch from (min(o.created_at) - min(i.created_at))) * 1000
             from ${messages} i, ${messages} o
             where i.conversation_id = c.id and i.direction = 'in' and o.conversation_id = c.id and o.direction = 'out' and o.created_at >= i.created_at) as first_answer_ms
        from ${conversations} c
        where c.created_at >= ${q.from.toISOString()}::timestamptz and c.created_at < ${q.to.toISOString()}::timestamptz
          ${q.channel ? sql`and c.channel = ${q.channel}` : sql``}
          ${q.language ? sql`and c.language = ${q.language}` : sql``}
      ), judged as (
        select conv.*,
          -- Another conversation about the same order within 72 h after this one's last message.
          (conv.linked_order_id is not null and exists (select 1 from ${conversations} l where l.linked_order_id = conv.linked_order_id and l.id <> conv.id
             and l.created_at > conv.created_at and l.created_at <= coalesce(conv.last_at, conv.created_at) + make_interval(hours => ${REPEAT_HOURS}))) as followed_up,
          -- This one came within 72 h of an earlier conversation about the same order.
          (conv.linked_order_id is not null and exists (select 1 from ${conversations} e where e.linked_order_id = conv.linked_order_id and e.id <> conv.id
             and e.created_at < conv.created_at and e.created_at >= conv.created_at - make_interval(hours => ${REPEAT_HOURS}))) as repeat_contact
        from conv
      )
      select ${key} as key,
        count(*)::int as conversations,
        count(*) filter (where c.wismo)::int as wismo,
        count(*) filter (where c.linked_order_id is not null)::int as order_convs,
        count(*) filter (where c.linked_order_id is not null and not c.handed_off and not c.followed_up)::int as automated,
        count(*) filter (where c.handed_off)::int as handoffs,
        count(*) filter (where c.asked or c.linked_order_id is not null)::int as verification_needed,
        count(*) filter (where c.linked_order_id is not null)::int as verified,
        count(*) filter (where c.locked)::int as lockouts,
        coalesce(sum(c.pre_shipment), 0)::int as pre_shipment,
        coalesce(sum(c.in_transit), 0)::int as in_transit,
        coalesce(sum(c.delivered), 0)::int as delivered,
        percentile_cont(0.5) within group (order by c.first_answer_ms) as median_ms,
        percentile_cont(0.9) within group (order by c.first_answer_ms) as p90_ms,
        count(*) filter (where c.repeat_contact)::int as repeats
      from judged c
      group by 1 order by 1`);
    const rows = (result as unknown as { rows: ConvRow[] }).rows;
    if (!groupBy && rows.length === 0) return [emptyRow()];
    return rows;
  }

  /** Cases opened in the period by reason, most frequent first, with the newest case ids to open. */
  private async handoffReasons(q: InsightQuery): Promise<Insights['handoffReasons']> {
    const result = await this.db.execute(sql`
      select k.reason, count(*)::int as count, (array_agg(k.id order by k.created_at desc))[1:10] as case_ids
      from ${cases} k
      where k.created_at >= ${q.from.toISOString()}::timestamptz and k.created_at < ${q.to.toISOString()}::timestamptz
        ${q.channel ? sql`and k.channel = ${q.channel}` : sql``}
        ${q.language ? sql`and k.language = ${q.language}` : sql``}
      group by k.reason order by count(*) desc, k.reason`);
    return (result as unknown as { rows: { reason: string; count: number; case_ids: number[] }[] }).rows
      .map((r) => ({ reason: r.reason, count: r.count, caseIds: r.case_ids.map(Number) }));
  }

  /**
   * What the bot did not understand: shopper messages of intent `other`, or answered with a
   * fallback, grouped by their words (case, digits, punctuation and spacing aside), emails and
   * phone numbers masked, most frequent first.
   */
  private async unanswered(q: InsightQuery): Promise<Insights['unanswered']> {
    const result = await this.db.execute(sql`
      with missed as (
        select i.conversation_id, i.text, i.created_at,
          trim(regexp_replace(regexp_replace(lower(i.text), '[0-9]+', '#', 'g'), '[[:punct:][:space:]]+', ' ', 'g')) as words
        from ${messages} i join ${conversations} c on c.id = i.conversation_id
        where i.direction = 'in' and i.created_at >= ${q.from.toISOString()}::timestamptz and i.created_at < ${q.to.toISOString()}::timestamptz
          ${q.channel ? sql`and c.channel = ${q.channel}` : sql``}
          ${q.language ? sql`and c.language = ${q.language}` : sql``}
          and (i.intent = 'other' or exists (select 1 from ${messages} o where o.conversation_id = i.conversation_id and o.direction = 'out'
            and o.id > i.id and o.reply_kind in (${sql.join(FALLBACK_REPLIES.map((r) => sql`${r}`), sql`, `)})
            and not exists (select 1 from ${messages} n where n.conversation_id = i.conversation_id and n.direction = 'in' and n.id > i.id and n.id < o.id)))
      )
      select words, count(*)::int as count, max(created_at) as last_at,
        (array_agg(text order by created_at desc))[1] as example, (array_agg(distinct conversation_id))[1:5] as conversation_ids
      from missed where words <> '' group by words order by count(*) desc, max(created_at) desc limit 20`);
    return (result as unknown as { rows: { count: number; last_at: string | Date; example: string; conversation_ids: string[] }[] }).rows
      .map((r) => ({ text: maskPii(r.example).slice(0, 300), count: r.count, lastAt: new Date(r.last_at).toISOString(), conversationIds: r.conversation_ids }));
  }

  /** Notices sent in the period; and, for orders with a detection in it, how often the notified and the held-out shoppers contacted the shop. */
  private async notices(q: InsightQuery): Promise<Insights['notices']> {
    const result = await this.db.execute(sql`
      with per_order as (
        select n.order_id, min(n.detected_at) as first_detected,
          bool_or(n.state in ('sent', 'delivered')) as notified, bool_or(n.state = 'suppressed' and n.reason = 'holdout') as held_out
        from ${proactiveNotices} n where n.detected_at >= ${q.from.toISOString()}::timestamptz and n.detected_at < ${q.to.toISOString()}::timestamptz
        group by n.order_id
      ), contacted as (
        select p.*, exists (select 1 from ${conversations} c where c.linked_order_id = p.order_id and c.created_at >= p.first_detected
          and c.created_at < p.first_detected + make_interval(days => ${CONTACT_DAYS})
          and exists (select 1 from ${messages} m where m.conversation_id = c.id and m.direction = 'in')) as contacted
        from per_order p
      )
      select
        (select count(*) from ${proactiveNotices} n where n.sent_at >= ${q.from.toISOString()}::timestamptz and n.sent_at < ${q.to.toISOString()}::timestamptz
          ${q.channel ? sql`and n.channel = ${q.channel}` : sql``} ${q.language ? sql`and n.language = ${q.language}` : sql``})::int as sent,
        count(*) filter (where notified and not held_out)::int as notified_orders,
        count(*) filter (where notified and not held_out and contacted)::int as notified_contacted,
        count(*) filter (where held_out)::int as holdout_orders,
        count(*) filter (where held_out and contacted)::int as holdout_contacted
      from contacted`);
    const r = (result as unknown as { rows: Record<string, number>[] }).rows[0];
    const share = (a: number, b: number) => (b > 0 ? round(a / b) : null);
    return {
      sent: r.sent,
      notified: { orders: r.notified_orders, contacted: r.notified_contacted, rate: share(r.notified_contacted, r.notified_orders) },
      holdout: { orders: r.holdout_orders, contacted: r.holdout_contacted, rate: share(r.holdout_contacted, r.holdout_orders) },
    };
  }
}

function emptyRow(): ConvRow {
  return {
    key: 'all', conversations: 0, wismo: 0, order_convs: 0, automated: 0, handoffs: 0, verification_needed: 0, verified: 0, lockouts: 0,
    pre_shipment: 0, in_transit: 0, delivered: 0, median_ms: null, p90_ms: null, repeats: 0,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function measuresOf(r: ConvRow, costPerContact: number): Measures {
  const share = (a: number, b: number) => (b > 0 ? round(a / b) : null);
  const ms = (v: number | string | null) => (v === null ? null : Math.round(Number(v)));
  return {
    conversations: r.conversations,
    wismoConversations: r.wismo,
    wismoShare: share(r.wismo, r.conversations),
    orderConversations: r.order_convs,
    automatedResolutions: r.automated,
    automatedResolutionRate: share(r.automated, r.order_convs),
    handoffs: r.handoffs,
    handoffRate: share(r.handoffs, r.conversations),
    verificationNeeded: r.verification_needed,
    verified: r.verified,
    verificationSuccessRate: share(r.verified, r.verification_needed),
    lockouts: r.lockouts,
    preShipmentQuestions: r.pre_shipment,
    inTransitQuestions: r.in_transit,
    deliveredQuestions: r.delivered,
    medianFirstAnswerMs: ms(r.median_ms),
    p90FirstAnswerMs: ms(r.p90_ms),
    repeatContacts: r.repeats,
    estimatedSaving: Math.round(r.automated * costPerContact * 100) / 100,
  };
}
