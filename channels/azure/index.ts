import { TurnContext, type ActivityHandler } from 'botbuilder';
import { Router } from 'express';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../../src/vocabulary';
import type { Channel } from '../kit/channel';
import { off, on, type FeatureStatus } from '../../src/vocabulary';
import { CHANNEL_NAME } from '../../src/bot/wismo-bot';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import { createCloudAdapter } from './adapter';
import { InProcessReferenceStore, type ConversationReferenceStore } from './references';
import { proactiveActivity } from './render';
import { azureRouter, AZURE_PATH } from './routes';
import { AZURE, readAzureSettings } from './settings';

export { InProcessReferenceStore, type ConversationReferenceStore } from './references';
export { proactiveActivity, renderForAzure } from './render';

export interface AzureChannelDeps {
  config: Config;
  bot: ActivityHandler;
  logger: Logger;
  /** Conversation references for deliver(); default: in this process only. */
  references?: ConversationReferenceStore;
}

/**
 * Azure Bot Service (Teams and the other Azure channels) through botbuilder's CloudAdapter
 * on `POST /api/messages`. Off without Bot Framework credentials, unless
 * ENABLE_INSECURE_DEV_FLAGS=true (then on, unauthenticated, with a warning).
 */
export function createAzureChannel(deps: AzureChannelDeps): Channel {
  const read = readAzureSettings(deps.config);
  if ('off' in read) {
    const why = read.off;
    return { name: AZURE, status: () => off(why), router: offRouter(why) };
  }
  const { settings } = read;
  const logger = deps.logger.child({ channel: AZURE });
  const references = deps.references ?? new InProcessReferenceStore();
  const adapter = createCloudAdapter(settings, logger);
  const appId = settings.mode === 'authenticated' ? settings.appId : '';
  const insecureWarning = 'INSECURE: no Bot Framework credentials, /api/messages accepts unauthenticated requests (ENABLE_INSECURE_DEV_FLAGS=true); never use this in production';
  if (settings.mode === 'insecure') logger.warn(insecureWarning);

  const logic = async (context: TurnContext): Promise<void> => {
    context.turnState.set(CHANNEL_NAME, AZURE);
    const reference = TurnContext.getConversationReference(context.activity);
    if (reference.conversation?.id) await references.save(reference.conversation.id, reference);
    await deps.bot.run(context);
  };

  const status = (): FeatureStatus =>
    settings.mode === 'insecure'
      ? on(insecureWarning)
      : on(`${AZURE_PATH} with Bot Framework authentication (app ${settings.appId}, ${settings.appType}); conversation references kept ${deps.references ? 'in the given store' : 'in this process only'}`);

  const deliver = async (address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult> => {
    const reference = await references.get(address.conversationId);
    if (!reference) return { ok: false, reason: 'no conversation reference for this conversation (the shopper has not written since the last restart)', permanent: true };
    try {
      let id: string | undefined;
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        context.turnState.set(CHANNEL_NAME, AZURE);
        id = (await context.sendActivity(proactiveActivity(message)))?.id;
      });
      return { ok: true, providerMessageId: id };
    } catch (err) {
      const statusCode = (err as { statusCode?: number }).statusCode;
      logger.error({ conversationId: address.conversationId, statusCode, err: (err as Error).message }, 'azure proactive message failed');
      const permanent = statusCode !== undefined && statusCode >= 400 && statusCode < 500 && statusCode !== 429;
      return { ok: false, reason: (err as Error).message, permanent };
    }
  };

  return { name: AZURE, status, router: azureRouter(adapter, settings.bodyLimit, logic), deliver };
}

/** 503 with the reason rather than a bare 404, so a misconfigured Azure Bot resource is easy to diagnose. */
function offRouter(why: string): Router {
  const router = Router();
  router.all(AZURE_PATH, (_req, res) => {
    res.status(503).json({ error: 'channel_off', message: `the azure channel is off: ${why}` });
  });
  return router;
}
