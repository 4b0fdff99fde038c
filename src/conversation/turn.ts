import type { Attempter } from '../linking/throttle';
import { identityKey } from '../linking/throttle';
import type { Identity } from '../linking/verifier';
import { traditional } from '../resolver/script';
import { extractEntities } from '../resolver/entities';
import { toE164 } from '../linking/phone';
import type { Understanding } from '../resolver/types';
import { inRegionalWording } from '../answers/regional';
import type { MessageKey, MessageParams } from '../answers/keys';
import type { Intent, Lang, OrderStage } from '../vocabulary';
import type { EngineDeps } from './deps';
import { INTENT_TABLE } from '../vocabulary';
import type { ChatLine } from './ports';
import { TranscriptStore } from './transcript';
import type { ConversationMemory, InboundMessage, OutboundReply } from './types';

/** Clarifying questions for one goal before a person is offered. */
const MAX_CLARIFICATIONS = 2;

/** The runs of digits in a text, with the separators a phone is written with ("33 1234 5678", "01304-001"). */
function digitRuns(text: string): string[] {
  // Matched whole, then cut after the last digit: a pattern that must end on a digit backtracks (polynomially) over long runs.
  return (text.match(/[\d(][\d\s().-]*/g) ?? []).map(toLastDigit).filter((run) => run.replace(/\D/g, '').length >= 3);
}

function toLastDigit(run: string): string {
  let end = run.length;
  while (end > 0 && !isDigit(run[end - 1])) end--;
  return run.slice(0, end);
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** While verifying, a bare number read as a postcode may also be a corrected order number. */
export function bareNumbers(postcodes: string[]): string[] {
  return postcodes.filter((p) => /^\d{3,10}$/.test(p));
}

/**
 * What a message may verify with, known before the turn runs (the turn lock reads the orders and
 * counters they name): the order numbers it holds (read as a first message and as the answer to
 * "which order number?", and bare numbers that may be corrected order numbers), the identity
 * keys of the emails and of the phones typed in full international form, and the phones typed
 * without a country code and other numbers a verifying turn may read as one (their keys need
 * the order's country: SQL reads them in the countries of the orders the numbers name). A guess:
 * what the turn then asks for and this did not cover is read when asked.
 */
export function typedInMessage(text: string): { numbers: string[]; identities: string[]; nationalPhones: string[] } {
  // Read as the answer to "which order number?": every number a first message gives, and bare years too.
  const typed = extractEntities(text, { expecting: 'order_number' });
  const phones = typed.phones.flatMap((p) => (p.startsWith('+') ? [toE164(p)] : [])).filter((p): p is string => !!p);
  const identities = [...typed.emails.map((email) => identityKey({ email })), ...phones.map((phone) => identityKey({ phone }))];
  const numbers = [...typed.orderNumbers, ...bareNumbers(typed.postcodes)];
  return {
    numbers: [...new Set(numbers)],
    identities: [...new Set(identities.filter((k): k is string => !!k))],
    // A detail typed beside the number without a label is also read as a phone in the order's country.
    nationalPhones: [...new Set([...typed.phones.filter((p) => !p.startsWith('+')), ...digitRuns(text)])],
  };
}

/** Who is verifying in a message (Turn.attempter), known before the turn runs: the turn lock reads its counters. */
export function attempterOf(msg: Pick<InboundMessage, 'channel' | 'conversationId' | 'senderId' | 'proven' | 'clientAddress'>): Attempter {
  const identity = identityKey(msg.proven ?? {}) ?? `${msg.channel}:${msg.senderId}`;
  return { conversation: TranscriptStore.key(msg.channel, msg.conversationId), identity, client: msg.clientAddress };
}

/**
 * What one turn works on, shared by its steps (src/conversation/steps): the message, the
 * conversation's memory, what was understood, and the replies so far, with the few helpers
 * every step uses to remember and to speak.
 */
export class Turn {
  readonly replies: OutboundReply[] = [];
  readonly now: Date;
  intent: Intent = 'other';
  lang: Lang = 'en';
  u!: Understanding;
  /** The conversation was linked to an order during this turn. */
  linkedNow = false;
  /** An order answer was given in this turn (a several-question message gets one). */
  orderAnswered = false;

  constructor(readonly deps: EngineDeps, readonly msg: InboundMessage, readonly memory: ConversationMemory) {
    this.now = deps.clock?.() ?? new Date();
  }

  get conversationKey(): string {
    return TranscriptStore.key(this.msg.channel, this.msg.conversationId);
  }

  /**
   * Who is verifying, as the throttle counts it: the conversation; the sender's proven phone or
   * email whatever the channel (SMS and WhatsApp from one number are one sender), else the
   * channel's user id; and the client address where the channel has one.
   */
  get attempter(): Attempter {
    return attempterOf(this.msg);
  }

  /** The conversation so far (this conversation only), for the model. */
  async history(): Promise<ChatLine[]> {
    const entries = await this.deps.transcript.transcript(this.conversationKey);
    return entries.slice(-8).map((e) => ({ role: e.direction === 'in' ? 'shopper' : 'bot', text: e.text }));
  }

  linkTo(orderId: string, identity: Identity): void {
    const m = this.memory;
    this.linkedNow = true;
    m.failedDetails = undefined;
    m.linkedOrderId = orderId;
    if (!m.verifiedOrderIds.includes(orderId)) m.verifiedOrderIds.push(orderId);
    if (identity.email || identity.phone) m.verifiedIdentity = { ...m.verifiedIdentity, ...identity };
    m.pendingOrder = undefined;
    m.pendingDetails = undefined;
    m.choices = undefined;
    m.expecting = null;
    m.clarifications = 0;
  }

  /** Identities this conversation has proven: verified earlier, or by the channel itself. */
  knownIdentities(): Identity[] {
    const ids: Identity[] = [];
    if (this.memory.verifiedIdentity) ids.push(this.memory.verifiedIdentity);
    if (this.msg.proven) ids.push(this.msg.proven);
    return ids;
  }

  rememberGoal(): void {
    if (INTENT_TABLE[this.intent].isGoal) {
      this.memory.goal = { intent: this.intent, problem: this.u.problem };
    }
  }

  /** Asks for a missing detail; past the limit, also offers a person. */
  askClarifying<K extends MessageKey>(key: K, params: MessageParams[K]): void {
    this.memory.clarifications += 1;
    const text = this.deps.answers.message(this.lang, key, params);
    const extra = this.memory.clarifications > MAX_CLARIFICATIONS ? ' ' + this.deps.answers.message(this.lang, 'fallback_offer_human', {}) : '';
    this.push(text + extra, [], undefined, { kind: key });
  }

  say<K extends MessageKey>(key: K, params: MessageParams[K]): void {
    this.push(this.deps.answers.message(this.lang, key, params), [], undefined, { kind: key });
  }

  push(textIn: string, suggestionsIn: string[], facts?: OutboundReply['facts'], tag: { kind: string; stage?: OrderStage } = { kind: 'answer' }): void {
    const m = this.memory;
    const { text, suggestions } = this.inShoppersForm(textIn, suggestionsIn);
    this.replies.push({
      text,
      suggestions,
      language: this.lang,
      wismo: { intent: this.intent, orderId: m.linkedOrderId, handoff: m.handoff?.active ?? false },
      facts,
      ...tag,
    });
    // A handoff later in the turn applies to the whole turn's summary.
    if (m.handoff?.active) for (const r of this.replies) r.wismo.handoff = true;
  }

  /** Templates are Simplified Chinese and one variant of pt, es and fr; the shopper may read Traditional or another region's words. */
  inShoppersForm(text: string, suggestions: string[]): { text: string; suggestions: string[] } {
    const m = this.memory;
    const form = this.lang === 'zh' && m.script === 'Hant' ? (t: string) => traditional(t, this.msg.locale)
      : m.variant ? (t: string) => inRegionalWording(m.variant, t)
      : undefined;
    return form ? { text: form(text), suggestions: suggestions.map(form) } : { text, suggestions };
  }

  dateOf(at: Date): string {
    return new Intl.DateTimeFormat(this.msg.locale ?? this.lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: this.deps.shop.timeZone }).format(at);
  }
}
