import type { Config } from '../../src/config';

export const MESSENGER = 'messenger';
export const DEFAULT_GRAPH_API_BASE_URL = 'https://graph.facebook.com/v25.0';

/** What the Messenger channel needs, read once from the configuration. */
export interface MessengerSettings {
  appSecret: string;
  verifyToken: string;
  pageToken: string;
  /** Graph API base including the version, without a trailing slash. */
  graphBaseUrl: string;
  /** App that receives the thread on handoff (handover protocol); unset: no thread passing. */
  handoverAppId?: string;
  outOfWindow: Config['MESSENGER_OUT_OF_WINDOW'];
  bodyLimit: string;
}

/** The settings, or why the channel is off (the variables that are missing). */
export function readMessengerSettings(config: Config): { settings: MessengerSettings } | { off: string } {
  const required = {
    MESSENGER_APP_SECRET: config.MESSENGER_APP_SECRET,
    MESSENGER_VERIFY_TOKEN: config.MESSENGER_VERIFY_TOKEN,
    MESSENGER_PAGE_TOKEN: config.MESSENGER_PAGE_TOKEN,
  };
  const missing = Object.entries(required).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) return { off: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} unset` };
  return {
    settings: {
      appSecret: config.MESSENGER_APP_SECRET!,
      verifyToken: config.MESSENGER_VERIFY_TOKEN!,
      pageToken: config.MESSENGER_PAGE_TOKEN!,
      graphBaseUrl: (config.GRAPH_API_BASE_URL ?? DEFAULT_GRAPH_API_BASE_URL).replace(/(?<!\/)\/+$/, ''),
      handoverAppId: config.MESSENGER_HANDOVER_APP_ID,
      outOfWindow: config.MESSENGER_OUT_OF_WINDOW,
      bodyLimit: config.BODY_LIMIT,
    },
  };
}
