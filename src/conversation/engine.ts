import type { Logger } from '../log/logger';
import type { OrderRepository } from '../orders/repository';
import { capDetails, detailCount, type AttemptOutcome, type Claim, type Details, type Identity, type OrderVerifier } from '../linking/verifier';
import { identityKey, type Attempter } from '../linking/throttle';
import { unlabelledDetail } from '../linking/unlabelled';
import { boundText } from './limits';
import { chineseScriptOfLocale, traditional } from '../resolver/script';
import { regionalVariantOf } from '../resolver/variant';
import { inRegionalWording } from '../answers/regional';
import { languageOfLocale, type HandoffReason, type Intent, type Lang, type ProblemKind } from '../vocabulary';
import { type Understanding } from '../resolver/types';
import { orderDigitsKey, orderLookupKey } from '../orders/keys';
import type { MessageKey, MessageParams } from '../answers/keys';
import type { AnswerPort, ChatLine, HandoffEta, HandoffPort, HandoffRulesPort, LlmPort, NotificationPort, OrderFocus, UnderstandingPort } from './ports';
import { TranscriptStore, type TranscriptEntry } from './transcript';
import { freshMemory, type ConversationMemory, type InboundMessage, type OutboundReply } from './types';

export interface EngineDeps {
  resolver: UnderstandingPort;
  orders: OrderRepository;
  /** Verification with its per-message budget and throttle (src/linking). */
  verifier: OrderVerifier;
  transcript: TranscriptStore;
  answers: AnswerPort;
  handoff: HandoffPort;
  /** The handoff rules (src/handoff/rules.ts with the merchant's settings). */
  rules: HandoffRulesPort;
  /** The optional model; absent without OPENAI_API_KEY. */
  llm?: LlmPort;
  /** Order update subscriptions ("text me when it's delivered"). */
  notifications: NotificationPort;
  shop: { name: string; timeZone: string; orderPrefix?: string };
  logger: Logger;
  clock?: () => Date;
}

/** Rules that apply before anything else is done with the message. */
const IMMEDIATE_REASONS = new Set(['abusive', 'merchant_keyword', 'requested']);
/** Clarifying questions for one goal before a person is offered. */
const MAX_CLARIFICATIONS = 2;

/**
 * One shopper message in, the bot's replies out. Plain TypeScript: no botbuilder, no
 * express. Linking follows contract §6-7: nothing about an order is told before the
 * conversation is verified for it, and failures never say why.
 */
export class ConversationEngine {
  constructor(private readonly deps: EngineDeps) {}

  async handle(messageIn: InboundMessage, memoryIn: ConversationMemory): Promise<{ replies: OutboundReply[]; memory: ConversationMemory }> {
    const memory: ConversationMemory = { ...freshMemory(), ...structuredClone(memoryIn) };
    // However long the message, only the channel's limit of it is read (and kept).
    const bounded = boundText(messageIn.text, messageIn.channel);
    const message: InboundMessage = { ...messageIn, text: bounded.text };
    const turn = new Turn(this.deps, message, memory);
    await turn.run(bounded.cutAt);
    const key = TranscriptStore.key(message.channel, message.conversationId);
    const entries: TranscriptEntry[] = [
      { direction: 'in', text: message.text, intent: turn.intent, orderId: memory.linkedOrderId, language: turn.lang, at: message.at },
      ...turn.replies.map((r) => ({ direction: 'out' as const, text: r.text, intent: r.wismo.intent, orderId: r.wismo.orderId, language: r.language, facts: r.facts, at: turn.now })),
    ];
    await this.deps.transcript.saveTurn(key, message.channel, message.senderId, {
      linkedOrderId: memory.linkedOrderId,
      language: memory.language,
      handoff: memory.handoff?.active ?? false,
    }, entries);
    this.deps.logger.debug({ channel: message.channel, intent: turn.intent, linked: !!memory.linkedOrderId, replies: turn.replies.length }, 'turn answered');
    return { replies: turn.replies, memory };
  }
}

/** The work of one turn: understanding, linking, then one answer. */
class Turn {
  readonly replies: OutboundReply[] = [];
  readonly now: Date;
  intent: Intent = 'other';
  lang: Lang = 'en';
  private u!: Understanding;
  /** The conversation was linked to an order during this turn. */
  private linkedNow = false;
  /** An order answer was given in this turn (a several-question message gets one). */
  private orderAnswered = false;

  constructor(private readonly deps: EngineDeps, private readonly msg: InboundMessage, private readonly memory: ConversationMemory) {
    this.now = deps.clock?.() ?? new Date();
  }

  private get conversationKey(): string {
    return TranscriptStore.key(this.msg.channel, this.msg.conversationId);
  }

  /**
   * Who is verifying, as the throttle counts it: the conversation; the sender's proven phone or
   * email whatever the channel (SMS and WhatsApp from one number are one sender), else the
   * channel's user id; and the client address where the channel has one.
   */
  private get attempter(): Attempter {
    const identity = identityKey(this.msg.proven ?? {}) ?? `${this.msg.channel}:${this.msg.senderId}`;
    return { conversation: this.conversationKey, identity, client: this.msg.clientAddress };
  }

  async run(cutAt?: number): Promise<void> {
    const m = this.memory;
    this.u = this.deps.resolver.understand(this.msg.text, {
      expecting: m.expecting,
      conversationLanguage: m.language,
      locale: this.msg.locale,
      orderPrefix: this.deps.shop.orderPrefix,
    });
    if (this.deps.llm?.consult(this.u)) this.u = await this.withModel(this.u);
    this.intent = this.u.intent;
    this.lang = this.u.language ?? m.language ?? languageOfLocale(this.msg.locale) ?? 'en';
    m.language = this.lang;
    if (this.lang === 'zh') m.script = this.u.script ?? m.script ?? chineseScriptOfLocale(this.msg.locale);
    m.variant = regionalVariantOf(this.lang, this.msg.text, this.msg.locale, m.variant);
    m.lastIntent = this.intent;
    if (cutAt) this.say('message_truncated', { limit: cutAt });

    await this.syncOwnership();
    if (m.handoff?.active) {
      // Contract §7: acknowledge until an agent joins, then stay silent (the transcript still records).
      if (!m.handoff.agentJoined) this.say('handoff_waiting', {});
      return;
    }
    const immediate = this.deps.rules({ intent: this.intent, text: this.msg.text, misunderstoodTurns: 0, verificationLocked: false, negative: false });
    if (immediate && IMMEDIATE_REASONS.has(immediate)) return this.handOff(immediate, false);

    const linked = await this.link();
    if (linked === 'stop') return;
    await this.answer();
  }

  /** The model's reading where the local one is unsure; its entities only add what the shopper typed. */
  private async withModel(local: Understanding): Promise<Understanding> {
    const model = await this.deps.llm!.understand({ text: this.msg.text, history: await this.history(), local, expecting: this.memory.expecting });
    if (!model) return local;
    const merge = (a: string[], b: string[] = []) => [...new Set([...a, ...b])];
    return {
      ...local,
      intent: model.intent ?? local.intent,
      alsoIntents: model.alsoIntents ?? local.alsoIntents,
      problem: model.problem ?? local.problem,
      language: model.language ?? local.language,
      confidence: model.intent ? Math.max(local.confidence, 0.6) : local.confidence,
      entities: {
        orderNumbers: merge(local.entities.orderNumbers, model.entities?.orderNumbers),
        emails: merge(local.entities.emails, model.entities?.emails),
        phones: merge(local.entities.phones, model.entities?.phones),
        postcodes: merge(local.entities.postcodes, model.entities?.postcodes),
      },
    };
  }

  /** The conversation so far (this conversation only), for the model. */
  private async history(): Promise<ChatLine[]> {
    const entries = await this.deps.transcript.transcript(this.conversationKey);
    return entries.slice(-8).map((e) => ({ role: e.direction === 'in' ? 'shopper' : 'bot', text: e.text }));
  }

  /** People may have resolved, handed back or reopened the case since the last turn: the case store decides. */
  private async syncOwnership(): Promise<void> {
    const m = this.memory;
    // Cases are only opened by the bot's own handoff: a conversation never handed over is the bot's.
    if (!m.everHandedOff && !m.handoff) return;
    const own = await this.deps.handoff.ownership(this.conversationKey);
    if (own.active) {
      m.handoff = { active: true, agentJoined: own.agentJoined, caseId: own.caseId, reason: m.handoff?.reason ?? 'reopened', since: m.handoff?.since ?? this.now.toISOString() };
    } else if (m.handoff?.active) {
      // Back with the bot: start the dialogue afresh, keep what was verified.
      m.handoff = undefined;
      m.misunderstood = 0;
      m.clarifications = 0;
      m.expecting = null;
      m.goal = undefined;
    }
  }

  // ---------------------------------------------------------------- linking

  /** Links the conversation to an order when the message (with what came before) allows it. */
  private async link(): Promise<'stop' | 'continue'> {
    const m = this.memory;
    const e = this.u.entities;
    const typedDetails: Details = { emails: e.emails, phones: e.phones, postcodes: e.postcodes };
    const newDetails = detailCount(typedDetails) > 0;
    // While the bot waits for a detail, one written without label or known shape ("d02x285") counts too.
    const waitingClaim = e.orderNumbers.length === 0 && m.expecting === 'verification' ? m.pendingOrder : undefined;
    if (e.orderNumbers.length === 0 && !newDetails && !(waitingClaim && unlabelledDetail(this.msg.text, waitingClaim, false))) return 'continue';
    const budget = this.deps.verifier.budget;

    // More candidates than the budget is a search, not an answer: nothing is checked, and it counts as failures.
    if (e.orderNumbers.length > budget || detailCount(typedDetails) > budget) return this.overBudget();

    const details = capDetails({
      emails: [...e.emails, ...(m.pendingDetails?.emails ?? [])],
      phones: [...e.phones, ...(m.pendingDetails?.phones ?? [])],
      postcodes: [...e.postcodes, ...(m.pendingDetails?.postcodes ?? [])],
    }, budget);
    const hasDetails = detailCount(details) > 0;
    const typed = this.pickOrderNumber();

    // An identity already proven (by the channel, or verified in this conversation) is no guess.
    if (typed !== undefined) {
      const covered = await this.deps.verifier.coveredBy(typed, this.knownIdentities());
      if (covered) return this.linkTo(covered, {}), 'continue';
    }
    if (await this.deps.verifier.attempterLocked(this.attempter)) {
      await this.handOff('verification_lockout', true);
      return 'stop';
    }

    // The message's detail read against the claimed order however it is written: no label, a
    // local format, run together with the number ("4471 90210", "138 1234 5678", "〒150-0002").
    const claimed = typed !== undefined ? [typed, ...e.orderNumbers] : m.pendingOrder ? [m.pendingOrder] : [];
    // While verifying, a bare number is read as a postcode; it may also be a corrected order number.
    const corrected: Claim[] = typed === undefined && m.pendingOrder && m.failedDetails
      ? e.postcodes.filter((p) => /^\d{3,10}$/.test(p)).map((number) => ({ typed: number, details: m.failedDetails! }))
      : [];
    const unlabelled = this.unlabelledClaims(claimed, details, typed !== undefined);
    if (unlabelled.length > 0) return this.tryVerify([...unlabelled, ...corrected], detailCount(unlabelled[0].details));

    if (typed !== undefined) {
      // A corrected order number after a failed attempt is tried with the details given then.
      if (!hasDetails && m.failedDetails) return this.tryVerify([{ typed, details: m.failedDetails }], 1);
      if (!hasDetails) {
        this.rememberGoal();
        m.pendingOrder = typed;
        m.expecting = 'verification';
        if (m.linkedOrderId) this.say('other_order_needs_verification', { orderNumber: typed });
        else this.askClarifying('ask_verification', { orderNumber: typed });
        return 'stop';
      }
      return this.tryVerify([{ typed, details }], detailCount(details));
    }

    // Details without a number in this message.
    if (m.pendingOrder) return this.tryVerify([{ typed: m.pendingOrder, details }, ...corrected], detailCount(details));
    if (m.linkedOrderId) return 'continue';
    // Contract §7: an email alone verifies nothing and never reveals which orders it has.
    m.pendingDetails = details;
    if (this.answersWithoutOrder()) return 'continue';
    this.rememberGoal();
    m.expecting = 'order_number';
    this.askClarifying('ask_order_number_for_details', {});
    return 'stop';
  }

  /** Each claimed order number with the one unlabelled detail run beside it, if the message has one. */
  private unlabelledClaims(numbers: string[], details: Details, typedHere: boolean): Claim[] {
    const e = this.u.entities;
    // The run holds every phone and postcode this message had: they are read as the run instead.
    const earlier: Details = {
      emails: details.emails,
      phones: details.phones.filter((p) => !e.phones.includes(p)),
      postcodes: details.postcodes.filter((p) => !e.postcodes.includes(p)),
    };
    return [...new Set(numbers)].slice(0, this.deps.verifier.budget).flatMap((typed) => {
      const run = unlabelledDetail(this.msg.text, typed, typedHere);
      return run ? [{ typed, details: capDetails({ ...earlier, unlabelled: [run] }, this.deps.verifier.budget) }] : [];
    });
  }

  /** One attempt: the claims are tried together; `tokens` details and numbers are counted if none verifies. */
  private async tryVerify(claims: Claim[], tokens: number): Promise<'stop' | 'continue'> {
    const m = this.memory;
    const outcome: AttemptOutcome = await this.deps.verifier.attempt(this.attempter, claims, tokens);
    if (outcome.kind === 'verified') {
      this.linkTo(outcome.orderId, outcome.identity);
      return 'continue';
    }
    m.failedAttempts += 1;
    m.failedDetails = capDetails(claims[0].details, this.deps.verifier.budget);
    m.pendingDetails = undefined;
    m.pendingOrder = claims[0].typed;
    m.expecting = 'verification';
    // Past a limit a person takes over: the order (or a typed detail) was guessed at too often, or this shopper failed too often.
    if (outcome.kind === 'locked' || outcome.attempterLocked) {
      await this.handOff('verification_lockout', true);
      return 'stop';
    }
    this.rememberGoal();
    this.say('verification_failed', {});
    return 'stop';
  }

  /** Too many order numbers or details in one message: a short request for one of each, counted as failures. */
  private async overBudget(): Promise<'stop'> {
    const m = this.memory;
    const e = this.u.entities;
    const claimed = [...(m.pendingOrder ? [m.pendingOrder] : []), ...e.orderNumbers];
    const details: Details = {
      emails: [...e.emails, ...(m.failedDetails?.emails ?? [])],
      phones: [...e.phones, ...(m.failedDetails?.phones ?? [])],
      postcodes: e.postcodes,
    };
    const locked = await this.deps.verifier.overBudget(this.attempter, claimed, details);
    m.failedAttempts += 1;
    m.pendingDetails = undefined;
    if (locked) {
      await this.handOff('verification_lockout', true);
      return 'stop';
    }
    this.rememberGoal();
    m.expecting = m.pendingOrder ? 'verification' : 'order_number';
    this.say('too_many_details', {});
    return 'stop';
  }

  private linkTo(orderId: string, identity: Identity): void {
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
  private knownIdentities(): Identity[] {
    const ids: Identity[] = [];
    if (this.memory.verifiedIdentity) ids.push(this.memory.verifiedIdentity);
    if (this.msg.proven) ids.push(this.msg.proven);
    return ids;
  }

  /** The order number this message names: one of the offered choices first. */
  private pickOrderNumber(): string | undefined {
    const numbers = this.u.entities.orderNumbers;
    if (numbers.length === 0) return undefined;
    const choices = this.memory.choices ?? [];
    return numbers.find((n) => choices.some((c) => sameNumber(c, n))) ?? numbers[0];
  }

  private rememberGoal(): void {
    if (!['provide_details', 'greeting', 'thanks', 'other'].includes(this.intent)) {
      this.memory.goal = { intent: this.intent, problem: this.u.problem };
    }
  }

  /** Intents answered from knowledge, without an order. */
  private answersWithoutOrder(): boolean {
    return ['shipping_policy', 'returns', 'change_order', 'greeting', 'thanks', 'unsubscribe'].includes(this.intent) && !this.memory.linkedOrderId;
  }

  // ---------------------------------------------------------------- answering

  private async answer(): Promise<void> {
    const m = this.memory;
    const goal = m.goal;
    const vague = ['provide_details', 'greeting', 'other'].includes(this.intent);
    // Details with a vague message answer the question asked before, or ask where the order is.
    const effective: Intent = vague && m.linkedOrderId && (goal || this.linkedNow) ? (goal?.intent ?? 'order_status') : this.intent;
    const problem = this.u.problem ?? (effective === goal?.intent ? goal?.problem : undefined);

    if (m.linkedOrderId && this.needsOrder(effective)) {
      m.goal = undefined;
      m.misunderstood = 0;
      // §7: details sent with a return question ask where that order is, too.
      if (this.linkedNow && effective === 'returns') await this.answerOrder(m.linkedOrderId, 'status');
      if (!m.handoff?.active) await this.answerOrder(m.linkedOrderId, focusOf(effective), problem);
      return this.answerAlso(effective);
    }
    // §7: details sent with a question ask about that order too ("where is 1042? and how do returns work?").
    if (this.linkedNow && m.linkedOrderId && (effective === 'returns' || effective === 'shipping_policy')) {
      await this.answerOrder(m.linkedOrderId, 'status');
      if (m.handoff?.active) return;
    }
    switch (effective) {
      case 'order_status':
      case 'delivery_problem':
      case 'provide_details':
        return this.askForOrder();
      case 'shipping_policy':
      case 'returns':
      case 'change_order':
        this.policy(effective);
        return this.answerAlso(effective);
      case 'subscribe_updates':
        return this.say('subscribe_needs_order', {});
      case 'unsubscribe':
        m.subscribedOrderIds = [];
        await this.deps.notifications.unsubscribe(this.conversationKey);
        return this.say('unsubscribe_confirmed', {});
      case 'greeting':
        return this.say('greeting', { shopName: this.deps.shop.name });
      case 'thanks':
        return this.say('thanks', {});
      default:
        return this.fallback();
    }
  }

  /** The other questions of a several-question message that the bot can answer itself. */
  private async answerAlso(answered: Intent): Promise<void> {
    const m = this.memory;
    if (m.handoff?.active) return;
    for (const also of this.u.alsoIntents) {
      if (also === answered) continue;
      if (also === 'shipping_policy' || also === 'returns') this.policy(also);
      else if (also === 'order_status' && m.linkedOrderId && !this.orderAnswered) await this.answerOrder(m.linkedOrderId, 'status');
      if (m.handoff?.active) return;
    }
  }

  private needsOrder(intent: Intent): boolean {
    return ['order_status', 'delivery_problem', 'change_order', 'returns', 'subscribe_updates', 'provide_details'].includes(intent);
  }

  private async answerOrder(orderId: string, focus: OrderFocus, problem?: ProblemKind): Promise<void> {
    const order = await this.deps.orders.get(orderId);
    if (!order) {
      // The order was removed since it was linked: start again without telling anything about it.
      this.memory.linkedOrderId = undefined;
      return this.askForOrder();
    }
    if (focus === 'subscribe') {
      await this.deps.notifications.subscribe({ conversationKey: this.conversationKey, channel: this.msg.channel, address: this.msg.senderId, orderId });
      if (!this.memory.subscribedOrderIds.includes(orderId)) this.memory.subscribedOrderIds.push(orderId);
    }
    this.orderAnswered = true;
    const answer = this.deps.answers.order(order, { lang: this.lang, now: this.now, focus, problem, locale: this.msg.locale });
    // The model may reword a verified order's answer; its draft is used only when every fact in it checks out.
    const drafted = this.deps.llm
      ? await this.deps.llm.draft({ text: this.msg.text, history: await this.history(), language: this.lang, facts: answer.facts, templateAnswer: answer.text })
      : undefined;
    this.push(drafted ?? answer.text, answer.suggestions, answer.facts);
    const daysLate = answer.facts.facts.find((f) => f.key === 'promise.daysLate')?.value;
    const reason = this.deps.rules({
      intent: this.intent === 'provide_details' ? (this.memory.goal?.intent ?? 'order_status') : this.intent,
      text: this.msg.text, problem, answerHint: answer.handoffReason, answered: true,
      daysPastShipBy: typeof daysLate === 'number' ? daysLate : undefined,
      misunderstoodTurns: 0, verificationLocked: false, negative: this.u.negative, orderValue: order.total?.amount,
    });
    if (reason) await this.handOff(reason, false);
  }

  /** No order linked: use a proven identity's open orders, or ask for the number. */
  private async askForOrder(): Promise<void> {
    const identities = this.knownIdentities();
    for (const identity of identities) {
      const open = await this.deps.orders.openOrdersOf(identity);
      if (open.length === 1) {
        this.linkTo(open[0].id, identity);
        return this.answerOrder(open[0].id, focusOf(this.memory.goal?.intent ?? this.intent), this.u.problem);
      }
      if (open.length > 1) {
        this.rememberGoal();
        this.memory.choices = open.map((o) => o.id);
        this.memory.expecting = 'order_choice';
        return this.say('choose_order', { orders: open.slice(0, 5).map((o) => ({ id: o.id, placedDate: this.dateOf(o.placedAt) })) });
      }
    }
    this.rememberGoal();
    this.memory.expecting = this.memory.pendingOrder ? 'verification' : 'order_number';
    if (this.memory.pendingOrder) return this.askClarifying('ask_verification', { orderNumber: this.memory.pendingOrder });
    return this.askClarifying('ask_order_number', {});
  }

  private policy(topic: 'shipping_policy' | 'returns' | 'change_order'): void {
    const answer = this.deps.answers.policy(topic, { lang: this.lang, question: this.msg.text });
    this.push(answer.text, [], answer.facts);
  }

  /** Rephrase once, then offer a person; the rules decide when a person takes over. */
  private async fallback(): Promise<void> {
    const m = this.memory;
    const unsure = this.u.intent === 'other' && this.u.confidence < 0.5;
    if (!unsure) {
      m.misunderstood = 0;
      return this.say('other', {});
    }
    m.misunderstood += 1;
    const reason = this.deps.rules({ intent: this.intent, text: this.msg.text, misunderstoodTurns: m.misunderstood, verificationLocked: false, negative: this.u.negative });
    if (reason) return this.handOff(reason, false);
    if (m.misunderstood === 1) return this.say('fallback_rephrase', {});
    return this.say('fallback_offer_human', {});
  }

  /** Asks for a missing detail; past the limit, also offers a person. */
  private askClarifying<K extends MessageKey>(key: K, params: MessageParams[K]): void {
    this.memory.clarifications += 1;
    const text = this.deps.answers.message(this.lang, key, params);
    const extra = this.memory.clarifications > MAX_CLARIFICATIONS ? ' ' + this.deps.answers.message(this.lang, 'fallback_offer_human', {}) : '';
    this.push(text + extra, []);
  }

  private async handOff(reason: HandoffReason, locked: boolean): Promise<void> {
    const m = this.memory;
    const facts = [...this.replies].reverse().find((r) => r.facts)?.facts;
    const { eta, caseId } = await this.deps.handoff.open({
      conversationKey: this.conversationKey, channel: this.msg.channel, senderId: this.msg.senderId, reason, lang: this.lang,
      orderId: m.linkedOrderId, now: this.now, problem: this.u.problem, facts,
    });
    m.handoff = { active: true, reason, since: this.now.toISOString(), agentJoined: false, caseId };
    m.everHandedOff = true;
    m.expecting = null;
    if (locked) this.say('verification_locked', {});
    this.say('handoff_created', { eta: this.etaSentence(eta) });
  }

  /** "A person will reply within 2 hours." / "We're closed now; a person will reply from Monday 9:00." */
  private etaSentence(eta: HandoffEta): string {
    if (eta.kind === 'open') return this.deps.answers.message(this.lang, 'handoff_eta_open', { hours: eta.withinHours });
    const opensAt = new Intl.DateTimeFormat(this.msg.locale ?? this.lang, {
      weekday: 'long', hour: 'numeric', minute: '2-digit', timeZone: this.deps.shop.timeZone,
    }).format(eta.opensAt);
    return this.deps.answers.message(this.lang, 'handoff_eta_closed', { opensAt });
  }

  // ---------------------------------------------------------------- replies

  private say<K extends MessageKey>(key: K, params: MessageParams[K]): void {
    this.push(this.deps.answers.message(this.lang, key, params), []);
  }

  private push(textIn: string, suggestionsIn: string[], facts?: OutboundReply['facts']): void {
    const m = this.memory;
    const { text, suggestions } = this.inShoppersForm(textIn, suggestionsIn);
    this.replies.push({
      text,
      suggestions,
      language: this.lang,
      wismo: { intent: this.intent, orderId: m.linkedOrderId, handoff: m.handoff?.active ?? false },
      facts,
    });
    // A handoff later in the turn applies to the whole turn's summary.
    if (m.handoff?.active) for (const r of this.replies) r.wismo.handoff = true;
  }

  /** Templates are Simplified Chinese and one variant of pt, es and fr; the shopper may read Traditional or another region's words. */
  private inShoppersForm(text: string, suggestions: string[]): { text: string; suggestions: string[] } {
    const m = this.memory;
    const form = this.lang === 'zh' && m.script === 'Hant' ? (t: string) => traditional(t, this.msg.locale)
      : m.variant ? (t: string) => inRegionalWording(m.variant, t)
      : undefined;
    return form ? { text: form(text), suggestions: suggestions.map(form) } : { text, suggestions };
  }

  private dateOf(at: Date): string {
    return new Intl.DateTimeFormat(this.msg.locale ?? this.lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: this.deps.shop.timeZone }).format(at);
  }
}

function focusOf(intent: Intent): OrderFocus {
  switch (intent) {
    case 'delivery_problem': return 'delivery_problem';
    case 'change_order': return 'change_order';
    case 'returns': return 'returns';
    case 'subscribe_updates': return 'subscribe';
    default: return 'status';
  }
}

/** An offered order ("SH-1012") and what the shopper typed ("sh1012", "1012") name the same order. */
function sameNumber(offered: string, typed: string): boolean {
  return orderLookupKey(offered) === orderLookupKey(typed) || orderDigitsKey(offered) === orderLookupKey(typed);
}
