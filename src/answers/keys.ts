/**
 * Every sentence the bot says outside an order answer, with the parameters it takes.
 * Each language's template file (src/answers/templates/<lang>.ts) implements all keys,
 * so a missing translation is a type error.
 */
export interface MessageParams {
  /** Ask for the order number (nothing known yet). */
  ask_order_number: Record<string, never>;
  /** The order number is known: ask for the email, phone or shipping postcode on the order. */
  ask_verification: { orderNumber: string };
  /** An email/phone/postcode was given but no order number: ask for the number (email alone verifies nothing). */
  ask_order_number_for_details: Record<string, never>;
  /** Same reply for a wrong email, a wrong number and a non-existent order (contract §7). */
  verification_failed: Record<string, never>;
  /** Too many failed attempts: no more checks here, a person takes over. */
  verification_locked: Record<string, never>;
  /** More details or order numbers in one message than are checked at once (a search, not an answer). */
  too_many_details: Record<string, never>;
  /** The message was longer than the channel's limit and was cut. */
  message_truncated: { limit: number };
  /** A verified shopper has several open orders: list only numbers and dates. */
  choose_order: { orders: { id: string; placedDate: string }[] };
  /** Someone asks about an order the conversation is not verified for. */
  other_order_needs_verification: { orderNumber: string };
  /** Claims to be staff or the owner without details: we only share after verification. */
  verification_required: Record<string, never>;
  greeting: { shopName: string };
  thanks: Record<string, never>;
  /** First time we do not understand: ask to rephrase, say what we can do. */
  fallback_rephrase: Record<string, never>;
  /** Second time: offer a person. */
  fallback_offer_human: Record<string, never>;
  /** Handoff created: honest next step (eta is a ready sentence such as "A person will reply within 2 hours."). */
  handoff_created: { eta: string };
  /** The next step during support hours: "A person will reply within 2 hours." */
  handoff_eta_open: { hours: number };
  /** Outside support hours: "We're closed right now; a person will reply from Monday 9:00." */
  handoff_eta_closed: { opensAt: string };
  /** While waiting for an agent, each new message is acknowledged. */
  handoff_waiting: Record<string, never>;
  subscribe_confirmed: { orderNumber: string };
  /** Subscribing needs a verified order first. */
  subscribe_needs_order: Record<string, never>;
  unsubscribe_confirmed: Record<string, never>;
  /** Anything outside order help ("do you sell gift cards?"). */
  other: Record<string, never>;
  /** A second question in the same message that a person will take. */
  other_question_for_team: Record<string, never>;
}

export type MessageKey = keyof MessageParams;

export type MessageCatalog = { [K in MessageKey]: (params: MessageParams[K]) => string };
