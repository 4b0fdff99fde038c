import type { Job } from 'bullmq';
import type { Activity } from 'botbuilder';
import type { JobQueue } from '../../src/queue';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import { TranscriptStore } from '../../src/conversation/transcript';
import type { InboundMessage } from './inbound';
import { keywordOf } from './keywords';
import type { Outbox } from './outbox';
import { renderSms, renderWhatsApp, splitMessage } from './render';
import { PROVIDER } from './sender';
import type { CollectingAdapter } from './turn-adapter';

export const TURN_QUEUE = 'twilio-turn';
const TURN_ATTEMPTS = 3;

/**
 * One inbound SMS/WhatsApp message: dedupe, consent keywords, then the bot's turn, either
 * later in a job (replies sent by REST) or now (replies returned for TwiML).
 */
export class InboundHandler {
  constructor(
    private readonly deps: { queue: JobQueue; messaging: MessagingServices; logger: Logger; adapter: CollectingAdapter; outbox: Outbox },
  ) {}

  startWorker(): void {
    this.deps.queue.work<InboundMessage>(TURN_QUEUE, (job: Job<InboundMessage>) => this.answerLater(job.data));
  }

  /**
   * Returns the replies to put in TwiML now (none when the answer goes out later or not at all).
   * The receipt counts once the message is answered or durably queued: after a crash mid-turn,
   * Twilio's retry takes it again (src/messaging/receipts.ts).
   */
  async handle(message: InboundMessage): Promise<string[]> {
    const { messaging, logger } = this.deps;
    // The claim and the shopper's message on their contact (the 24-hour window, and whether they said STOP) in one statement.
    const intake = await messaging.receipts.claimWith(PROVIDER, message.messageSid, messaging.contacts.inboundRecord(message.channel, message.phone));
    if (!intake.claimed) {
      logger.info({ messageSid: message.messageSid }, 'twilio: duplicate webhook (retry or replay); not answered again');
      return [];
    }
    try {
      const parts = await this.process(message, intake.optedOut);
      await messaging.receipts.complete(PROVIDER, message.messageSid);
      return parts;
    } catch (err) {
      await messaging.receipts.release(PROVIDER, message.messageSid).catch(() => undefined);
      throw err;
    }
  }

  private async process(message: InboundMessage, optedOut: boolean): Promise<string[]> {
    const { messaging, logger, queue } = this.deps;

    const keyword = keywordOf(message.text, message.optOutType);
    if (keyword) {
      // Twilio answers keywords itself (and blocks sends after STOP); we only keep consent in step.
      if (keyword !== 'help') await messaging.contacts.setOptedOut(message.channel, message.phone, keyword === 'opt_out');
      logger.info({ channel: message.channel, from: message.phone, keyword }, 'twilio: consent keyword');
      return [];
    }
    if (optedOut) {
      logger.info({ channel: message.channel, from: message.phone }, 'twilio: sender has opted out (STOP); not answered until START');
      return [];
    }

    if (queue.available) {
      try {
        await queue.add<InboundMessage>(TURN_QUEUE, message, {
          jobId: `turn-${message.messageSid}`,
          attempts: TURN_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        });
        return [];
      } catch (err) {
        // The receipt is claimed, so a Twilio retry would be dropped: answer now instead, and
        // mark it, so a job that reached Redis after all does not answer a second time.
        logger.warn({ err: (err as Error).message }, 'twilio: could not queue the turn; answering inline');
        await messaging.receipts.claim(PROVIDER, inlineMark(message.messageSid));
        await messaging.receipts.complete(PROVIDER, inlineMark(message.messageSid));
      }
    }
    return this.answer(message);
  }

  /** The bot's replies, rendered for the channel. */
  async answer(message: InboundMessage): Promise<string[]> {
    const replies = await this.deps.adapter.runTurn({
      channel: message.channel,
      conversationId: message.phone,
      senderId: message.phone,
      text: message.text,
      provenPhone: message.phone,
    });
    return renderReplies(message.channel, replies);
  }

  private async answerLater(message: InboundMessage): Promise<void> {
    if (await this.deps.messaging.receipts.has(PROVIDER, inlineMark(message.messageSid))) return;
    const parts = await this.answer(message);
    if (parts.length === 0) return;
    await this.deps.outbox.enqueue(
      { channel: message.channel, phone: message.phone, parts, from: message.ourAddress, conversationKey: TranscriptStore.key(message.channel, message.phone), kind: 'reply' },
      `reply-${message.messageSid}`,
    );
  }
}

/** The receipt that says a message was answered inline (TwiML) because it could not be queued. */
function inlineMark(messageSid: string): string {
  return `inline:${messageSid}`;
}

/** A turn's replies as few messages as possible: joined, then split at the length limit. */
export function renderReplies(channel: 'sms' | 'whatsapp', replies: Partial<Activity>[]): string[] {
  const texts = replies.flatMap((r) => (channel === 'whatsapp' ? renderWhatsApp(r) : renderSms(r)));
  return splitMessage(texts.join('\n\n'));
}
