import { sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { orders, shipments } from '../store/schema';
import type { Logger } from '../log/logger';
import type { JobQueue } from '../queue';
import type { OrderRepository } from '../orders/repository';
import type { AnswerPort } from '../conversation/ports';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../app/channel';
import { languageOfLocale, type Lang } from '../resolver/types';
import type { Subscription, SubscriptionStore } from './subscriptions';

const QUEUE = 'notifications';

/** What an order looked like before an ingest: its status and each shipment's status. */
export type OrderSnapshot = Map<string, string>;

interface NotifyJob { subscription: Subscription }

/**
 * Proactive updates: when an ingest changes a subscribed order (a shipment moves on, the
 * order is cancelled), each subscriber gets the order's current answer on their channel.
 * With Redis each send is a BullMQ job with retries; without, it is sent once, in process.
 */
export class ShipmentNotifier {
  constructor(private readonly deps: {
    db: Db;
    subscriptions: SubscriptionStore;
    orders: OrderRepository;
    answers: AnswerPort;
    queue: JobQueue;
    deliver: (address: ConversationAddress, message: ProactiveMessage) => Promise<DeliveryResult>;
    logger: Logger;
    clock?: () => Date;
  }) {}

  /** Starts the worker when the queue is on. */
  start(): void {
    if (!this.deps.queue.available) return;
    this.deps.queue.work<NotifyJob>(QUEUE, async (job) => {
      const result = await this.send(job.data.subscription);
      if (!result.ok && !result.permanent) throw new Error(result.reason);
    });
  }

  /** Statuses of the subscribed orders among `orderIds`, taken before they are replaced. */
  async snapshot(orderIds: string[]): Promise<OrderSnapshot> {
    const subscribed = [...new Set((await this.deps.subscriptions.forOrders(orderIds)).map((s) => s.orderId))];
    return this.statuses(subscribed);
  }

  /** Compares with the snapshot and notifies the subscribers of each changed order. */
  async afterIngest(before: OrderSnapshot): Promise<number> {
    if (before.size === 0) return 0;
    const after = await this.statuses([...before.keys()]);
    const changed = [...before.keys()].filter((id) => after.get(id) !== before.get(id));
    const subs = await this.deps.subscriptions.forOrders(changed);
    for (const subscription of subs) {
      if (this.deps.queue.available) {
        await this.deps.queue.add<NotifyJob>(QUEUE, { subscription }, { attempts: 6, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true });
      } else {
        const result = await this.send(subscription);
        if (!result.ok) this.deps.logger.warn({ orderId: subscription.orderId, channel: subscription.channel, reason: result.reason }, 'update not delivered');
      }
    }
    return subs.length;
  }

  private async send(s: Subscription): Promise<DeliveryResult> {
    const order = await this.deps.orders.get(s.orderId);
    if (!order) return { ok: false, reason: 'order removed', permanent: true };
    const lang: Lang = languageOfLocale(s.language) ?? 'en';
    const answer = this.deps.answers.order(order, { lang, now: this.deps.clock?.() ?? new Date(), focus: 'status' });
    const conversationId = s.conversationKey.slice(s.channel.length + 1);
    return this.deps.deliver(
      { channel: s.channel, conversationId, senderId: s.address },
      { text: answer.text, kind: 'notification', wismo: { intent: 'subscribe_updates', orderId: s.orderId, handoff: false }, suggestions: answer.suggestions },
    );
  }

  private async statuses(orderIds: string[]): Promise<OrderSnapshot> {
    const snapshot: OrderSnapshot = new Map();
    if (orderIds.length === 0) return snapshot;
    const result = await this.deps.db.execute(sql`
      select o.id, o.status,
        coalesce((select string_agg(s.id || ':' || s.status, ',' order by s.id) from ${shipments} s where s.order_id = o.id), '') as shipments
      from ${orders} o where o.id in ${orderIds}`);
    for (const r of (result as unknown as { rows: { id: string; status: string; shipments: string }[] }).rows) snapshot.set(r.id, `${r.status}|${r.shipments}`);
    return snapshot;
  }
}
