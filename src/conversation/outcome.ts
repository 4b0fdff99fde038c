import type { OutboundReply } from './types';

/**
 * What one shopper message ended as, for operations (the `outcome` label of
 * `wismo_turns_total`). A small closed set:
 * - `answered`: the bot answered (an order or policy answer, a greeting, a subscription...);
 * - `clarifying`: the bot asked for what it needs (the order number, a detail to verify, which
 *   order), or said the details did not match;
 * - `fallback`: the bot did not understand the message (asked to rephrase, offered a person);
 * - `handed_off`: this message opened (or reopened) a case for a person;
 * - `with_agent`: the conversation was already with a person (acknowledged, or silent once an agent joined);
 * - `error`: the turn failed (set by the turn handler, src/bot/wismo-bot.ts).
 */
export const TURN_OUTCOMES = ['answered', 'clarifying', 'fallback', 'handed_off', 'with_agent', 'error'] as const;
export type TurnOutcome = (typeof TURN_OUTCOMES)[number];

/** Replies that ask the shopper for something before the bot can answer. */
const CLARIFYING = new Set([
  'ask_order_number', 'ask_verification', 'ask_order_number_for_details', 'verification_failed', 'choose_order',
  'other_order_needs_verification', 'verification_required', 'too_many_details', 'subscribe_needs_order',
]);
const FALLBACK = new Set(['fallback_rephrase', 'fallback_offer_human']);

/** The outcome of a turn from its replies (their `kind`) and whether a person owns the conversation after it. */
export function turnOutcome(replies: OutboundReply[], withPerson: boolean): Exclude<TurnOutcome, 'error'> {
  if (replies.some((r) => r.kind === 'handoff_created')) return 'handed_off';
  if (withPerson) return 'with_agent';
  // A note that the message was cut comes first; the reply after it says what the turn did.
  const last = replies.filter((r) => r.kind !== 'message_truncated').at(-1)?.kind ?? '';
  if (CLARIFYING.has(last)) return 'clarifying';
  if (FALLBACK.has(last)) return 'fallback';
  return 'answered';
}
