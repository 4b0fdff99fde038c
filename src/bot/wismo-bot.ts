import { ActivityHandler, ActivityTypes, ConversationState, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { ConversationMemory, InboundMessage, OutboundReply } from '../conversation/types';
import { freshMemory } from '../conversation/types';
import { inProcessTurnLock, type TurnLock, type TurnReads } from '../store/turn-lock';
import type { LeadingWrite, NamedRead } from '../store/turn-scope';
import type { TurnOutcome } from '../conversation/outcome';
import { noMetrics, type Metrics } from '../metrics/port';

/** What a channel adapter proves about the sender, set in turn state (never read from the client's activity). */
export const PROVEN_IDENTITY = 'wismo.provenIdentity';
/** The client's network address, set by adapters that have one (web chat). */
export const CLIENT_ADDRESS = 'wismo.clientAddress';
/** An order the channel proved the sender is verified for (web chat opened from that order's tracking page). */
export const VERIFIED_ORDER = 'wismo.verifiedOrder';
/** The channel name a adapter reports ('webchat', 'sms', 'whatsapp', 'messenger', 'voice'...). */
export const CHANNEL_NAME = 'wismo.channel';
/**
 * The shopper's message, for the channel that stores it with the turn (web chat): written in the
 * turn's first round trip, with the lock and the state read (src/store/turn-lock.ts).
 */
export const INBOUND_WRITE = 'wismo.inboundWrite';
/** What the engine made of the turn's message (set once it answered; the metrics read it). */
const TURN_OUTCOME = 'wismo.turnOutcome';

/** The conversation's memory in botbuilder state (ConversationState property). */
export const MEMORY_PROPERTY = 'wismo';

/** What is known of a turn before it runs: for the reads made with the turn's lock. */
export interface TurnStart {
  /** The botbuilder state row of the conversation. */
  stateKey: string;
  /** A shopper's message with text (other activities only need their state). */
  isMessage: boolean;
  message: Pick<InboundMessage, 'channel' | 'conversationId' | 'senderId' | 'text' | 'proven' | 'clientAddress'>;
}

export interface TurnEngine {
  handle(message: InboundMessage, memory: ConversationMemory): Promise<{ replies: OutboundReply[]; memory: ConversationMemory; outcome?: TurnOutcome }>;
}

/**
 * The one botbuilder ActivityHandler every channel runs. It only translates between
 * botbuilder's Activity and the plain-TypeScript engine, and keeps memory in
 * ConversationState (PostgreSQL through PostgresStorage).
 */
export class WismoBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  /** Channels may hand over the shopper's message to be stored with the turn (INBOUND_WRITE). */
  readonly storesInboundWithTurn = true;

  constructor(
    private readonly engine: TurnEngine,
    private readonly state: ConversationState,
    private readonly lock: TurnLock = inProcessTurnLock,
    private readonly metrics: Metrics = noMetrics,
    /** Reads made with the turn's lock, that the stores answer from during the turn: the state, and what a message needs (src/store/turn-scope.ts). */
    private readonly reads: (start: TurnStart) => NamedRead[] = () => [],
  ) {
    super();
    this.memory = state.createProperty<ConversationMemory>(MEMORY_PROPERTY);
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
  }

  /** One turn: state read, answer and state write, with no other instance's turn of this conversation in between. */
  override async run(context: TurnContext): Promise<void> {
    const channel = context.turnState.get(CHANNEL_NAME) ?? context.activity.channelId;
    const started = performance.now();
    // Only shopper messages with text are turns (the metrics count them, from the wait for the lock to the saved memory).
    const isTurn = context.activity.type === ActivityTypes.Message && (context.activity.text ?? '').trim() !== '';
    try {
      await this.lock.hold(`${channel}:${context.activity.conversation?.id ?? ''}`, async () => {
        await super.run(context);
        await this.state.saveChanges(context, false);
      }, this.turnReads(context, channel, isTurn));
    } catch (err) {
      if (isTurn) this.metrics.turn(channel, 'error', (performance.now() - started) / 1000);
      throw err;
    }
    const outcome: TurnOutcome | undefined = context.turnState.get(TURN_OUTCOME);
    if (isTurn && outcome) this.metrics.turn(channel, outcome, (performance.now() - started) / 1000);
  }

  /** The turn's first round trip: the shopper's message stored, and what the turn's stores will ask for (its state first). */
  private turnReads(context: TurnContext, channel: string, isMessage: boolean): TurnReads {
    const activity = context.activity;
    const first = context.turnState.get(INBOUND_WRITE) as LeadingWrite | undefined;
    if (!activity.conversation?.id || !activity.channelId) return { first };
    const stateKey = this.state.getStorageKey(context);
    if (!stateKey) return { first };
    const message = {
      channel, conversationId: activity.conversation.id, senderId: activity.from?.id ?? 'unknown', text: (activity.text ?? '').trim(),
      proven: context.turnState.get(PROVEN_IDENTITY), clientAddress: context.turnState.get(CLIENT_ADDRESS),
    };
    return { first, more: this.reads({ stateKey, isMessage, message }) };
  }

  private async answer(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const text = (activity.text ?? '').trim();
    if (text === '') return;
    const memory = await this.memory.get(context, freshMemory());
    const message: InboundMessage = {
      channel: context.turnState.get(CHANNEL_NAME) ?? activity.channelId,
      conversationId: activity.conversation.id,
      senderId: activity.from?.id ?? 'unknown',
      text,
      locale: activity.locale,
      at: new Date(),
      proven: context.turnState.get(PROVEN_IDENTITY),
      clientAddress: context.turnState.get(CLIENT_ADDRESS),
      verifiedOrderId: context.turnState.get(VERIFIED_ORDER),
    };
    const { replies, memory: next, outcome } = await this.engine.handle(message, memory);
    await this.memory.set(context, next);
    context.turnState.set(TURN_OUTCOME, outcome ?? 'answered');
    if (replies.length > 0) await context.sendActivities(replies.map((r) => toActivity(r)));
  }
}

/** A reply as a message Activity: text, suggested actions and the contract §3 summary. */
export function toActivity(reply: OutboundReply): Partial<Activity> {
  return messageActivity({ text: reply.text, suggestions: reply.suggestions, wismo: reply.wismo, locale: reply.language });
}

/**
 * The one shape of a bot message on every channel: plain text, suggestions as `imBack`
 * actions, and `channelData.wismo` (contract §3; `orderId` only once linked). Proactive
 * messages (an agent's reply, an order update) add their `kind`.
 */
export function messageActivity(parts: {
  text: string;
  suggestions?: string[];
  wismo: { intent: string; orderId?: string; handoff: boolean };
  locale?: string;
  kind?: 'agent' | 'bot' | 'notification';
}): Partial<Activity> {
  const wismo: Record<string, unknown> = { intent: parts.wismo.intent, handoff: parts.wismo.handoff };
  if (parts.wismo.orderId) wismo.orderId = parts.wismo.orderId;
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: parts.text,
    textFormat: 'plain',
    channelData: parts.kind ? { wismo, kind: parts.kind } : { wismo },
  };
  if (parts.locale) activity.locale = parts.locale;
  if (parts.suggestions?.length) {
    activity.suggestedActions = { to: [], actions: parts.suggestions.map((s) => ({ type: 'imBack', title: s, value: s })) };
  }
  return activity;
}
