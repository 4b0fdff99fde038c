import type { Logger } from '../log/logger';
import type { JobQueue } from '../queue';
import type { OrderRepository } from '../orders/repository';
import type { AnswerPort } from '../conversation/ports';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../vocabulary';
import { languageOfLocale, type Lang } from '../vocabulary';
import type { Subscription, SubscriptionStore } from './subscriptions';
import type { OrderChange } from '../orders/events';

/**
 * Merchant notes are internal; a stale shipment is the team's to look into first (its answer
 * promises a person); everything else a subscriber is told about.
 */
function tellsShopper(c: OrderChange): boolean {
  return c.type === 'merchant.event' ? c.event.type !== 'note' : c.type !== 'order.created' && c.type !== 'shipment.exception' && c.type !== 'shipment.stale';
}

const QUEUE = 'notifications';

interface NotifyJob { subscription: Subscription }

/**
 * Proactive updates: when a subscribed order changes (a shipment moves on, the order is
 * cancelled, the merchant reports a delay), each subscriber gets the order's current answer
 * on their channel.
 * With Redis each send is a BullMQ job with retries; without, it is sent once, in process.
 */
export class ShipmentNotifier {
  constructor(private readonly deps: {
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

  /**
   * Subscribed shoppers hear of every change that matters to them (a new shipment, a status
   * or estimated delivery that moved, the order cancelled, a delay the merchant reported),
   * once per order per batch, whatever made the change (src/orders/change-feed.ts).
   */
  async onChanges(changes: OrderChange[]): Promise<number> {
    const orderIds = [...new Set(changes.filter(tellsShopper).map((c) => c.orderId))];
    if (orderIds.length === 0) return 0;
    const subs = await this.deps.subscriptions.forOrders(orderIds);
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

}
