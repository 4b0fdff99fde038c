import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import { maskPii } from '../../src/log/logger';
import { off, on, type ConversationAddress, type DeliveryResult, type ProactiveMessage } from '../../src/vocabulary';
import type { Channel } from '../kit/channel';
import { composeEmail, recipientOf, unsubscribeUrlOf } from './compose';
import { failureOf } from './failures';
import { EMAIL, readEmailSettings } from './settings';

export { composeEmail, htmlFromText, plainTextOf, recipientOf, subjectOf, unsubscribeUrlOf } from './compose';
export { failureOf } from './failures';

export interface EmailChannelDeps {
  config: Config;
  logger: Logger;
}

/** How long a send may wait for the server (nodemailer's defaults are minutes). */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

/**
 * Outbound email (SMTP through nodemailer): proactive notices to shoppers whose address is
 * their email. Nothing comes in: a reply goes to EMAIL_FROM, the merchant's mailbox; the
 * message carries the tracking page link, which opens the chat.
 */
export function createEmailChannel(deps: EmailChannelDeps): Channel {
  const read = readEmailSettings(deps.config);
  if ('off' in read) {
    const why = read.off;
    return { name: EMAIL, serves: [EMAIL], status: () => off(why) };
  }
  const { settings } = read;
  const logger = deps.logger.child({ channel: EMAIL });
  // Loaded only when email is configured.
  const transport = (require('nodemailer') as typeof import('nodemailer')).createTransport({
    pool: true,
    url: settings.smtpUrl,
    maxConnections: 3,
    ...TIMEOUTS,
    // Messages are our own text: no attachments or parts read from files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const tls = settings.server.tls === 'smtps' ? 'TLS' : 'STARTTLS when offered';
  let closed = false;

  return {
    name: EMAIL,
    serves: [EMAIL],
    status: () => (closed ? off('closed') : on(`outbound only, SMTP ${settings.server.host}:${settings.server.port} (${tls}), pooled`)),

    async deliver(address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult> {
      if (address.channel !== EMAIL) return { ok: false, reason: `not an email conversation: ${address.channel}`, permanent: true };
      const to = recipientOf(address.senderId);
      if (!to) return { ok: false, reason: 'the recipient is not an email address', permanent: true };
      if (message.unsubscribeUrl !== undefined && !unsubscribeUrlOf(message.unsubscribeUrl)) {
        return { ok: false, reason: 'unsubscribeUrl is not an absolute https, http or mailto URL', permanent: true };
      }
      const email = composeEmail(message, settings.shopName);
      if (!email.text.trim() && !message.html) return { ok: false, reason: 'empty message', permanent: true };
      const masked = maskPii(to);
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          ...(email.unsubscribe ? { list: { unsubscribe: email.unsubscribe } } : {}),
          // RFC 3834: an automatic message, so that out-of-office replies are not sent back.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        logger.info({ to: masked, kind: message.kind, intent: message.wismo.intent, messageId: info.messageId }, 'email: notice sent');
        return { ok: true, providerMessageId: info.messageId };
      } catch (err) {
        const failure = failureOf(err);
        logger.warn({ to: masked, kind: message.kind, permanent: failure.permanent, reason: failure.reason }, 'email: notice not sent');
        return failure;
      }
    },

    async close(): Promise<void> {
      closed = true;
      transport.close();
    },
  };
}
