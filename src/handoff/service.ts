import type { HandoffReason, Lang, ProblemKind } from '../vocabulary';
import type { FactSheetRef } from '../vocabulary/fact-sheet';
import type { TranscriptEntry, TranscriptStore } from '../conversation/transcript';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../vocabulary';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import { ownershipOf, type CaseNote, type CaseOpened, type CaseRepository, type HandoffCase, type OwnershipState } from './cases';
import type { IntegrationHub } from './integrations';
import { handoffEta, parseSupportHours, type HandoffEta, type SupportHours } from './hours';

export type { HandoffEta } from './hours';

/** What the engine sends when it hands over (HandoffPort's request, with optional extras). */
export interface HandoffRequest {
  conversationKey: string;
  channel: string;
  reason: HandoffReason;
  lang: Lang;
  orderId?: string;
  now: Date;
  /** The channel's sender id; read from the stored conversation when absent. */
  senderId?: string;
  problem?: ProblemKind;
  /** What this turn's answer told; defaults to the latest fact sheet in the transcript. */
  facts?: FactSheetRef;
}

/** An agent acting on a case; `id` is absent for the admin key. */
export interface ActingAgent { id?: number; name: string }

export interface HandoffServiceDeps {
  cases: CaseRepository;
  transcript: TranscriptStore;
  /** Sends through the shopper's channel (the app finds the channel that `serves` address.channel). */
  deliver: (address: ConversationAddress, message: ProactiveMessage) => Promise<DeliveryResult>;
  /** Channel hooks: a person took over / gave back (Messenger handover protocol...). */
  hooks?: { handoffStarted?(address: ConversationAddress): Promise<void>; handoffEnded?(address: ConversationAddress): Promise<void> };
  integrations?: IntegrationHub;
  config: { SUPPORT_HOURS: string; SUPPORT_REPLY_HOURS: number; SHOP_TIMEZONE: string };
  logger: Logger;
  /** Counts the cases opened and reopened (wismo_handoffs_total). */
  metrics?: Metrics;
  clock?: () => Date;
}

/** The case opened; `caseId` is absent when it opens with the turn's commit (not written yet). */
export interface HandoffOpened { caseId?: number; eta: HandoffEta }

export class CaseNotFound extends Error {}
/** The case exists but is not in a state that allows the action (resolved, handed back). */
export class CaseClosed extends Error {}
export class DeliveryFailed extends Error {
  constructor(readonly reason: string, readonly permanent: boolean) {
    super(`the channel did not take the message: ${reason}`);
  }
}

/**
 * Handoff as the engine and the agents see it: opening cases with an honest next step,
 * agents replying through the shopper's channel, and ownership going back to the bot.
 */
export class HandoffService {
  private readonly hours: SupportHours;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.hours = parseSupportHours(deps.config.SUPPORT_HOURS);
  }

  /**
   * HandoffPort: opens (or finds the already open) case and says when a person will answer. In a
   * turn the case opens with the turn's commit, and its id is not known yet (`caseId` absent): the
   * channel and the integrations are told once it is written, and a failed turn opens nothing.
   */
  async open(request: HandoffRequest): Promise<HandoffOpened> {
    const senderId = request.senderId ?? (await this.deps.cases.senderOf(request.conversationKey)) ?? 'unknown';
    const opened = await this.deps.cases.open(
      { conversationKey: request.conversationKey, channel: request.channel, senderId, orderId: request.orderId, reason: request.reason, language: request.lang, problem: request.problem, facts: request.facts },
      request.now,
      (o) => this.opened(o),
    );
    return { caseId: opened?.case.id, eta: this.eta(request.now) };
  }

  /** A case was opened or reopened: the log, the count, the channel (Messenger's handover) and the integrations. */
  private async opened({ case: c, created, reopened }: CaseOpened): Promise<void> {
    if (!created && !reopened) return;
    this.deps.logger.info({ caseId: c.id, reason: c.reason, channel: c.channel, priority: c.priority, reopened }, created ? 'case opened' : 'case reopened');
    this.deps.metrics?.handoff(c.reason, c.channel);
    await this.hook('handoffStarted', c);
    await this.deps.integrations?.notify(created ? 'case.created' : 'case.reopened', c.id);
  }

  /** What the shopper is told happens next, at `at`. */
  eta(at: Date): HandoffEta {
    return handoffEta(at, { hours: this.hours, timeZone: this.deps.config.SHOP_TIMEZONE, replyHours: this.deps.config.SUPPORT_REPLY_HOURS });
  }

  /**
   * Who owns the conversation as a shopper message arrives: applies the reopen rule
   * (a resolved case less than CASE_REOPEN_HOURS old comes back), then reports the state.
   */
  async ownership(conversationKey: string): Promise<OwnershipState> {
    // Resolving gives the conversation back to the bot; a later handoff within
    // CASE_REOPEN_HOURS reopens the same case (see open()).
    return ownershipOf(await this.deps.cases.latestFor(conversationKey));
  }

  /** An agent's reply: sent through the shopper's channel, then recorded; the agent has joined. */
  async agentReply(caseId: number, agent: ActingAgent, text: string): Promise<{ case: HandoffCase; entry: TranscriptEntry; providerMessageId?: string }> {
    const c = await this.activeCase(caseId);
    const now = this.now();
    const transcript = await this.deps.transcript.transcript(c.conversationKey);
    const lastIntent = [...transcript].reverse().find((e) => e.direction === 'in')?.intent ?? 'human_agent';
    const result = await this.deps.deliver(addressOf(c), { text, kind: 'agent', wismo: { intent: lastIntent, orderId: c.orderId, handoff: true } });
    if (!result.ok) {
      this.deps.logger.warn({ caseId, reason: result.reason, permanent: result.permanent }, 'agent reply not delivered');
      throw new DeliveryFailed(result.reason, result.permanent);
    }
    // TranscriptEntry's type knows 'in' | 'out'; the column takes any direction.
    const entry = { direction: 'agent', text, orderId: c.orderId, language: c.language, at: now } as unknown as TranscriptEntry;
    await this.deps.transcript.record(c.conversationKey, c.channel, agent.id !== undefined ? `agent:${agent.id}` : 'agent:admin', [entry]);
    // The first reply makes the agent the owner; replying on someone else's case keeps theirs.
    const joined = c.status !== 'open' ? undefined
      : agent.id !== undefined ? await this.deps.cases.assign(caseId, agent.id, now) : await this.deps.cases.markJoined(caseId, now);
    if (!joined) await this.deps.cases.touch(caseId, now);
    return { case: joined ?? (await this.deps.cases.get(caseId)) ?? c, entry, providerMessageId: result.providerMessageId };
  }

  async claim(caseId: number, agentId: number): Promise<HandoffCase> {
    return this.require(caseId, await this.deps.cases.assign(caseId, agentId, this.now()));
  }

  async assign(caseId: number, agentId: number): Promise<HandoffCase> {
    return this.claim(caseId, agentId);
  }

  async note(caseId: number, agent: ActingAgent, text: string): Promise<CaseNote> {
    if (!(await this.deps.cases.get(caseId))) throw new CaseNotFound(`case ${caseId} not found`);
    return this.deps.cases.addNote(caseId, agent.id, text, this.now());
  }

  /** The case is done: the bot answers the conversation again (until the reopen rule brings it back). */
  async resolve(caseId: number): Promise<HandoffCase> {
    const c = await this.require(caseId, await this.deps.cases.resolve(caseId, this.now()));
    await this.ended(c, 'case.resolved');
    return c;
  }

  /** The agent gives the conversation back to the bot for good. */
  async handBack(caseId: number): Promise<HandoffCase> {
    const c = await this.require(caseId, await this.deps.cases.handBack(caseId, this.now()));
    await this.ended(c, 'case.handed_back');
    return c;
  }

  private async ended(c: HandoffCase, event: 'case.resolved' | 'case.handed_back'): Promise<void> {
    this.deps.logger.info({ caseId: c.id, status: c.status }, 'case ended');
    await this.hook('handoffEnded', c);
    await this.deps.integrations?.notify(event, c.id);
  }

  private async activeCase(caseId: number): Promise<HandoffCase> {
    const c = await this.deps.cases.get(caseId);
    if (!c) throw new CaseNotFound(`case ${caseId} not found`);
    if (c.status !== 'open' && c.status !== 'assigned') throw new CaseClosed(`case ${caseId} is ${c.status}`);
    return c;
  }

  /** A transition that did not apply: tell missing from closed. */
  private async require(caseId: number, updated: HandoffCase | undefined): Promise<HandoffCase> {
    if (updated) return updated;
    const c = await this.deps.cases.get(caseId);
    if (!c) throw new CaseNotFound(`case ${caseId} not found`);
    throw new CaseClosed(`case ${caseId} is ${c.status}`);
  }

  private async hook(name: 'handoffStarted' | 'handoffEnded', c: HandoffCase): Promise<void> {
    try {
      await this.deps.hooks?.[name]?.(addressOf(c));
    } catch (err) {
      // The case stands even if the channel could not be told (logged for the operator).
      this.deps.logger.warn({ caseId: c.id, channel: c.channel, hook: name, err: (err as Error).message }, 'channel handoff hook failed');
    }
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}

/** Where to send to the case's conversation: the key is `<channel>:<conversationId>`. */
export function addressOf(c: Pick<HandoffCase, 'channel' | 'conversationKey' | 'senderId'>): ConversationAddress {
  const prefix = `${c.channel}:`;
  const conversationId = c.conversationKey.startsWith(prefix) ? c.conversationKey.slice(prefix.length) : c.conversationKey;
  return { channel: c.channel, conversationId, senderId: c.senderId };
}
