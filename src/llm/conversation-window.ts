import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export interface ChatTurn {
  role: 'shopper' | 'bot';
  text: string;
}

/** How many earlier messages of this conversation the model sees. */
export const HISTORY_LIMIT = 8;
/** Longer messages are cut: they cost tokens and only pad injection attempts. */
const MAX_TURN_CHARS = 1000;

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
/** Any token with a digit: order, tracking and phone numbers, postcodes, dates, amounts. */
const DETAIL_TOKEN = /(?<![^\s,;!?，。；！？\p{Script=Han}])[^\s,;!?，。；！？\p{Script=Han}]*\d[^\s,;!?，。；！？\p{Script=Han}]*/gu;

/**
 * The bot's earlier replies may hold order details (tracking, dates, another verified
 * order): they are masked so a request carries no order data beyond what a call adds
 * on purpose. The bot's questions, which give the shopper's answers their meaning, stay.
 */
export function maskBotDetails(text: string): string {
  return text.replace(URL, '[link]').replace(EMAIL, '[email]').replace(DETAIL_TOKEN, '[detail]');
}

/** The last HISTORY_LIMIT turns before the current message, as chat messages. */
export function recentTurns(history: readonly ChatTurn[], currentText: string, limit = HISTORY_LIMIT): ChatCompletionMessageParam[] {
  let earlier = history;
  // Callers may pass a history that already ends with the current message.
  const last = earlier[earlier.length - 1];
  if (last && last.role === 'shopper' && last.text === currentText) earlier = earlier.slice(0, -1);
  return earlier.slice(-limit).map((turn) =>
    turn.role === 'shopper'
      ? { role: 'user' as const, content: clip(turn.text) }
      : { role: 'assistant' as const, content: clip(maskBotDetails(turn.text)) },
  );
}

export function shopperMessage(text: string): ChatCompletionMessageParam {
  return { role: 'user', content: clip(text) };
}

function clip(text: string): string {
  return text.length > MAX_TURN_CHARS ? `${text.slice(0, MAX_TURN_CHARS)}…` : text;
}
