import type { Config } from '../../src/config';

export const EMAIL = 'email';

/** What the email channel needs, read once from the configuration. */
export interface EmailSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; a secret. */
  smtpUrl: string;
  /** Where the server is, for /health (no user, no password). */
  server: { host: string; port: string; tls: 'smtps' | 'starttls' };
  /** The sender, such as "Shop <orders@shop.example>": the merchant's mailbox, where replies go. */
  from: string;
  shopName: string;
}

/** The settings, or why the channel is off (what is missing). */
export function readEmailSettings(config: Config): { settings: EmailSettings } | { off: string } {
  const missing = (['SMTP_URL', 'EMAIL_FROM'] as const).filter((k) => !config[k]);
  if (missing.length > 0) return { off: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} unset: no notices by email` };
  let url: URL;
  try {
    url = new URL(config.SMTP_URL!);
  } catch {
    return { off: 'SMTP_URL is not a URL such as smtp://user:pass@host:587' };
  }
  const smtps = url.protocol === 'smtps:';
  return {
    settings: {
      smtpUrl: config.SMTP_URL!,
      server: { host: url.hostname, port: url.port || (smtps ? '465' : '587'), tls: smtps ? 'smtps' : 'starttls' },
      from: config.EMAIL_FROM!,
      shopName: config.SHOP_NAME,
    },
  };
}
