import type { MessengerSettings } from './settings';
import type { MessageTag, MessagingType } from './graph-client';

export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
/** HUMAN_AGENT lets a person reply up to 7 days after the shopper's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Who a message is from: the bot's own reply, a person, or an order notification. */
export type MessageKind = 'bot' | 'agent' | 'notification';

export type SendDecision =
  | { send: true; messagingType: MessagingType; tag?: MessageTag }
  | { send: false; reason: string };

/**
 * What Messenger's policy lets us send now. Inside the 24-hour window anything goes
 * (replies as RESPONSE, notifications as UPDATE). Outside it only what MESSENGER_OUT_OF_WINDOW
 * allows: `human_agent` tags a person's reply within 7 days, `post_purchase_update` tags
 * order notifications, everything else is dropped (a bot may not start conversations).
 */
export function decideSend(
  kind: MessageKind,
  /** Time since the shopper's last message; undefined when they never wrote to the Page. */
  sinceLastInboundMs: number | undefined,
  policy: MessengerSettings['outOfWindow'],
): SendDecision {
  if (sinceLastInboundMs === undefined) return { send: false, reason: 'the shopper never wrote to the Page (a bot may not start a conversation)' };
  if (sinceLastInboundMs < STANDARD_WINDOW_MS) return { send: true, messagingType: kind === 'notification' ? 'UPDATE' : 'RESPONSE' };
  if (policy === 'human_agent' && kind === 'agent') {
    if (sinceLastInboundMs < HUMAN_AGENT_WINDOW_MS) return { send: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    return { send: false, reason: 'no shopper message in the last 7 days (HUMAN_AGENT limit)' };
  }
  if (policy === 'post_purchase_update' && kind === 'notification') {
    return { send: true, messagingType: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' };
  }
  return { send: false, reason: `outside the 24-hour window; MESSENGER_OUT_OF_WINDOW=${policy} does not allow a ${kind} message` };
}
