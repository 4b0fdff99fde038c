import { withoutControlCharacters } from '../vocabulary';

/**
 * The longest text read from one shopper message, per channel: SMS bodies stop at 1,600
 * characters and Messenger texts at 2,000 on the providers' side; web chat and the rest get
 * room for a long story. Longer text is cut (the shopper is told), so no message, however
 * long, costs more than this to understand.
 */
const TEXT_LIMITS: Record<string, number> = { sms: 1600, whatsapp: 4096, messenger: 2000, voice: 1000, webchat: 4000 };
const DEFAULT_TEXT_LIMIT = 4000;

export function textLimitOf(channel: string): number {
  return TEXT_LIMITS[channel] ?? DEFAULT_TEXT_LIMIT;
}

/** The text without control characters, cut to the channel's limit (never inside a surrogate pair), and the limit when it was cut. */
export function boundText(input: string, channel: string): { text: string; cutAt?: number } {
  const text = withoutControlCharacters(input);
  const limit = textLimitOf(channel);
  if (text.length <= limit) return { text };
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cutAt: limit };
}
