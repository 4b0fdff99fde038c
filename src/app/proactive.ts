import type { Channel } from '../../channels/kit/channel';
import type { AnswerPort } from '../conversation/ports';
import type { Knowledge } from '../knowledge/schema';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import type { OrderChangeFeed } from '../orders/change-feed';
import type { OrderRepository } from '../orders/repository';
import { DelayDetection } from '../proactive/detection';
import { ProactiveNotices } from '../proactive/notices';
import { NoticeReach } from '../proactive/reach';
import type { JobQueue } from '../queue';
import type { Db } from '../store/db';
import { NOTICE_CHANNELS, type ConversationAddress, type DeliveryResult, type NoticeChannel, type ProactiveMessage } from '../vocabulary';

export interface Proactive {
  detection: DelayDetection;
  notices: ProactiveNotices;
  /** One run now (tests, and the schedule): the time-driven detections over every open order, then every due notice. */
  run(now?: Date): Promise<{ batches: number; detected: number }>;
}

/** "sms=1,whatsapp=20" (checked by the config schema) with a default for each channel left out. */
export function noticeRates(text: string): Record<NoticeChannel, number> {
  const given = Object.fromEntries(text.split(',').map((pair) => pair.trim().split('=')).map(([k, v]) => [k, Number(v)]));
  return Object.fromEntries(NOTICE_CHANNELS.map((c) => [c, given[c] ?? 1])) as Record<NoticeChannel, number>;
}

/**
 * Delay detection and proactive notices: detection subscribes to the order changes (whatever
 * source made them) and runs on the schedule with the notices' dispatch (BullMQ job scheduler
 * with Redis, a timer without).
 */
export async function createProactive(deps: {
  config: { NOTICE_RATES: string; PROACTIVE_EVERY_MINUTES: number; SHOP_NAME: string };
  db: Db;
  orders: OrderRepository;
  knowledge: () => Knowledge;
  answers: AnswerPort;
  changes: OrderChangeFeed;
  queue: JobQueue;
  logger: Logger;
  timeZone: string;
  channels: () => Channel[];
  deliver: (address: ConversationAddress, message: ProactiveMessage) => Promise<DeliveryResult>;
  metrics?: Metrics;
  clock?: () => Date;
}): Promise<Proactive> {
  const now = () => deps.clock?.() ?? new Date();
  const canDeliver = (channel: string) => deps.channels().some((c) => (c.name === channel || c.serves?.includes(channel)) && c.deliver !== undefined && c.status().on);
  const notices = new ProactiveNotices({
    db: deps.db, orders: deps.orders, knowledge: deps.knowledge, answers: deps.answers, deliver: deps.deliver, queue: deps.queue, logger: deps.logger,
    reach: new NoticeReach({ db: deps.db, canDeliver, now }),
    shopTimeZone: deps.timeZone, shopName: deps.config.SHOP_NAME, settings: { ratePerSecond: noticeRates(deps.config.NOTICE_RATES) }, metrics: deps.metrics,
  });
  const detection = new DelayDetection({
    db: deps.db, orders: deps.orders, knowledge: deps.knowledge,
    words: (found, at, loaded) => notices.words(found, at, loaded),
    onDetected: async (_found, at) => void (await notices.dispatch(at)),
  });
  deps.changes.subscribe('delay-detection', async (batch) => void (await detection.onChanges(batch, now())));
  notices.start();
  // A run goes through every open order, a batch at a time (20,000 late orders are told within
  // the run, not over hours of runs), and dispatches each batch's notices while the next is scanned.
  const run = async (at = now()) => {
    let batches = 0;
    let detected = 0;
    let dispatching: Promise<number> = Promise.resolve(0);
    do {
      detected += await detection.scan(at, { handOn: false });
      batches += 1;
      await dispatching;
      dispatching = notices.dispatch(at);
    } while (detection.midway);
    // Then what else is due (held notices, leases that ran out), a dispatch batch at a time.
    while ((await dispatching) > 0) dispatching = notices.dispatch(at);
    return { batches, detected };
  };
  await deps.queue.every('proactive', deps.config.PROACTIVE_EVERY_MINUTES * 60_000, () => run());
  return { detection, notices, run };
}
