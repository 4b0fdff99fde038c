import crypto from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import type { Knowledge } from '../knowledge/schema';
import type { OrderRepository } from '../orders/repository';
import type { Order } from '../orders/types';
import type { AnswerPort } from '../conversation/ports';
import type { JobQueue } from '../queue';
import type { Db } from '../store/db';
import { conversations, messages, proactiveNotices } from '../store/schema';
import {
  languageOfLocale, NOTICE_CHANNELS, SETTLED_TRACKING_STATUSES, type ConversationAddress, type DeliveryResult, type Lang, type NoticeChannel, type NoticeKind, type ProactiveMessage,
} from '../vocabulary';
import { noticeOpening } from './wording';
import { strongestReason, type NoticeReach } from './reach';
import { outsideQuietHours, shopperTimeZone } from './shopper-time';
import { noticeReport, type NoticeReportRow } from './report';

/** Notices looked at per dispatch round. */
const DISPATCH_BATCH = 500;
/** Orders decided at once in a dispatch round. */
const DISPATCH_LANES = 8;
/** A notice being dispatched is due again after this (a process that died mid-way). */
const LEASE_MS = 10 * 60_000;
/** At most one notice per order in this time. */
const DAILY_MS = 24 * 3_600_000;
/** A reply on the notice's conversation within this time lands with the order linked. */
const REPLY_LINK_MS = 14 * 24 * 3_600_000;
const QUEUED_ATTEMPTS = 8;

interface NoticeJob { orderId: string; kind: NoticeKind }

export interface NoticeSettings {
  /** Sends per second per channel (Twilio's per-number limit for SMS, Graph's for Messenger...). */
  ratePerSecond: Record<NoticeChannel, number>;
}

/**
 * Proactive notices: each detection (src/proactive/detection.ts) becomes at most one message to
 * the shopper, decided when it is due. Not for the holdout share, not for kinds the merchant left
 * out, not after STOP or without consent, not when it no longer holds, never in the shopper's
 * night (held until the morning), at most one per order per day (held until then). It goes on
 * the first channel of the merchant's list the shopper can be reached on, in the shopper's
 * language, with the tracking page link, and it opens or continues that conversation (a reply
 * lands with the order linked). Sends go through BullMQ, one queue per channel with its rate
 * limit; the notice's key makes every retry the same message, and a notice is marked sent once.
 * Without Redis they are sent in the process.
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
      // Rates below one per second are kept as one per 1/rate seconds.
      const rate = this.deps.settings.ratePerSecond[channel];
      const limiter = rate >= 1 ? { max: Math.round(rate), duration: 1000 } : { max: 1, duration: Math.round(1000 / rate) };
      this.deps.queue.work<NoticeJob>(queueOf(channel), async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await this.send(job.data.orderId, job.data.kind, new Date(), final);
      }, 16, limiter);
    }
  }

  /**
   * Every notice that is due: decided (suppressed, held, or sent on a channel) and handed to its
   * channel's queue. Rows are claimed by pushing their due time forward in one statement, so two
   * instances never take the same one; one left by a crash is due again after the lease.
   */
  async dispatch(now = new Date()): Promise<number> {
    const claimed = await this.deps.db.execute(sql`
      update ${proactiveNotices} n set due_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
      from (select order_id, kind from ${proactiveNotices} where state = 'pending' and due_at <= ${now.toISOString()}::timestamptz
            order by due_at limit ${DISPATCH_BATCH} for update skip locked) due
      where n.order_id = due.order_id and n.kind = due.kind
      returning n.order_id, n.kind, n.channel`);
    const rows = (claimed as unknown as { rows: { order_id: string; kind: NoticeKind; channel: string | null }[] }).rows;
    // Orders side by side (each decision is a few round trips), one order's notices in turn (the daily limit).
    const groups = new Map<string, typeof rows>();
    for (const row of rows) groups.set(row.order_id, [...(groups.get(row.order_id) ?? []), row]);
    const byOrder = [...groups.values()];
    const lanes = Array.from({ length: Math.min(DISPATCH_LANES, byOrder.length) }, async () => {
      for (let group = byOrder.shift(); group; group = byOrder.shift()) {
        for (const row of group) {
          try {
            // A notice already on its channel (a lease that ran out while it waited in the queue) is not decided again.
            if (row.channel) await this.hand(row.order_id, row.kind, row.channel as NoticeChannel, now);
            else await this.decide(row.order_id, row.kind, now);
          } catch (err) {
            this.deps.logger.warn({ orderId: row.order_id, kind: row.kind, err: (err as Error).message }, 'notice not dispatched; due again after its lease');
          }
        }
      }
    });
    await Promise.all(lanes);
    return rows.length;
  }

  /**
   * What the bot will say, kept with each new detection (in the order's language): a notice that
   * is then suppressed (the holdout, no consent) still shows it. The notice sent later is composed
   * again, from the order as it is then, in the shopper's language, with the tracking page link.
   */
  async describe(found: { orderId: string; kind: NoticeKind }[], now: Date): Promise<void> {
    const k = this.deps.knowledge();
    for (const { orderId, kind } of found) {
      const order = await this.deps.orders.get(orderId);
      if (!order) continue;
      const lang = languageOfLocale(order.customer.locale) ?? 'en';
      const text = this.compose(order, kind, lang, now, k);
      await this.deps.db.update(proactiveNotices).set({ text, language: lang })
        .where(and(eq(proactiveNotices.orderId, orderId), eq(proactiveNotices.kind, kind), sql`${proactiveNotices.text} is null`));
    }
  }

  /** A notice's words: its kind's first line, then the order's answer as the bot gives it when asked. */
  private compose(order: Order, kind: NoticeKind, lang: Lang, now: Date, knowledge: Knowledge): string {
    const answer = this.deps.answers.order(order, { lang, now, focus: 'status', locale: order.customer.locale });
    return `${noticeOpening(kind, lang, order.id, knowledge)}\n\n${answer.text}`;
  }

  private async decide(orderId: string, kind: NoticeKind, now: Date): Promise<void> {
    const k = this.deps.knowledge();
    const settings = k.proactive;
    const set = async (values: Partial<typeof proactiveNotices.$inferInsert>) => {
      await this.deps.db.update(proactiveNotices).set(values).where(and(eq(proactiveNotices.orderId, orderId), eq(proactiveNotices.kind, kind)));
      if (values.state === 'suppressed') this.deps.metrics?.notice(kind, 'suppressed', values.reason ?? '');
    };
    if (!settings.events.includes(kind)) return void (await set({ state: 'suppressed', reason: 'not_enabled', dueAt: null }));
    if (inHoldout(orderId, settings.holdout_percent)) return void (await set({ state: 'suppressed', reason: 'holdout', dueAt: null }));
    const doc = await this.deps.orders.getDocument(orderId);
    const order = await this.deps.orders.get(orderId);
    if (!doc || !order) return void (await set({ state: 'suppressed', reason: 'order_removed', dueAt: null }));
    if (order.status === 'cancelled') return void (await set({ state: 'suppressed', reason: 'order_cancelled', dueAt: null }));
    if (kind !== 'returned' && order.shipments.length > 0 && order.shipments.every((s) => SETTLED_TRACKING_STATUSES.has(s.status)) && order.items.length > 0
      && order.shipments.flatMap((s) => s.items).reduce((n, i) => n + i.quantity, 0) >= order.items.reduce((n, i) => n + i.quantity, 0)) {
      return void (await set({ state: 'suppressed', reason: 'resolved', dueAt: null }));
    }
    const lastSent = await this.lastSentAt(orderId, kind, now);
    if (lastSent) return void (await set({ reason: 'daily_limit', dueAt: new Date(lastSent.getTime() + DAILY_MS) }));

    const reasons: string[] = [];
    let address: ConversationAddress | undefined;
    for (const channel of settings.channels) {
      const reach = await this.deps.reach.on(channel, doc);
      if (reach.ok) {
        address = reach.address;
        break;
      }
      reasons.push(reach.reason);
    }
    if (!address) return void (await set({ state: 'suppressed', reason: strongestReason(reasons), dueAt: null }));

    const zone = shopperTimeZone(order.shippingAddress, this.deps.shopTimeZone);
    const morning = outsideQuietHours(now, settings.quiet_hours, zone);
    if (morning > now) return void (await set({ reason: 'quiet_hours', dueAt: morning }));

    const lang = languageOfLocale(order.customer.locale) ?? (await this.conversationLanguage(address)) ?? 'en';
    const link = this.deps.answers.trackingPageLink?.(orderId, lang);
    const text = [this.compose(order, kind, lang, now, k), link].filter(Boolean).join('\n\n');
    const channel = address.channel as NoticeChannel;
    await set({ channel, conversationKey: `${channel}:${address.conversationId}`, language: lang, text, reason: null });
    await this.hand(orderId, kind, channel, now);
  }

  /** To the channel's queue (its rate limit, its retries), or sent now without Redis. */
  private async hand(orderId: string, kind: NoticeKind, channel: NoticeChannel, now: Date): Promise<void> {
    if (this.deps.queue.available) {
      await this.deps.queue.add<NoticeJob>(queueOf(channel), { orderId, kind }, {
        jobId: noticeKey(orderId, kind), attempts: QUEUED_ATTEMPTS, backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 },
      });
      return;
    }
    await this.send(orderId, kind, now, false);
  }

  /**
   * Sends one decided notice, once: a notice no longer pending (sent, or suppressed meanwhile)
   * is left alone, and every attempt carries the notice's key. A transient failure is thrown for
   * the queue to retry (without Redis: due again after the lease); the last one, or a refusal, fails it.
   */
  private async send(orderId: string, kind: NoticeKind, now: Date, final: boolean): Promise<void> {
    const [n] = await this.deps.db.select().from(proactiveNotices).where(and(eq(proactiveNotices.orderId, orderId), eq(proactiveNotices.kind, kind))).limit(1);
    if (!n || n.state !== 'pending' || !n.channel || !n.conversationKey || !n.text) return;
    const conversationId = n.conversationKey.slice(n.channel.length + 1);
    const senderId = n.channel === 'messenger' || n.channel === 'webchat' ? await this.senderOf(n.conversationKey) ?? conversationId : conversationId;
    const address = { channel: n.channel, conversationId, senderId };
    const result = await this.deps.deliver(address, {
      text: n.text, kind: 'notification', key: noticeKey(orderId, kind),
      wismo: { intent: 'order_status', orderId, handoff: false },
      ...(n.channel === 'email' ? { subject: `${this.deps.shopName}: ${n.text.split('\n')[0].slice(0, 120)}` } : {}),
    });
    const where = and(eq(proactiveNotices.orderId, orderId), eq(proactiveNotices.kind, kind), eq(proactiveNotices.state, 'pending'));
    if (result.ok) {
      await this.deps.db.update(proactiveNotices).set({ state: 'sent', sentAt: now, dueAt: null, providerMessageId: result.providerMessageId ?? null }).where(where);
      this.deps.metrics?.notice(kind, 'sent', '');
      await this.continueConversation(n.conversationKey, n.channel, senderId, orderId, n.text, n.language as Lang | null, now);
      return;
    }
    if (result.permanent || final) {
      const reason = /opt|stop|unsubscrib/i.test(result.reason) ? 'opted_out' : result.reason.slice(0, 200);
      const state = result.permanent && reason === 'opted_out' ? 'suppressed' : 'failed';
      await this.deps.db.update(proactiveNotices).set({ state, reason, dueAt: null }).where(where);
      // The stored reason is the provider's words; the metric's is one of three.
      this.deps.metrics?.notice(kind, state, state === 'suppressed' ? 'opted_out' : result.permanent ? 'refused' : 'gave_up');
      return;
    }
    if (this.deps.queue.available) throw new Error(result.reason);
    this.deps.logger.warn({ orderId, kind, reason: result.reason }, 'notice not sent; due again after its lease');
  }

  /** The notice is the conversation's newest message: the shopper's reply continues from it. */
  private async continueConversation(key: string, channel: string, senderId: string, orderId: string, text: string, language: Lang | null, at: Date): Promise<void> {
    await this.deps.db.insert(conversations).values({ id: key, channel, senderId, linkedOrderId: orderId, language }).onConflictDoNothing();
    await this.deps.db.insert(messages).values({ conversationId: key, direction: 'out', channel, senderId, text, intent: 'order_status', orderId, language, replyKind: 'proactive_notice', createdAt: at });
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

  /** When this order was last told (another notice on its way counts as told now), within the last day. */
  private async lastSentAt(orderId: string, kind: NoticeKind, now: Date): Promise<Date | undefined> {
    const [row] = await this.deps.db.select({
      sent: sql<string | null>`max(${proactiveNotices.sentAt})`,
      onItsWay: sql<boolean>`bool_or(${proactiveNotices.state} = 'pending' and ${proactiveNotices.channel} is not null and ${proactiveNotices.kind} <> ${kind})`,
    }).from(proactiveNotices)
      .where(and(eq(proactiveNotices.orderId, orderId), sql`(${proactiveNotices.sentAt} > ${new Date(now.getTime() - DAILY_MS).toISOString()}::timestamptz or ${proactiveNotices.state} = 'pending')`));
    if (row?.onItsWay) return now;
    return row?.sent ? new Date(row.sent) : undefined;
  }

  private async conversationLanguage(address: ConversationAddress): Promise<Lang | undefined> {
    const [row] = await this.deps.db.select({ language: conversations.language }).from(conversations).where(eq(conversations.id, `${address.channel}:${address.conversationId}`)).limit(1);
    return row?.language ?? undefined;
  }

  private async senderOf(conversationKey: string): Promise<string | undefined> {
    const [row] = await this.deps.db.select({ senderId: conversations.senderId }).from(conversations).where(eq(conversations.id, conversationKey)).limit(1);
    return row?.senderId;
  }
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
