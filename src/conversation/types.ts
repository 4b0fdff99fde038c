import type { FactSheetRef } from '../vocabulary/fact-sheet';
import type { Expecting, Intent, Lang, OrderStage, ProblemKind, RegionalVariant } from '../vocabulary';

/** One shopper message, whatever the channel (channels map their webhooks to this). */
export interface InboundMessage {
  /** 'webchat', 'sms', 'whatsapp', 'messenger', 'voice', 'azure:<channelId>'... */
  channel: string;
  /** The channel's conversation id (unique within the channel). */
  conversationId: string;
  /** The channel's sender id (Direct Line user id, phone number, PSID). */
  senderId: string;
  text: string;
  /** Locale the channel or browser reports (fallback only; contract §7). */
  locale?: string;
  at: Date;
  /** Identity the channel itself proves (contract §6): an SMS/WhatsApp sender's number, a store-signed web chat user. */
  proven?: { phone?: string; email?: string };
  /** The client's network address where the channel has one (web chat); counted in verification throttling, never alone. */
  clientAddress?: string;
  /**
   * An order the channel proved the sender is verified for (contract §6): web chat opened
   * from the order's tracking page, whose link only a shopper verified for it was given.
   */
  verifiedOrderId?: string;
}

/** One bot message, channel-neutral (channels render text, suggestions and the summary their way). */
export interface OutboundReply {
  text: string;
  /** Short follow-up prompts (Web Chat suggested actions, Messenger quick replies). */
  suggestions: string[];
  language: Lang;
  /** contract §3 summary. */
  wismo: { intent: Intent; orderId?: string; handoff: boolean };
  /** The facts this reply told (kept in the transcript for handoff and the LLM). */
  facts?: FactSheetRef;
  /** What kind of reply it is, for the transcript and analytics: its message key, `order_answer` or `policy_answer`. */
  kind?: string;
  /** For an order answer: where the order stood. */
  stage?: OrderStage;
}

/** What the bot remembers about one conversation between turns (kept in botbuilder state). */
export interface ConversationMemory {
  language?: Lang;
  /** For Chinese: the script replies are written in (the shopper's, else the locale's). */
  script?: 'Hans' | 'Hant';
  /** For pt, es and fr: the regional wording of replies (the shopper's words, else the locale's). */
  variant?: RegionalVariant;
  expecting: Expecting;
  /** Order number the shopper named but is not verified for yet (as resolved or as typed). */
  pendingOrder?: string;
  /** The order the conversation is linked to (verified). */
  linkedOrderId?: string;
  /** Orders this conversation is verified for. */
  verifiedOrderIds: string[];
  /** Identity verified in this conversation (email or E.164 phone), so the shopper's other orders link too. */
  verifiedIdentity?: { email?: string; phone?: string };
  /** Details given before the order number (email/phone/postcode), kept to try once it arrives. */
  pendingDetails?: { emails: string[]; phones: string[]; postcodes: string[] };
  /** Orders offered in a "which one?" question. */
  choices?: string[];
  failedAttempts: number;
  /** The details of the last failed attempt, tried again with a corrected order number. */
  failedDetails?: { emails: string[]; phones: string[]; postcodes: string[] };
  /** Consecutive turns we did not understand (fallback rephrases once, then offers a person). */
  misunderstood: number;
  /** Clarifying questions asked for the current goal. */
  clarifications: number;
  handoff?: { active: boolean; reason: string; since: string; agentJoined: boolean; caseId?: number };
  /** Set once the conversation was ever handed over: only then can people change who owns it. */
  everHandedOff?: boolean;
  /** What the shopper asked before we had to ask for details, answered once the order is linked. */
  goal?: { intent: Intent; problem?: ProblemKind };
  lastIntent?: Intent;
  subscribedOrderIds: string[];
}

export function freshMemory(): ConversationMemory {
  return { expecting: null, verifiedOrderIds: [], failedAttempts: 0, misunderstood: 0, clarifications: 0, subscribedOrderIds: [] };
}
