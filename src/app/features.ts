import type { Config } from '../config';
import { off, on, type FeatureStatus } from '../vocabulary';

/** Features besides channels, and why each is on or off (shown at start and in /health). */
export function describeFeatures(config: Config, queueOn: boolean): Record<string, FeatureStatus> {
  const needsQueue = (what: string) => (queueOn ? on(`${what} on BullMQ`) : off('needs REDIS_URL (BullMQ on Redis)'));
  return {
    llm: config.OPENAI_API_KEY ? on(`OpenAI-compatible model ${config.OPENAI_MODEL}${config.OPENAI_BASE_URL ? ' at OPENAI_BASE_URL' : ''}`) : off('OPENAI_API_KEY is unset; the local resolver answers alone'),
    outboundRetries: needsQueue('retried outbound sends (SMS, WhatsApp, Messenger, integrations)'),
    proactiveNotifications: queueOn
      ? on('updates to subscribed shoppers when an ingest changes their order, retried on BullMQ')
      : on('updates to subscribed shoppers when an ingest changes their order, sent once without retries (REDIS_URL is unset)'),
    delayNotices: queueOn
      ? on(`delays and carrier problems detected every ${config.PROACTIVE_EVERY_MINUTES} min and told first (knowledge/proactive.yaml): BullMQ queues per channel with rate limits (${config.NOTICE_RATES}) and retries`)
      : on(`delays and carrier problems detected every ${config.PROACTIVE_EVERY_MINUTES} min and told first (knowledge/proactive.yaml): sent in this process, no rate limits or retries (REDIS_URL is unset)`),
    storeSignedWebchatUsers: config.STORE_USER_TOKEN_SECRET ? on('STORE_USER_TOKEN_SECRET is set') : off('STORE_USER_TOKEN_SECRET is unset'),
    trackingPageLinks: config.generated.publicBaseUrl
      ? off('PUBLIC_BASE_URL is unset: verified order answers carry no /track/{token} link (the pages themselves work)')
      : on(`verified order answers link /track/{token} pages, valid ${config.TRACKING_LINK_TTL_DAYS} days (key ${config.TRACKING_PAGE_SECRET ? 'from TRACKING_PAGE_SECRET' : 'derived from DIRECTLINE_SECRET'})`),
  };
}
