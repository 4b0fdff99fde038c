import {
  CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Logger } from '../../src/log/logger';
import type { AzureSettings } from './settings';

/**
 * botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication: it validates the
 * Bot Connector's JWT on every request (401 otherwise) and authenticates replies to the
 * activity's serviceUrl. Without an app id both are skipped (insecure development mode).
 */
export function createCloudAdapter(settings: AzureSettings, logger: Logger): CloudAdapter {
  const credentials = settings.mode === 'authenticated'
    ? { MicrosoftAppId: settings.appId, MicrosoftAppPassword: settings.appPassword, MicrosoftAppType: settings.appType, MicrosoftAppTenantId: settings.tenantId }
    : {};
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings.mode === 'authenticated' ? { MicrosoftAppId: settings.appId, MicrosoftAppTenantId: settings.tenantId } : {},
    new ConfigurationServiceClientCredentialFactory(credentials),
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, err) => {
    // Logged here, answered 500 by the adapter; the shopper gets no half-finished turn.
    logger.error({ channelId: context.activity.channelId, conversationId: context.activity.conversation?.id, err }, 'azure turn failed');
    throw err;
  };
  return adapter;
}
