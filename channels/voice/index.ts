import type { ActivityHandler } from 'botbuilder';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import type { JobQueue } from '../../src/queue';
import type { MessagingServices } from '../../src/messaging';
import type { Channel } from '../kit/channel';
import { off, on } from '../../src/vocabulary';
import { voiceSettings } from '../twilio/settings';
import { CollectingAdapter } from '../twilio/turn-adapter';
import { voiceRouter } from './routes';

export { VOICE_PATH } from './routes';

export interface VoiceChannelDeps {
  config: Config;
  bot: ActivityHandler;
  logger: Logger;
  queue: JobQueue;
  messaging: MessagingServices;
}

/**
 * Twilio Voice: `POST /channels/twilio/voice` (and /gather, /confirm). A call is answered
 * turn by turn within Twilio's webhooks, so it needs neither the queue nor the messaging
 * store; they are accepted for the common channel signature.
 */
export function createVoiceChannel(deps: VoiceChannelDeps): Channel {
  const resolved = voiceSettings(deps.config);
  if (!resolved.ok) return { name: 'voice', serves: ['voice'], status: () => off(resolved.why) };
  const settings = resolved.settings;
  const logger = deps.logger.child({ channel: 'voice' });
  const handoff = settings.supportNumber ? 'handoff dials TWILIO_VOICE_SUPPORT_NUMBER' : 'handoff: a person calls back (TWILIO_VOICE_SUPPORT_NUMBER unset)';
  return {
    name: 'voice',
    serves: ['voice'],
    status: () => on(`calls answered at /channels/twilio/voice; ${handoff}`),
    router: voiceRouter({ settings, adapter: new CollectingAdapter(deps.bot, 'twilio-voice'), logger, shopName: deps.config.SHOP_NAME }),
  };
}
