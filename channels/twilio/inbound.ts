import { z } from 'zod';

/** A Twilio resource SID: two letters (SM, MM...) and 32 hex digits. */
const messageSid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, { message: 'expected a message SID (SM... or MM..., 34 characters)' });

/** A Twilio channel address: E.164, or `whatsapp:+E164` for WhatsApp. */
const address = z.string().trim().regex(/^(whatsapp:)?\+[1-9]\d{1,14}$/, { message: 'expected an E.164 number, optionally prefixed with whatsapp:' });

/**
 * The inbound message webhook (formats §1). Tolerant: unknown parameters are kept
 * (they are part of the signature) and ignored here.
 */
export const inboundMessageSchema = z.looseObject({
  MessageSid: messageSid,
  AccountSid: z.string().min(1).optional(),
  From: address,
  To: address,
  // Twilio sends at most 1,600 characters; more is read only up to the channel limit (src/conversation/limits.ts).
  Body: z.string().max(100_000),
  NumMedia: z.string().regex(/^\d+$/).optional(),
  OptOutType: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  ProfileName: z.string().optional(),
});
export type InboundWebhook = z.infer<typeof inboundMessageSchema>;

/** A status callback for a message we sent. */
export const statusCallbackSchema = z.looseObject({
  MessageSid: messageSid,
  MessageStatus: z.enum(['queued', 'accepted', 'scheduled', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'partially_delivered', 'canceled', 'receiving', 'received']),
  ErrorCode: z.string().regex(/^\d*$/).optional(),
  To: z.string().optional(),
});
export type StatusCallback = z.infer<typeof statusCallbackSchema>;

export type MessagingChannel = 'sms' | 'whatsapp';

/** One shopper message as the channel works with it. */
export interface InboundMessage {
  messageSid: string;
  channel: MessagingChannel;
  /** The shopper's number, E.164 (also the conversation id and the proven phone). */
  phone: string;
  /** Our number the shopper wrote to, as Twilio gave it (replies come from it). */
  ourAddress: string;
  text: string;
  optOutType?: string;
  hasMedia: boolean;
}

export function toInboundMessage(w: InboundWebhook): InboundMessage {
  const channel: MessagingChannel = w.From.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
  return {
    messageSid: w.MessageSid,
    channel,
    phone: phoneOf(w.From),
    ourAddress: w.To,
    text: w.Body,
    optOutType: w.OptOutType || undefined,
    hasMedia: Number(w.NumMedia ?? '0') > 0,
  };
}

export function phoneOf(addr: string): string {
  return addr.replace(/^whatsapp:/, '');
}

/** The Twilio address of a number on a channel. */
export function addressOn(channel: MessagingChannel, phone: string): string {
  return channel === 'whatsapp' ? `whatsapp:${phoneOf(phone)}` : phoneOf(phone);
}
