import type { ActivityHandler } from 'botbuilder';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../../src/vocabulary';
import type { Channel } from '../kit/channel';
import { off, on, type FeatureStatus } from '../../src/vocabulary';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import type { JobQueue } from '../../src/queue';
import { MessengerAdapter } from './adapter';
import { GraphClient } from './graph-client';
import { ChannelHealth } from './health';
import { MessengerInbox } from './inbox';
import { renderText } from './render';
import { channelOffRouter, messengerRouter, MESSENGER_PATH } from './routes';
import { MessengerSender, type RetryOptions } from './sender';
import { MESSENGER, readMessengerSettings } from './settings';

export { hubSignature } from './signature';
export { renderActivity, renderText } from './render';

export interface MessengerChannelDeps {
  config: Config;
  bot: ActivityHandler;
  logger: Logger;
  queue: JobQueue;
  messaging: MessagingServices;
  /** In-process retries of transient Send API failures (default 3 attempts from 500 ms). */
  retry?: RetryOptions;
}

export interface MessengerChannel extends Channel {
  /** Resolves once every webhook event accepted so far has been handled in-process (tests, shutdown). */
  idle(): Promise<void>;
}

/** Handover metadata the receiving inbox shows with the thread. */
const HANDOFF_METADATA = 'wismo-bot: the shopper asked for a person';
const HANDBACK_METADATA = 'wismo-bot: the case was handed back to the bot';

/**
 * Facebook Messenger: webhook (`/channels/messenger`), Send API replies with quick
 * replies, the 24-hour window rules, and the handover protocol for human agents.
 */
export function createMessengerChannel(deps: MessengerChannelDeps): MessengerChannel {
  const read = readMessengerSettings(deps.config);
  if ('off' in read) {
    const why = read.off;
    return {
      name: MESSENGER,
      status: () => off(why),
      router: channelOffRouter([MESSENGER_PATH], MESSENGER, why),
      idle: async () => {},
    };
  }
  const { settings } = read;
  const logger = deps.logger.child({ channel: MESSENGER });
  const graph = new GraphClient(settings.graphBaseUrl, settings.pageToken);
  const health = new ChannelHealth();
  const sender = new MessengerSender({ graph, settings, messaging: deps.messaging, health, logger, queue: deps.queue, retry: deps.retry ?? { attempts: 3, baseDelayMs: 500 } });
  const adapter = new MessengerAdapter(sender);
  const inbox = new MessengerInbox({ adapter, bot: deps.bot, messaging: deps.messaging, queue: deps.queue, logger });
  if (deps.queue.available) {
    inbox.startWorker();
    sender.startWorker();
  }

  const status = (): FeatureStatus => {
    const degraded = health.degraded;
    if (degraded) return on(`DEGRADED since ${degraded.since.toISOString()}: ${degraded.reason}`);
    const handover = settings.handoverAppId ? `handover to app ${settings.handoverAppId}` : 'no handover app (MESSENGER_HANDOVER_APP_ID unset)';
    const turns = deps.queue.available ? 'turns and retries on BullMQ' : 'turns in-process (REDIS_URL unset)';
    return on(`webhook ${MESSENGER_PATH}; ${handover}; out of window: ${settings.outOfWindow}; ${turns}`);
  };

  const passThread = async (address: ConversationAddress, direction: 'pass' | 'take'): Promise<void> => {
    if (!settings.handoverAppId) return;
    const psid = address.senderId;
    try {
      if (direction === 'pass') await graph.passThreadControl(psid, settings.handoverAppId, HANDOFF_METADATA);
      else await graph.takeThreadControl(psid, HANDBACK_METADATA);
      logger.info({ psid, direction, targetAppId: settings.handoverAppId }, 'messenger thread control changed by the bot');
    } catch (err) {
      // The case still exists on our side; the person can answer through deliver().
      logger.error({ psid, direction, err: (err as Error).message }, 'messenger thread control request failed');
    }
  };

  return {
    name: MESSENGER,
    status,
    router: messengerRouter({ settings, accept: (events) => inbox.accept(events) }),
    deliver: (address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult> =>
      sender.send(address.senderId, renderText(message.text, message.suggestions ?? []), message.kind),
    handoffStarted: (address) => passThread(address, 'pass'),
    handoffEnded: (address) => passThread(address, 'take'),
    idle: () => inbox.idle(),
    close: () => inbox.idle(),
  };
}
