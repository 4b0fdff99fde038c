import crypto from 'node:crypto';
import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import type { Knowledge } from '../knowledge/schema';
import type { OrderRepository } from '../orders/repository';
import type { Order } from '../orders/types';
import type { AnswerPort } from '../conversation/ports';
import type { JobQueue } from '../queue';
import type { Db } from '../store/db';
import { conversations, messages, proactiveNotices } from '../store/schema';
import { insertJsonRows, jsonList, jsonRows } from '../store/bulk';
import type { OrderInput } from '../orders/contract';
import {
  languageOfLocale, NOTICE_CHANNELS, SETTLED_TRACKING_STATUSES, type ConversationAddress, type DeliveryResult, type Lang, type NoticeChannel, type NoticeKind, type ProactiveMessage,
} from '../vocabulary';
import { noticeOpening } from './wording';
import { memo } from '../knowledge/memo';
import { detectionKey } from './detection';
import { strongestReason, type NoticeReach } from './reach';
import { outsideQuietHours, shopperTimeZone } from './shopper-time';
import { noticeReport, type NoticeReportRow } from './report';

/** Notices looked at per dispatch round. */
const DISPATCH_BATCH = 500;
/** At most this many notices per send job (fewer when the channel's rate is lower). */
const SEND_BATCH = 50;
/** Sends of one job in flight at once. */
const SEND_PARALLEL = 16;
/** Send jobs of one channel an instance works at once. */
const SEND_JOBS = 4;
/** A notice being dispatched or sent is due again after this (a process that died mid-way). */
const LEASE_MS = 10 * 60_000;
/** At most one notice per order in this time. */
const DAILY_MS = 24 * 3_600_000;
/** A reply on the notice's conversation within this time lands with the order linked. */
const REPLY_LINK_MS = 14 * 24 * 3_600_000;
const QUEUED_ATTEMPTS = 8;
/** The reason of a pending notice whose send is under way (with the lease as its due time). */
const SENDING = 'sending';

export interface NoticeRef { orderId: string; kind: NoticeKind }
/** A send job: notices of one channel (jobs queued by an earlier version carry one, as `orderId` and `kind`). */
type NoticeJob = { notices: NoticeRef[] } | NoticeRef;
interface Handed extends NoticeRef { channel: NoticeChannel }

export interface NoticeSettings {
  /** Sends per second per channel (Twilio's per-number limit for SMS, Graph's for Messenger...). */
  ratePerSecond: Record<NoticeChannel, number>;
}

/**
 * Notices per send job and the queue's limiter for a channel's rate: up to SEND_BATCH notices a
 * job, and as many jobs a second as the rate needs (below one a second: one job of one notice
 * every 1/rate seconds). A job's notices go out within its second, so the rate holds per second.
 */
export function sendPace(rate: number): { batch: number; limiter: { max: number; duration: number } } {
  if (rate < 1) return { batch: 1, limiter: { max: 1, duration: Math.round(1000 / rate) } };
  const jobsPerSecond = Math.ceil(rate / SEND_BATCH);
  return { batch: Math.max(1, Math.floor(rate / jobsPerSecond)), limiter: { max: jobsPerSecond, duration: 1000 } };
}

/**
 * Proactive notices: each detection (src/proactive/detection.ts) becomes at most one message to
 * the shopper, decided when it is due. Not for the holdout share, not for kinds the merchant left
 * out, not after STOP or without consent, not when it no longer holds, never in the shopper's
 * night (held until the morning), at most one per order per day (held until then). It goes on
 * the first channel of the merchant's list the shopper can be reached on, in the shopper's
 * language, with the tracking page link, and it opens or continues that conversation (a reply
 * lands with the order linked). Sends go through BullMQ, one queue per channel with its rate
 * limit; the notice's key makes every retry the same message, and a notice is claimed before it
 * is sent and marked sent once. Without Redis they are sent in the process.
 *
 * Everything works in batches (throughput, issue "Proactive"): a dispatch round decides up to
 * DISPATCH_BATCH notices in a handful of statements, and a send job carries up to SEND_BATCH.
 */
export class ProactiveNotices {
  constructor(private readonly deps: {
    db: Db;
    orders: OrderRepository;
    knowledge: () => Knowledge;
    answers: AnswerPort;
    reach: NoticeReach;
    deliver: (address: ConversationAddress, message: ProactiveMessage) => Promise<DeliveryResult>;
    queue: JobQueue;
    logger: Logger;
    shopTimeZone: string;
    shopName: string;
    settings: NoticeSettings;
    /** Counts notices sent, failed and suppressed (wismo_notices_total). */
    metrics?: Metrics;
  }) {}

  /** One worker per channel, each within its channel's rate. */
  start(): void {
    if (!this.deps.queue.available) return;
    for (const channel of NOTICE_CHANNELS) {
      this.deps.queue.work<NoticeJob>(queueOf(channel), async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await this.send('notices' in job.data ? job.data.notices : [job.data], new Date(), final);
      }, SEND_JOBS, sendPace(this.deps.settings.ratePerSecond[channel]).limiter);
    }
  }

  /**
   * Every notice that is due: decided (suppressed, held, or sent on a channel) and handed to its
   * channel's queue. Rows are claimed by pushing their due time forward in one statement, so two
   * instances never take the same one; one left by a crash is due again after the lease.
   */
  async dispatch(now = new Date()): Promise<number> {
    const claimed = await this.deps.db.execute(sql`
      update ${proactiveNotices} n set due_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz,
        reason = case when n.channel is null then n.reason end
      from (select order_id, kind from ${proactiveNotices} where state = 'pending' and due_at <= ${now.toISOString()}::timestamptz
            order by due_at limit ${DISPATCH_BATCH} for update skip locked) due
      where n.order_id = due.order_id and n.kind = due.kind
      returning n.order_id, n.kind, n.channel`);
    const rows = (claimed as unknown as { rows: { order_id: string; kind: NoticeKind; channel: NoticeChannel | null }[] }).rows;
    try {
      // A notice already on its channel (its lease ran out in the queue, or its send died) is not decided again.
      const again = rows.flatMap((r) => (r.channel ? [{ orderId: r.order_id, kind: r.kind, channel: r.channel }] : []));
      const decided = await this.decide(rows.filter((r) => !r.channel).map((r) => ({ orderId: r.order_id, kind: r.kind })), now);
      await this.hand([...again, ...decided], now);
    } catch (err) {
      this.deps.logger.warn({ notices: rows.length, err: (err as Error).message }, 'notices not dispatched; due again after their lease');
    }
    return rows.length;
  }

  /**
   * What the bot will say for each new detection (in the order's language), kept with it: a
   * notice that is then suppressed (the holdout, no consent) still shows it. The notice sent
   * later is composed again, from the order as it is then, in the shopper's language, with the
   * tracking page link. `loaded` holds orders the detection already read.
   */
  async words(found: NoticeRef[], now: Date, loaded: Map<string, Order>): Promise<Map<string, { text: string; language: Lang }>> {
    const k = this.deps.knowledge();
    const missing = found.map((f) => f.orderId).filter((id) => !loaded.has(id));
    const orders = missing.length > 0 ? new Map([...loaded, ...(await this.deps.orders.getMany(missing))]) : loaded;
    const words = new Map<string, { text: string; language: Lang }>();
    for (const f of found) {
      const order = orders.get(f.orderId);
      if (!order) continue;
      const language = languageOfLocale(order.customer.locale) ?? 'en';
      words.set(detectionKey(f), { text: this.compose(order, f.kind, language, now, k), language });
    }
    return words;
  }

  /**
   * A notice's words: its kind's first line, then the order's answer as the bot gives it when
   * asked. Remembered for the same order (by content), kind, language and minute under the same
   * knowledge: a notice decided in the minute it was detected is not rendered twice.
   */
  private compose(order: Order, kind: NoticeKind, lang: Lang, now: Date, knowledge: Knowledge): string {
    let words = this.composed.get(knowledge);
    if (!words) this.composed.set(knowledge, (words = memo(DISPATCH_BATCH * 4)));
    const key = `${kind} ${lang} ${Math.floor(now.getTime() / 60_000)} ${crypto.createHash('sha256').update(JSON.stringify(order)).digest('base64')}`;
    return words(key, () => {
      const answer = this.deps.answers.order(order, { lang, now, focus: 'status', locale: order.customer.locale });
      return `${noticeOpening(kind, lang, order.id, knowledge)}\n\n${answer.text}`;
    });
  }

  private readonly composed = new WeakMap<Knowledge, (key: string, compute: () => string) => string>();

  /**
   * Decides a batch of due notices (one order's in turn: the daily limit) with the orders, their
   * recent notices, the shoppers' reach and languages each read once for the batch; writes the
   * outcomes in three statements and returns the notices to send.
   */
  private async decide(due: NoticeRef[], now: Date): Promise<Handed[]> {
    const k = this.deps.knowledge();
    const settings = k.proactive;
    const suppressed: { order_id: string; kind: string; reason: string }[] = [];
    const held: { order_id: string; kind: string; reason: string; due_at: string }[] = [];
    const handed: (Handed & { conversationKey: string; language: Lang; text: string })[] = [];
    const suppress = (n: NoticeRef, reason: string) => suppressed.push({ order_id: n.orderId, kind: n.kind, reason });
    const hold = (n: NoticeRef, reason: string, until: Date) => held.push({ order_id: n.orderId, kind: n.kind, reason, due_at: until.toISOString() });

    const candidates = due.filter((n) => {
      if (!settings.events.includes(n.kind)) suppress(n, 'not_enabled');
      else if (inHoldout(n.orderId, settings.holdout_percent)) suppress(n, 'holdout');
      else return true;
      return false;
    });
    const ids = [...new Set(candidates.map((n) => n.orderId))];
    const [orders, docs, told] = await Promise.all([this.deps.orders.getMany(ids), this.deps.orders.getDocuments(ids), this.toldRecently(ids, now)]);
    const open = ids.flatMap((id) => (orders.get(id)?.status === 'open' && docs.has(id) ? [docs.get(id)!] : []));
    const { addresses, reasons } = await this.reachAll(open, settings.channels);
    const spoken = await this.conversationLanguages(open.filter((o) => !languageOfLocale(o.customer.locale)).flatMap((o) => {
      const a = addresses.get(o.id);
      return a ? [`${a.channel}:${a.conversationId}`] : [];
    }));

    for (const n of candidates) {
      const order = orders.get(n.orderId);
      if (!order || !docs.has(n.orderId)) suppress(n, 'order_removed');
      else if (order.status === 'cancelled') suppress(n, 'order_cancelled');
      else if (n.kind !== 'returned' && allSettled(order)) suppress(n, 'resolved');
      else {
        const recent = told.get(n.orderId);
        const address = addresses.get(n.orderId);
        const zone = shopperTimeZone(order.shippingAddress, this.deps.shopTimeZone);
        const morning = outsideQuietHours(now, settings.quiet_hours, zone);
        // Another notice of this order on its way counts as told now.
        if (recent && [...recent.onItsWay].some((kind) => kind !== n.kind)) hold(n, 'daily_limit', new Date(now.getTime() + DAILY_MS));
        else if (recent?.sentAt) hold(n, 'daily_limit', new Date(recent.sentAt.getTime() + DAILY_MS));
        else if (!address) suppress(n, strongestReason(reasons.get(n.orderId) ?? []));
        else if (morning > now) hold(n, 'quiet_hours', morning);
        else {
          const conversationKey = `${address.channel}:${address.conversationId}`;
          const lang = languageOfLocale(order.customer.locale) ?? spoken.get(conversationKey) ?? 'en';
          const link = this.deps.answers.trackingPageLink?.(n.orderId, lang);
          const text = [this.compose(order, n.kind, lang, now, k), link].filter(Boolean).join('\n\n');
          handed.push({ ...n, channel: address.channel as NoticeChannel, conversationKey, language: lang, text });
          told.set(n.orderId, { sentAt: recent?.sentAt, onItsWay: new Set([...(recent?.onItsWay ?? []), n.kind]) });
        }
      }
    }

    if (suppressed.length > 0) {
      await this.deps.db.execute(sql`update ${proactiveNotices} n set state = 'suppressed', reason = v.reason, due_at = null ${byKey(suppressed, 'reason text')}`);
      for (const s of suppressed) this.deps.metrics?.notice(s.kind as NoticeKind, 'suppressed', s.reason);
    }
    if (held.length > 0) {
      await this.deps.db.execute(sql`update ${proactiveNotices} n set reason = v.reason, due_at = v.due_at ${byKey(held, 'reason text, due_at timestamptz')}`);
    }
    if (handed.length > 0) {
      const leases = await this.handingLeases(handed, now);
      await this.deps.db.execute(sql`update ${proactiveNotices} n set channel = v.channel, conversation_key = v.conversation_key, language = v.language,
          text = v.text, reason = null, due_at = v.due_at
        ${byKey(handed.map((h) => ({ order_id: h.orderId, kind: h.kind, channel: h.channel, conversation_key: h.conversationKey, language: h.language, text: h.text, due_at: leases.get(h.channel) })),
          'channel text, conversation_key text, language text, text text, due_at timestamptz')}`);
    }
    return handed.map(({ orderId, kind, channel }) => ({ orderId, kind, channel }));
  }

  /** Each order's address on the first of the merchant's channels it can be reached on, and why not on the others. */
  private async reachAll(list: OrderInput[], channels: readonly NoticeChannel[]): Promise<{ addresses: Map<string, ConversationAddress>; reasons: Map<string, string[]> }> {
    const addresses = new Map<string, ConversationAddress>();
    const reasons = new Map<string, string[]>();
    let left = list;
    for (const channel of channels) {
      if (left.length === 0) break;
      const reach = await this.deps.reach.onMany(channel, left);
      for (const [orderId, r] of reach) {
        if (r.ok) addresses.set(orderId, r.address);
        else reasons.set(orderId, [...(reasons.get(orderId) ?? []), r.reason]);
      }
      left = left.filter((o) => !addresses.has(o.id));
    }
    return { addresses, reasons };
  }

  /**
   * When handed notices are due again if their send never came (a lost job): after the lease plus
   * the time the channel's queue needs at its rate for what waits in it, so that a long queue at a
   * low rate is not handed a second copy of every notice.
   */
  private async handingLeases(handed: Handed[], now: Date): Promise<Map<NoticeChannel, string>> {
    const leases = new Map<NoticeChannel, string>();
    for (const channel of new Set(handed.map((h) => h.channel))) {
      const rate = this.deps.settings.ratePerSecond[channel];
      const waitingJobs = this.deps.queue.available ? await this.deps.queue.queue(queueOf(channel)).getWaitingCount().catch(() => 0) : 0;
      const waiting = waitingJobs * sendPace(rate).batch + handed.filter((h) => h.channel === channel).length;
      leases.set(channel, new Date(now.getTime() + LEASE_MS + Math.ceil((1000 * waiting) / rate)).toISOString());
    }
    return leases;
  }

  /** To each channel's queue in jobs of its batch size (its rate limit, its retries), or sent now without Redis. */
  private async hand(handed: Handed[], now: Date): Promise<void> {
    for (const channel of new Set(handed.map((h) => h.channel))) {
      const refs = handed.filter((h) => h.channel === channel).map(({ orderId, kind }) => ({ orderId, kind }));
      const { batch } = sendPace(this.deps.settings.ratePerSecond[channel]);
      const jobs = Array.from({ length: Math.ceil(refs.length / batch) }, (_, i) => refs.slice(i * batch, (i + 1) * batch));
      if (!this.deps.queue.available) {
        for (const notices of jobs) await this.send(notices, now, false);
        continue;
      }
      await this.deps.queue.addBulk<NoticeJob>(queueOf(channel), jobs.map((notices) => ({
        data: { notices },
        opts: {
          // The same notices handed twice are one job.
          jobId: `notices-${crypto.createHash('sha256').update(notices.map((n) => noticeKey(n.orderId, n.kind)).join(',')).digest('hex').slice(0, 32)}`,
          attempts: QUEUED_ATTEMPTS, backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 },
        },
      })));
    }
  }

  /**
   * Sends decided notices, each once: they are claimed first (a notice no longer pending, or
   * being sent by another job, is left alone), and every attempt carries the notice's key. A
   * transient failure is released and thrown for the queue to retry the job (without Redis: due
   * again after the lease); the last one, or a refusal, fails the notice.
   */
  private async send(refs: NoticeRef[], now: Date, final: boolean): Promise<void> {
    const claimed = await this.deps.db.execute(sendingClaim(refs, now));
    const notices = (claimed as unknown as { rows: { order_id: string; kind: NoticeKind; channel: string; conversation_key: string; text: string; language: Lang | null }[] }).rows;
    if (notices.length === 0) return;
    const senders = await this.sendersOf(notices.filter((n) => n.channel === 'messenger' || n.channel === 'webchat').map((n) => n.conversation_key));

    const sent: { n: (typeof notices)[number]; senderId: string; providerMessageId?: string }[] = [];
    const ended: { order_id: string; kind: string; state: 'failed' | 'suppressed'; reason: string }[] = [];
    const released: { order_id: string; kind: string }[] = [];
    let transient: string | undefined;
    const queue = [...notices];
    await Promise.all(Array.from({ length: Math.min(SEND_PARALLEL, queue.length) }, async () => {
      for (let n = queue.shift(); n; n = queue.shift()) {
        const conversationId = n.conversation_key.slice(n.channel.length + 1);
        const senderId = senders.get(n.conversation_key) ?? conversationId;
        const result = await this.deps.deliver({ channel: n.channel, conversationId, senderId }, {
          text: n.text, kind: 'notification', key: noticeKey(n.order_id, n.kind),
          wismo: { intent: 'order_status', orderId: n.order_id, handoff: false },
          ...(n.channel === 'email' ? { subject: `${this.deps.shopName}: ${n.text.split('\n')[0].slice(0, 120)}` } : {}),
        }).catch((err: Error): DeliveryResult => ({ ok: false, reason: err.message, permanent: false }));
        if (result.ok) {
          sent.push({ n, senderId, providerMessageId: result.providerMessageId });
          this.deps.metrics?.notice(n.kind, 'sent', '');
        } else if (result.permanent || final) {
          const reason = /opt|stop|unsubscrib/i.test(result.reason) ? 'opted_out' : result.reason.slice(0, 200);
          const state = result.permanent && reason === 'opted_out' ? 'suppressed' : 'failed';
          ended.push({ order_id: n.order_id, kind: n.kind, state, reason });
          // The stored reason is the provider's words; the metric's is one of three.
          this.deps.metrics?.notice(n.kind, state, state === 'suppressed' ? 'opted_out' : result.permanent ? 'refused' : 'gave_up');
        } else {
          released.push({ order_id: n.order_id, kind: n.kind });
          transient = result.reason;
        }
      }
    }));

    if (sent.length > 0) {
      await this.deps.db.execute(sql`update ${proactiveNotices} n set state = 'sent', sent_at = ${now.toISOString()}::timestamptz, due_at = null, reason = null,
          provider_message_id = v.provider_message_id
        ${pendingByKey(sent.map((s) => ({ order_id: s.n.order_id, kind: s.n.kind, provider_message_id: s.providerMessageId ?? null })), 'provider_message_id text')}`);
      await this.continueConversations(sent.map((s) => ({ key: s.n.conversation_key, channel: s.n.channel, senderId: s.senderId, orderId: s.n.order_id, text: s.n.text, language: s.n.language })), now);
    }
    if (ended.length > 0) {
      await this.deps.db.execute(sql`update ${proactiveNotices} n set state = v.state, reason = v.reason, due_at = null ${pendingByKey(ended, 'state text, reason text')}`);
    }
    if (released.length === 0) return;
    await this.deps.db.execute(sql`update ${proactiveNotices} n set reason = null ${pendingByKey(released)}`);
    if (this.deps.queue.available) throw new Error(`${released.length} notice(s) not sent: ${transient}`);
    this.deps.logger.warn({ notices: released.length, reason: transient }, 'notices not sent; due again after their lease');
  }

  /** Each notice is its conversation's newest message: the shopper's reply continues from it. */
  private async continueConversations(list: { key: string; channel: string; senderId: string; orderId: string; text: string; language: Lang | null }[], at: Date): Promise<void> {
    await this.deps.db.execute(insertJsonRows(conversations, list.map((c) => ({ id: c.key, channel: c.channel, sender_id: c.senderId, linked_order_id: c.orderId, language: c.language })),
      { id: 'text', channel: 'text', sender_id: 'text', linked_order_id: 'text', language: 'text' }));
    await this.deps.db.execute(insertJsonRows(messages, list.map((c) => ({
      conversation_id: c.key, direction: 'out', channel: c.channel, sender_id: c.senderId, text: c.text, intent: 'order_status', order_id: c.orderId,
      language: c.language, reply_kind: 'proactive_notice', created_at: at.toISOString(),
    })), {
      conversation_id: 'text', direction: 'text', channel: 'text', sender_id: 'text', text: 'text', intent: 'text', order_id: 'text',
      language: 'text', reply_kind: 'text', created_at: 'timestamptz',
    }));
  }

  /** Notices by kind and outcome, over a period of detection. */
  report(range: { from: Date; to: Date }): Promise<NoticeReportRow[]> {
    return noticeReport(this.deps.db, range);
  }

  /** Recent notices, newest first (the admin API), without their text unless one order is asked for. */
  async list(filter: { orderId?: string; state?: string; limit?: number }): Promise<Record<string, unknown>[]> {
    const where = and(...(filter.orderId ? [eq(proactiveNotices.orderId, filter.orderId)] : []), ...(filter.state ? [sql`${proactiveNotices.state} = ${filter.state}`] : []));
    const rows = await this.deps.db.select().from(proactiveNotices).where(where).orderBy(sql`${proactiveNotices.detectedAt} desc`).limit(filter.limit ?? 100);
    return rows.map((r) => ({
      orderId: r.orderId, kind: r.kind, shipmentId: r.shipmentId ?? undefined, detectedAt: r.detectedAt.toISOString(), detail: r.detail,
      state: r.state, reason: r.reason ?? undefined, dueAt: r.dueAt?.toISOString(), channel: r.channel ?? undefined, language: r.language ?? undefined,
      sentAt: r.sentAt?.toISOString(), ...(filter.orderId && r.text ? { text: r.text } : {}),
    }));
  }

  /** The order a notice was sent about on this conversation lately (a reply to it lands with that order). */
  async noticedOrder(conversationKey: string, now = new Date()): Promise<string | undefined> {
    const [row] = await this.deps.db.select({ orderId: proactiveNotices.orderId }).from(proactiveNotices)
      .where(and(eq(proactiveNotices.conversationKey, conversationKey), inArray(proactiveNotices.state, ['sent', 'delivered']),
        gt(proactiveNotices.sentAt, new Date(now.getTime() - REPLY_LINK_MS))))
      .orderBy(sql`${proactiveNotices.sentAt} desc`).limit(1);
    return row?.orderId;
  }

  /** Per order: its last notice sent within the day, and the kinds of its notices on their way (decided, not sent yet). */
  private async toldRecently(ids: string[], now: Date): Promise<Map<string, { sentAt?: Date; onItsWay: Set<NoticeKind> }>> {
    if (ids.length === 0) return new Map();
    const result = await this.deps.db.execute(sql`
      select order_id, max(sent_at) filter (where sent_at > ${new Date(now.getTime() - DAILY_MS).toISOString()}::timestamptz) as sent,
        coalesce(json_agg(kind) filter (where state = 'pending' and channel is not null), '[]'::json) as on_its_way
      from ${proactiveNotices} where order_id = any(${jsonList(ids)}) and (sent_at > ${new Date(now.getTime() - DAILY_MS).toISOString()}::timestamptz or state = 'pending')
      group by order_id`);
    const rows = (result as unknown as { rows: { order_id: string; sent: string | Date | null; on_its_way: NoticeKind[] }[] }).rows;
    return new Map(rows.map((r) => [r.order_id, { sentAt: r.sent ? new Date(r.sent) : undefined, onItsWay: new Set(r.on_its_way) }]));
  }

  /** The language of each conversation, by key. */
  private async conversationLanguages(keys: string[]): Promise<Map<string, Lang>> {
    if (keys.length === 0) return new Map();
    const rows = await this.deps.db.select({ id: conversations.id, language: conversations.language }).from(conversations).where(sql`${conversations.id} = any(${jsonList(keys)})`);
    return new Map(rows.flatMap((r) => (r.language ? [[r.id, r.language]] : [])));
  }

  /** The sender of each conversation, by key (Messenger and web chat address the shopper by it). */
  private async sendersOf(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.deps.db.select({ id: conversations.id, senderId: conversations.senderId }).from(conversations).where(sql`${conversations.id} = any(${jsonList(keys)})`);
    return new Map(rows.map((r) => [r.id, r.senderId]));
  }
}

/** Every item shipped and every shipment settled: nothing left to tell about the order. */
function allSettled(order: Order): boolean {
  return order.shipments.length > 0 && order.shipments.every((s) => SETTLED_TRACKING_STATUSES.has(s.status)) && order.items.length > 0
    && order.shipments.flatMap((s) => s.items).reduce((n, i) => n + i.quantity, 0) >= order.items.reduce((n, i) => n + i.quantity, 0);
}

/**
 * Claims decided notices for sending: each one still pending, on its channel with its words, and
 * not being sent by another job (unless that job's lease ran out), is marked as being sent.
 */
export function sendingClaim(refs: NoticeRef[], now: Date): SQL {
  return sql`
    update ${proactiveNotices} n set reason = ${SENDING}, due_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
    ${pendingByKey(refs.map((r) => ({ order_id: r.orderId, kind: r.kind })))} and n.channel is not null and n.conversation_key is not null and n.text is not null
      and (n.reason is distinct from ${SENDING} or n.due_at <= ${now.toISOString()}::timestamptz)
    returning n.order_id, n.kind, n.channel, n.conversation_key, n.text, n.language`;
}

/**
 * `from` the rows `v` of a batch of notices (`order_id`, `kind`, then `more` columns) `where` each
 * notice is found by its key. Through the key's index alone: the notices table grows by thousands
 * in a round, faster than its statistics, and with stale ones the planner read the whole table,
 * or every pending notice once per row (intersecting the key with the due index, which keeps an
 * entry for every due time ever set): 50 ms a statement at 20,000 notices.
 */
function byKey(rows: readonly { order_id: string; kind: string }[], more?: string): SQL {
  return sql`from ${jsonRows(rows, `order_id text, kind text${more ? `, ${more}` : ''}`)}
    where n.order_id = any(${jsonList([...new Set(rows.map((r) => r.order_id))])}) and n.order_id = v.order_id and n.kind = v.kind`;
}

/** `byKey`, for notices still pending (tested on the row found, never through the due index). */
function pendingByKey(rows: readonly { order_id: string; kind: string }[], more?: string): SQL {
  return sql`${byKey(rows, more)} and (n.state = 'pending') is true`;
}

function queueOf(channel: NoticeChannel): string {
  return `notices-${channel}`;
}

/** One key per notice for every attempt (BullMQ job ids may not hold ':'; a hash keeps any order number safe). */
export function noticeKey(orderId: string, kind: NoticeKind): string {
  return `notice-${crypto.createHash('sha256').update(`${orderId}\u0000${kind}`).digest('hex').slice(0, 32)}`;
}

/** The holdout: a stable share of orders by a hash of the order number (the same order is always in or out). */
export function inHoldout(orderId: string, percent: number): boolean {
  if (percent <= 0) return false;
  const bucket = crypto.createHash('sha256').update(`holdout:${orderId}`).digest().readUInt32BE(0) % 10_000;
  return bucket < percent * 100;
}
