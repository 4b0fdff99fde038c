import type { Config } from '../../src/config';

/** What the Twilio channels need from the configuration, once it is known to be complete. */
export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  /** Twilio's REST base URL, or a local fake in tests. */
  apiBaseUrl?: string;
  /** The URL Twilio calls; signatures are computed over it plus the request path. */
  publicBaseUrl: string;
  bodyLimit: string;
}

export interface MessagingSettings extends TwilioCredentials {
  /** Our sender (E.164, possibly with a whatsapp: prefix); unused when a Messaging Service sends. */
  from?: string;
  messagingServiceSid?: string;
  /** Approved WhatsApp template (HX...) for messages outside the 24-hour window. */
  whatsappContentSid?: string;
}

export interface VoiceSettings extends TwilioCredentials {
  supportNumber?: string;
}

export type Resolved<T> = { ok: true; settings: T } | { ok: false; why: string };

function credentials(config: Config): Resolved<TwilioCredentials> {
  const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const).filter((k) => !config[k]);
  if (missing.length > 0) return { ok: false, why: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} unset` };
  return {
    ok: true,
    settings: {
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
      publicBaseUrl: config.PUBLIC_BASE_URL.replace(/(?<!\/)\/+$/, ''),
      bodyLimit: config.BODY_LIMIT,
    },
  };
}

export function messagingSettings(config: Config): Resolved<MessagingSettings> {
  const base = credentials(config);
  if (!base.ok) return base;
  if (!config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID) return { ok: false, why: 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is unset' };
  return {
    ok: true,
    settings: {
      ...base.settings,
      from: config.TWILIO_FROM,
      messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
      whatsappContentSid: config.TWILIO_WHATSAPP_CONTENT_SID,
    },
  };
}

export function voiceSettings(config: Config): Resolved<VoiceSettings> {
  const base = credentials(config);
  if (!base.ok) return base;
  return { ok: true, settings: { ...base.settings, supportNumber: config.TWILIO_VOICE_SUPPORT_NUMBER } };
}
