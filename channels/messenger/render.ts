import type { Activity } from 'botbuilder';
import { renderReply, renderText as renderForChannel, type Button, type Capabilities, type Rendered } from '../kit/render';

/** Send API limits (https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies). */
export const MAX_TEXT_LENGTH = 2000;
export const MAX_QUICK_REPLIES = 13;
export const MAX_QUICK_REPLY_TITLE = 20;
export const MAX_QUICK_REPLY_PAYLOAD = 1000;

/** Messenger shows plain text (no markdown) and suggestions as quick replies on the last message. */
const MESSENGER: Capabilities = {
  markup: 'plain',
  suggestions: { as: 'buttons', max: MAX_QUICK_REPLIES, titleMax: MAX_QUICK_REPLY_TITLE, payloadMax: MAX_QUICK_REPLY_PAYLOAD },
  maxChars: MAX_TEXT_LENGTH,
};

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

/** The `message` object of one Send API call. */
export interface MessengerMessage {
  text: string;
  quick_replies?: QuickReply[];
}

/** A bot reply Activity as Messenger messages. */
export function renderActivity(activity: Partial<Activity>): MessengerMessage[] {
  return toMessages(renderReply(activity, MESSENGER));
}

/** Text plus suggestions (an agent's reply, a notification) as Messenger messages. */
export function renderText(text: string, suggestions: (string | Button)[] = []): MessengerMessage[] {
  const buttons = suggestions.map((s) => (typeof s === 'string' ? { title: s, payload: s } : s));
  return toMessages(renderForChannel(text, buttons, MESSENGER));
}

function toMessages({ parts, buttons }: Rendered): MessengerMessage[] {
  const messages: MessengerMessage[] = parts.map((part) => ({ text: part }));
  if (buttons.length > 0) messages[messages.length - 1].quick_replies = buttons.map((b) => ({ content_type: 'text', title: b.title, payload: b.payload }));
  return messages;
}
