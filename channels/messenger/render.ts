import { ActivityTypes, type Activity } from 'botbuilder';

/** Send API limits (https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies). */
export const MAX_TEXT_LENGTH = 2000;
export const MAX_QUICK_REPLIES = 13;
export const MAX_QUICK_REPLY_TITLE = 20;
export const MAX_QUICK_REPLY_PAYLOAD = 1000;

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

/** A bot reply Activity as Messenger messages: text split at 2,000 characters, quick replies on the last part. */
export function renderActivity(activity: Partial<Activity>): MessengerMessage[] {
  if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message) return [];
  const suggestions = (activity.suggestedActions?.actions ?? []).map((a) => ({
    title: String(a.title ?? a.value ?? ''),
    payload: typeof a.value === 'string' && a.value !== '' ? a.value : String(a.title ?? ''),
  }));
  return renderText(activity.text ?? '', suggestions);
}

/** Text plus suggestions (strings, or title/payload pairs) as Messenger messages. */
export function renderText(text: string, suggestions: (string | { title: string; payload: string })[] = []): MessengerMessage[] {
  const parts = splitText(text.trim());
  if (parts.length === 0) return [];
  const replies = quickReplies(suggestions.map((s) => (typeof s === 'string' ? { title: s, payload: s } : s)));
  const messages: MessengerMessage[] = parts.map((part) => ({ text: part }));
  if (replies.length > 0) messages[messages.length - 1].quick_replies = replies;
  return messages;
}

/**
 * Quick replies within Messenger's limits: at most 13, titles cut to 20 characters. The
 * payload keeps the whole suggestion, and the payload is what comes back as the shopper's text.
 */
export function quickReplies(suggestions: { title: string; payload: string }[]): QuickReply[] {
  const seen = new Set<string>();
  const replies: QuickReply[] = [];
  for (const s of suggestions) {
    const title = truncate(s.title.trim(), MAX_QUICK_REPLY_TITLE);
    const payload = truncate((s.payload || s.title).trim(), MAX_QUICK_REPLY_PAYLOAD);
    if (title === '' || seen.has(payload)) continue;
    seen.add(payload);
    replies.push({ content_type: 'text', title, payload });
    if (replies.length === MAX_QUICK_REPLIES) break;
  }
  return replies;
}

/** Splits text into parts of at most `max` characters, preferring paragraph, line and word breaks. */
export function splitText(text: string, max = MAX_TEXT_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = Math.max(rest.lastIndexOf('\n\n', max), rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    // No break in the second half: cut hard, but never between the halves of a surrogate pair.
    if (cut < max / 2) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    const part = rest.slice(0, cut).trimEnd();
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
