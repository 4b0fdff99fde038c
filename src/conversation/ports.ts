import type { Order } from '../orders/types';
import type { Expecting, HandoffReason, Intent, Lang, ProblemKind } from '../vocabulary';
import type { Understanding, UnderstandingContext } from '../resolver/types';
import type { MessageKey, MessageParams } from '../answers/keys';
import type { FactSheetRef } from '../vocabulary/fact-sheet';
import type { AttemptOutcome, Claim, Details, Identity } from '../linking/verifier';
import type { Attempter } from '../linking/throttle';
import type { TranscriptEntry } from './transcript';

/** What the engine reads of orders: one order, and a proven identity's open orders. */
export interface OrderReadPort {
  get(id: string): Promise<Order | undefined>;
  openOrdersOf(identity: { email?: string; phone?: string }): Promise<{ id: string; placedAt: Date }[]>;
}

/** Verification (src/linking): the per-message budget, the limits on failed attempts, an attempt. */
export interface VerificationPort {
  readonly budget: number;
  /** The order a typed number names, when an identity already proven owns it (no guess). */
  coveredBy(typedNumber: string, known: Identity[]): Promise<string | undefined>;
  attempterLocked(attempter: Attempter): Promise<boolean>;
  attempt(attempter: Attempter, claims: Claim[], tokens: number): Promise<AttemptOutcome>;
  /** A message over the budget: counted as failures; true when that locked the attempter. */
  overBudget(attempter: Attempter, claimed: string[], details: Details): Promise<boolean>;
}

/** The conversation's transcript: each turn saved, the recent lines read back for the model. */
export interface TranscriptPort {
  saveTurn(key: string, channel: string, senderId: string, state: { linkedOrderId?: string; language?: Lang; handoff?: boolean }, entries: TranscriptEntry[]): Promise<void>;
  transcript(key: string): Promise<TranscriptEntry[]>;
}

/** What the engine needs from the resolver. */
export interface UnderstandingPort {
  understand(text: string, ctx: UnderstandingContext): Understanding;
}

export type OrderFocus = 'status' | 'delivery_problem' | 'change_order' | 'returns' | 'subscribe';

export interface ComposedAnswer {
  text: string;
  facts: FactSheetRef;
  /** Set when the answer itself calls for a person (exception, returned, damaged...). */
  handoffReason?: string;
  suggestions: string[];
}

/** What the engine needs from answers and knowledge (knowledge is bound in by the app). */
export interface AnswerPort {
  message<K extends MessageKey>(lang: Lang, key: K, params: MessageParams[K]): string;
  order(order: Order, opts: { lang: Lang; now: Date; focus: OrderFocus; problem?: ProblemKind; locale?: string }): ComposedAnswer;
  policy(topic: 'shipping_policy' | 'returns' | 'change_order', opts: { lang: Lang; question: string }): { text: string; facts?: FactSheetRef };
  /** The line that links a verified order's tracking page (src/tracking-page); absent while the page has no public URL. */
  trackingPageLink?(orderId: string, lang: Lang): string;
}

/** When a person will answer: within hours (support open) or from a time (closed). */
export type HandoffEta = { kind: 'open'; withinHours: number } | { kind: 'closed'; opensAt: Date };

/** Who owns a conversation now: the bot, or people (and whether an agent has joined). */
export interface Ownership {
  active: boolean;
  agentJoined: boolean;
  caseId?: number;
}

/** What the engine needs from handoff: open a case, say what happens next, and who owns the conversation. */
export interface HandoffPort {
  open(request: {
    conversationKey: string; channel: string; senderId: string; reason: HandoffReason; lang: Lang; orderId?: string; now: Date;
    problem?: ProblemKind; facts?: FactSheetRef;
  }): Promise<{ eta: HandoffEta; caseId?: number }>;
  /** Who owns the conversation now (agents may have joined, resolved or handed back since the last turn). */
  ownership(conversationKey: string): Promise<Ownership>;
}

/** Decides whether a turn needs a person, and why. */
export type HandoffRulesPort = (signals: HandoffSignals) => HandoffReason | undefined;

/** One message of the conversation as the optional model sees it. */
export interface ChatLine { role: 'shopper' | 'bot'; text: string }

/**
 * The optional model (src/llm): asked only where the local resolver is unsure, and to
 * reword a verified order's answer; both resolve to undefined on any problem.
 */
export interface LlmPort {
  consult(local: Understanding): boolean;
  understand(input: { text: string; history: ChatLine[]; local: Understanding; expecting: Expecting }): Promise<
    (Partial<Pick<Understanding, 'intent' | 'alsoIntents' | 'problem' | 'language'>> & { entities?: Partial<Understanding['entities']> }) | undefined
  >;
  draft(input: { text: string; history: ChatLine[]; language: Lang; facts: FactSheetRef; templateAnswer: string }): Promise<string | undefined>;
}

/** Subscriptions to an order's updates (src/notifications). */
export interface NotificationPort {
  subscribe(s: { conversationKey: string; channel: string; address: string; orderId: string }): Promise<void>;
  unsubscribe(conversationKey: string): Promise<void>;
  /** The order a proactive notice was lately sent about on this conversation (a reply continues it). */
  noticedOrder?(conversationKey: string): Promise<string | undefined>;
}

/** What an answer can say about itself (ComposedAnswer.handoffReason). */
export type AnswerHandoffHint = 'carrier_exception' | 'returned' | 'delivery_problem' | 'stuck' | 'change_order';

/** What the handoff rules (src/handoff/rules.ts) decide on. */
export interface HandoffSignals {
  intent: Intent;
  /** The shopper's message (abuse words and merchant keywords are looked for in it). */
  text: string;
  problem?: ProblemKind;
  /** Defaults to intent === 'human_agent'. */
  askedForPerson?: boolean;
  answerHint?: AnswerHandoffHint | string;
  /**
   * An order answer was given this turn: then its hint decides about delivery problems
   * (it knows, say, that the "missing" socks are in a second parcel on its way).
   */
  answered?: boolean;
  /** Days since the merchant's ship-by date passed (negative or absent: not late). */
  daysPastShipBy?: number;
  /** Consecutive turns the bot did not understand, this one included. */
  misunderstoodTurns: number;
  verificationLocked: boolean;
  /** The resolver's strongly negative tone flag. */
  negative: boolean;
  /** Total of the order the question is about, when known. */
  orderValue?: number;
}
