import { ActivityTypes, type Activity, type ActivityHandler } from 'botbuilder';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import type { JobQueue } from '../../src/queue';
import type { MessagingServices } from '../../src/messaging';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../../src/vocabulary';
import type { Channel } from '../kit/channel';
import { off, on } from '../../src/vocabulary';
import { TranscriptStore } from '../../src/conversation/transcript';
import { InboundHandler, renderReplies } from './inbound-handler';
import { createOutbox } from './outbox';
import { TwilioMessages } from './rest-client';
import { messagingRouter } from './routes';
import { MessageSender } from './sender';
import { messagingSettings } from './settings';
import { CollectingAdapter } from './turn-adapter';
import { phoneOf, type MessagingChannel } from './inbound';

export interface TwilioChannelDeps {
  config: Config;
  bot: ActivityHandler;
  logger: Logger;
  queue: JobQueue;
  messaging: MessagingServices;
  /** Base delay of the send retries' exponential backoff (tests shorten it). */
  retryBackoffMs?: number;
}

export { SMS_PATH, STATUS_PATH } from './routes';

/** Twilio SMS and WhatsApp: `POST /channels/twilio/sms` and `/channels/twilio/status`. */
export function createTwilioChannel(deps: TwilioChannelDeps): Channel {
  const resolved = messagingSettings(deps.config);
  if (!resolved.ok) return { name: 'twilio', serves: ['sms', 'whatsapp'], status: () => off(resolved.why) };
  const settings = resolved.settings;
  const logger = deps.logger.child({ channel: 'twilio' });

  const api = new TwilioMessages(settings.accountSid, settings.authToken, settings.apiBaseUrl);
  const sender = new MessageSender(settings, api, deps.messaging, logger);
  const outbox = createOutbox(deps.queue, sender, logger, deps.retryBackoffMs);
  const handler = new InboundHandler({ queue: deps.queue, messaging: deps.messaging, logger, adapter: new CollectingAdapter(deps.bot), outbox });
  if (deps.queue.available) {
    outbox.startWorker();
    handler.startWorker();
  }
  const sendsFrom = settings.messagingServiceSid ? 'Messaging Service' : 'TWILIO_FROM';
  const replies = deps.queue.available ? 'replies by REST with retries (BullMQ)' : 'replies inline in TwiML (REDIS_URL unset: no retries)';
  const whatsappTemplate = settings.whatsappContentSid ? 'WhatsApp template set' : 'no WhatsApp template: nothing is sent outside the 24-hour window';

  return {
    name: 'twilio',
    serves: ['sms', 'whatsapp'],
    status: () => on(`SMS and WhatsApp via ${sendsFrom}; ${replies}; ${whatsappTemplate}`),
    router: messagingRouter({ settings, handler, messaging: deps.messaging, logger }),
    close: () => api.close(),

    async deliver(address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult> {
      if (address.channel !== 'sms' && address.channel !== 'whatsapp') return { ok: false, reason: `not a Twilio messaging conversation: ${address.channel}`, permanent: true };
      const channel: MessagingChannel = address.channel;
      const phone = phoneOf(address.senderId || address.conversationId);
      const activity: Partial<Activity> = {
        type: ActivityTypes.Message,
        text: message.text,
        suggestedActions: message.suggestions?.length ? { to: [], actions: message.suggestions.map((s) => ({ type: 'imBack', title: s, value: s })) } : undefined,
      };
      const request = { channel, phone, parts: renderReplies(channel, [activity]), conversationKey: TranscriptStore.key(channel, address.conversationId), kind: message.kind };
      try {
        const plan = await sender.plan(request);
        if (plan.action === 'skip') {
          logger.info({ channel, to: phone, kind: message.kind, reason: plan.reason }, 'twilio: message not sent');
          return { ok: false, reason: plan.reason, permanent: true };
        }
        // A notice's retries carry one key: the same job and Twilio idempotency tokens, never a second send.
        const jobId = `deliver-${message.key ?? crypto.randomUUID()}`;
        // A keyed caller (a notice's own BullMQ job) is already off the request path and retries by
        // itself: it sends now, one hop less; what a transient failure leaves still goes to the outbox queue.
        if (deps.queue.available && !message.key) {
          await outbox.enqueue(request, jobId, plan.messages);
          return { ok: true };
        }
        const result = await outbox.sendNow(request, jobId, plan.messages);
        return result.failure ? { ok: false, ...result.failure } : { ok: true, providerMessageId: result.providerMessageId };
      } catch (err) {
        logger.error({ err, channel }, 'twilio: delivery failed');
        return { ok: false, reason: (err as Error).message, permanent: false };
      }
    },
  };
}
