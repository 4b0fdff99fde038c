import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import { addressOn, phoneOf, type MessagingChannel } from './inbound';
import type { OutboundMessage, SendOutcome, TwilioMessages } from './rest-client';
import type { MessagingSettings } from './settings';

/** WhatsApp's customer-service window: free-form messages only this long after the shopper's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** WhatsApp template variables must be short single lines. */
const TEMPLATE_VARIABLE_MAX = 1000;
export const PROVIDER = 'twilio';

/** Messages for one shopper, already rendered for the channel, in order. */
export interface SendRequest {
  channel: MessagingChannel;
  /** The shopper's number, E.164. */
  phone: string;
  parts: string[];
  /** Our address the shopper wrote to (a reply comes from the same number); else the configured sender. */
  from?: string;
  conversationKey?: string;
  kind: 'reply' | 'agent' | 'bot' | 'notification';
}

export type SendPlan = { action: 'send'; messages: OutboundMessage[] } | { action: 'skip'; reason: string };

/**
 * The rules every outbound Twilio message follows (consent, the WhatsApp window and its
 * template), the REST call, and what its outcome means for the delivery log and consent.
 */
export class MessageSender {
  constructor(
    private readonly settings: MessagingSettings,
    private readonly api: TwilioMessages,
    private readonly messaging: MessagingServices,
    private readonly logger: Logger,
  ) {}

  get statusCallbackUrl(): string {
    return `${this.settings.publicBaseUrl}/channels/twilio/status`;
  }

  /** What may be sent to this shopper now: the parts, one approved template, or nothing (and why). */
  async plan(request: SendRequest, now = new Date()): Promise<SendPlan> {
    const parts = request.parts.filter((p) => p.trim() !== '');
    if (parts.length === 0) return { action: 'skip', reason: 'nothing to send' };
    const contact = await this.messaging.contacts.get(request.channel, request.phone);
    if (contact?.optedOut) return { action: 'skip', reason: 'the shopper opted out (STOP)' };
    const base = this.addressing(request);
    if (request.channel === 'whatsapp' && !(await this.messaging.contacts.withinWindow('whatsapp', request.phone, WHATSAPP_WINDOW_MS, now))) {
      const contentSid = this.settings.whatsappContentSid;
      if (!contentSid) {
        return { action: 'skip', reason: 'outside the WhatsApp 24-hour window and TWILIO_WHATSAPP_CONTENT_SID (an approved template) is unset' };
      }
      return { action: 'send', messages: [{ ...base, contentSid, contentVariables: JSON.stringify({ 1: templateVariable(parts.join(' ')) }) }] };
    }
    return { action: 'send', messages: parts.map((body) => ({ ...base, body })) };
  }

  /** Sends one planned message and records what it means; transient failures are left to the caller to retry. */
  async sendOne(message: OutboundMessage, idempotencyToken: string, request: SendRequest, attempt: number, finalAttempt: boolean): Promise<SendOutcome> {
    const outcome = await this.api.send(message, idempotencyToken);
    const record = { provider: PROVIDER, channel: request.channel, address: request.phone, conversationKey: request.conversationKey, attempts: attempt };
    if (outcome.ok) {
      await this.messaging.deliveries.recordSent({ ...record, providerMessageId: outcome.sid, status: outcome.status });
      return outcome;
    }
    const log = { channel: request.channel, to: request.phone, code: outcome.code, status: outcome.status, attempt };
    switch (outcome.kind) {
      case 'opted_out':
        // 21610: the shopper said STOP to this sender; Twilio blocks every send, so do we.
        this.logger.info(log, 'twilio: recipient opted out (21610); marked opted out, not retried');
        await this.messaging.contacts.setOptedOut(request.channel, request.phone, true);
        break;
      case 'outside_window':
        this.logger.warn(log, 'twilio: WhatsApp free-form message outside the 24-hour window (63016); not retried');
        break;
      case 'rejected':
        this.logger.warn({ ...log, reason: outcome.message }, 'twilio: message rejected; not retried');
        break;
      case 'transient':
        this.logger.warn({ ...log, reason: outcome.message }, finalAttempt ? 'twilio: send failed, giving up' : 'twilio: send failed, will retry');
        if (!finalAttempt) return outcome;
        break;
    }
    await this.messaging.deliveries.recordSent({ ...record, status: 'failed', errorCode: outcome.code !== undefined ? String(outcome.code) : undefined });
    return outcome;
  }

  /** From our number (or the Messaging Service), with the status callback. */
  private addressing(request: SendRequest): Pick<OutboundMessage, 'to' | 'from' | 'messagingServiceSid' | 'statusCallback'> {
    const to = addressOn(request.channel, request.phone);
    const statusCallback = this.statusCallbackUrl;
    if (this.settings.messagingServiceSid) return { to, messagingServiceSid: this.settings.messagingServiceSid, statusCallback };
    const from = request.from ?? addressOn(request.channel, phoneOf(this.settings.from!));
    return { to, from, statusCallback };
  }
}

/** Meta rejects template variables with new lines, tabs or more than four spaces in a row. */
function templateVariable(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= TEMPLATE_VARIABLE_MAX ? oneLine : `${oneLine.slice(0, TEMPLATE_VARIABLE_MAX - 1).replace(/(?<!\s)\s+\S*$/, '')}…`;
}
