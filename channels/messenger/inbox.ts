import type { ActivityHandler } from 'botbuilder';
import type { Job } from 'bullmq';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import type { JobQueue } from '../../src/queue';
import type { MessengerAdapter } from './adapter';
import type { InboundEvent, ShopperMessage } from './inbound';
import { KeyedSerial } from '../kit/keyed-serial';
import { MESSENGER } from './settings';

export const TURN_QUEUE = 'messenger-turns';

export interface TurnJob {
  event: InboundEvent;
  /** Set once this job took the message's receipt, so its own retries are not mistaken for replays. */
  claimed?: boolean;
}

export interface InboxDeps {
  adapter: MessengerAdapter;
  bot: ActivityHandler;
  messaging: MessagingServices;
  queue: JobQueue;
  logger: Logger;
}

/**
 * Where acknowledged webhook events go. With Redis each event is a BullMQ job (added before
 * Meta gets its 200, so none is lost, and retried if a turn fails); without it they run in
 * this process right after the response. Either way one shopper's turns run in order.
 */
export class MessengerInbox {
  private readonly serial = new KeyedSerial();

  constructor(private readonly deps: InboxDeps) {}

  /** Takes validated events; resolves once they are safe (queued) or scheduled. Never runs a turn inline. */
  async accept(events: InboundEvent[]): Promise<void> {
    let inProcess = events;
    if (this.deps.queue.available) {
      try {
        for (const [i, event] of events.entries()) {
          inProcess = events.slice(i);
          await this.deps.queue.add<TurnJob>(TURN_QUEUE, { event }, {
            ...(event.kind === 'message' ? { jobId: `mid-${event.mid.replace(/:/g, '_')}` } : {}),
            attempts: 3,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: 1000,
            removeOnFail: 1000,
          });
        }
        return;
      } catch (err) {
        // Redis is away: run the rest in this process (the mid receipt keeps a late job from answering twice).
        this.deps.logger.warn({ channel: MESSENGER, err: (err as Error).message }, 'messenger: could not queue; handling in process');
      }
    }
    setImmediate(() => {
      for (const event of inProcess) {
        void this.serial.run(event.psid, () => this.handle(event)).catch((err: unknown) => {
          this.deps.logger.error({ channel: MESSENGER, psid: event.psid, kind: event.kind, err }, 'messenger event failed');
        });
      }
    });
  }

  /** Starts the BullMQ worker for queued turns (Redis only). */
  startWorker(): void {
    this.deps.queue.work<TurnJob>(TURN_QUEUE, (job: Job<TurnJob>) =>
      this.serial.run(job.data.event.psid, () =>
        this.handle(job.data.event, { alreadyClaimed: job.data.claimed, onClaimed: () => job.updateData({ ...job.data, claimed: true }) }),
      ),
    );
  }

  /** Resolves when every in-process event accepted so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await this.serial.idle();
  }

  async handle(event: InboundEvent, opts: { alreadyClaimed?: boolean; onClaimed?: () => Promise<unknown> } = {}): Promise<void> {
    const { logger, messaging } = this.deps;
    switch (event.kind) {
      case 'standby':
        // Another app (a person) owns the thread: keep the window fresh, stay silent.
        await messaging.contacts.recordInbound(MESSENGER, event.psid, new Date(event.timestamp));
        logger.info({ channel: MESSENGER, psid: event.psid }, 'messenger standby message recorded (thread owned by another app)');
        return;
      case 'handover':
        logger.info({ channel: MESSENGER, psid: event.psid, change: event.change }, 'messenger thread control changed');
        return;
      case 'message':
        return this.answer(event, opts);
    }
  }

  private async answer(message: ShopperMessage, opts: { alreadyClaimed?: boolean; onClaimed?: () => Promise<unknown> }): Promise<void> {
    const { logger, messaging } = this.deps;
    const at = new Date(Math.min(message.timestamp, Date.now()));
    if (!opts.alreadyClaimed) {
      // The claim and the shopper's message on their contact (the 24-hour window) in one statement.
      if (!(await messaging.receipts.claimWith(MESSENGER, message.mid, messaging.contacts.inboundRecord(MESSENGER, message.psid, at))).claimed) {
        logger.info({ channel: MESSENGER, psid: message.psid, mid: message.mid }, 'messenger message already handled (redelivery)');
        return;
      }
      await opts.onClaimed?.();
    }
    // The receipt counts once the turn is done: after a crash mid-turn a redelivery takes it again.
    try {
      if (opts.alreadyClaimed) await messaging.contacts.recordInbound(MESSENGER, message.psid, at);
      await this.deps.adapter.processMessage(message, (context) => this.deps.bot.run(context));
      await messaging.receipts.complete(MESSENGER, message.mid);
    } catch (err) {
      await messaging.receipts.release(MESSENGER, message.mid).catch(() => undefined);
      throw err;
    }
  }
}
