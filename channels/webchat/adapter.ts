import { ActivityTypes, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { ChannelAdapter, type TurnFacts } from '../kit/adapter';
import type { ActivityStore, DirectLineActivity, StoredActivity } from '../../src/messaging/directline-log';
import { TurnDeclined } from '../../src/store/turn-scope';
import type { ProvenIdentity } from './tokens';

export const DIRECTLINE_CHANNEL_ID = 'directline';
/** The receipts' provider name for web chat messages. */
const RECEIPT_PROVIDER = 'directline';
/** The channel name the engine sees for web chat turns. */
export const WEBCHAT_CHANNEL = 'webchat';

/** Replies of the running turn, stored together once the turn has succeeded. */
const PENDING_REPLIES = Symbol('wismo.directline.pendingReplies');

interface PendingReplies {
  /** The replies, without their positions yet, and the responses handed to the bot (their ids are filled in when stored). */
  items: { activity: Omit<DirectLineActivity, 'id'>; response: ResourceResponse }[];
  abandoned: boolean;
  /** Handed to the turn's unit of work: stored with the turn's other writes, in its last round trip. */
  withTurn: boolean;
  /** The message's receipt (`<conversation>:<clientActivityID>`), completed with the replies when they go with the turn. */
  receipt?: string;
  receiptWithTurn: boolean;
}

export interface DirectLineAdapterOptions {
  store: ActivityStore;
  bot: { id: string; name: string };
  /** Told after activities of a conversation were stored (wakes the local WebSocket streams). */
  onStored: (conversationId: string) => void;
  /** Serialises everything that happens in one conversation on this instance. */
  queue: { run<T>(key: string, task: () => Promise<T>): Promise<T> };
  /**
   * Messages taken (src/messaging/receipts.ts), by conversation and the client's clientActivityID:
   * a client's retry of a message is answered once, and a message whose turn died with its
   * process is answered on the retry once the dead claim expires.
   */
  receipts?: {
    claim(provider: string, messageId: string): Promise<'new' | 'retaken' | false>;
    complete(provider: string, messageId: string): Promise<void>;
    completeWithTurn(provider: string, messageId: string, dropped: () => boolean): boolean;
    release(provider: string, messageId: string): Promise<void>;
  };
  now?: () => number;
  /** A turn that takes longer fails (502) and its late replies are dropped. */
  turnTimeoutMs?: number;
  /**
   * The bot stores the shopper's message with its turn (WismoBot: in the turn's first round trip,
   * with the lock and the state read); otherwise the message is stored before the turn runs.
   */
  inboundWithTurn?: boolean;
}

/** Another instance took this message a moment ago and has not stored it yet. */
export class ActivityInProgress extends Error {
  constructor() {
    super('this activity is being processed; send it again in a moment');
    this.name = 'ActivityInProgress';
  }
}

/** The bot failed (or timed out) on a turn; the user's activity is stored, no reply is. */
export class BotTurnError extends Error {
  constructor(readonly activityId: string, override readonly cause: unknown) {
    super(`the bot failed on activity ${activityId}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'BotTurnError';
  }
}

/**
 * botbuilder adapter for our own Direct Line service: activities go to and come from the
 * directline_activities log instead of a connector service.
 */
export class DirectLineAdapter extends ChannelAdapter {
  private readonly now: () => number;
  private readonly turnTimeoutMs: number;

  constructor(private readonly options: DirectLineAdapterOptions) {
    super('Direct Line (wismo-bot)', WEBCHAT_CHANNEL);
    this.now = options.now ?? Date.now;
    this.turnTimeoutMs = options.turnTimeoutMs ?? 30_000;
  }

  /**
   * Stores a user's activity and, for messages, runs the bot's turn on it before resolving,
   * so the replies are readable as soon as the caller answers. Turns of one conversation
   * never interleave.
   */
  receive(
    inbound: Partial<Activity> & { type: string; conversation: { id: string } },
    logic: (context: TurnContext) => Promise<void>,
    identity?: ProvenIdentity,
    clientAddress?: string,
    /** An order the conversation's token says it is verified for (the tracking page's chat). */
    verifiedOrderId?: string,
  ): Promise<{ id: string }> {
    const conversationId = inbound.conversation.id;
    return this.options.queue.run(conversationId, async () => {
      const { store, receipts } = this.options;
      const clientId = inbound.type === ActivityTypes.Message ? clientActivityIdOf(inbound) : undefined;
      const receipt = clientId && receipts ? `${conversationId}:${clientId}` : undefined;
      if (receipt && this.options.inboundWithTurn) {
        // The receipt is claimed with the message, in the turn's first round trip; a message sent
        // before declines the turn and goes the way below (answered, in hand, or lost and taken again).
        try {
          return await this.answer(conversationId, inbound, undefined, logic, { provenIdentity: identity, clientAddress, verifiedOrderId }, receipt, true);
        } catch (err) {
          if (!(err instanceof TurnDeclined)) throw err;
        }
      }
      const claimed = receipt ? await receipts!.claim(RECEIPT_PROVIDER, receipt) : undefined;
      if (receipt && !claimed) {
        // Sent before: answered already, or in hand. The client gets the same id, and no second answer.
        const earlier = await store.findUserMessage(conversationId, clientId!);
        if (!earlier) throw new ActivityInProgress();
        return { id: earlier.id };
      }
      // A message stored by a process that died during its turn is answered now, not stored twice.
      const earlier = claimed === 'retaken' ? await store.findUserMessage(conversationId, clientId!) : undefined;
      return this.answer(conversationId, inbound, earlier, logic, { provenIdentity: identity, clientAddress, verifiedOrderId }, receipt, false);
    });
  }

  /**
   * Stores the user's activity (or takes `stored`, the one a process that died stored before) and,
   * for a message, runs the turn on it. `claimWithTurn`: the receipt is claimed with the message in the turn's
   * first round trip (TurnDeclined when it was taken); otherwise it is claimed already.
   */
  private async answer(
    conversationId: string,
    inbound: Partial<Activity> & { type: string },
    stored: DirectLineActivity | undefined,
    logic: (context: TurnContext) => Promise<void>,
    facts: Omit<TurnFacts, 'inboundWrite'>,
    receipt: string | undefined,
    claimWithTurn: boolean,
  ): Promise<{ id: string }> {
    const { store, receipts } = this.options;
    const fresh = stored ?? ({ ...inbound, timestamp: this.timestamp() } as unknown as DirectLineActivity);
    // Its id is filled in once it is stored: with the bot's turn (before the bot reads it), or now.
    const inboundWrite = !stored && this.options.inboundWithTurn && inbound.type === ActivityTypes.Message
      ? store.inboundWrite(conversationId, fresh, (one) => { fresh.id = one.activity.id; }, claimWithTurn && receipt ? { provider: RECEIPT_PROVIDER, receipt } : undefined)
      : undefined;
    const activity = stored ?? (inboundWrite ? fresh : (await store.append(conversationId, fresh)).activity);
    if (!stored && !inboundWrite) this.options.onStored(conversationId);
    if (activity.type !== ActivityTypes.Message) return { id: activity.id };
    let pending: PendingReplies | undefined;
    try {
      pending = await this.runTurn(activity as unknown as Partial<Activity>, logic, { ...facts, inboundWrite }, receipt);
      // A bot that did not take the message (not the WismoBot) leaves it to be stored now.
      await inboundWrite?.now();
    } catch (err) {
      if (err instanceof TurnDeclined) throw err;
      // The message is kept even when the turn failed before it was stored; its receipt is let go,
      // so the client's retry is answered.
      if (inboundWrite && !inboundWrite.done) await inboundWrite.now().catch(() => undefined);
      if (receipt) await receipts!.release(RECEIPT_PROVIDER, receipt).catch(() => undefined);
      throw new BotTurnError(activity.id, err);
    } finally {
      if (inboundWrite?.done) this.options.onStored(conversationId);
    }
    // Completed with the turn's writes when it had replies; otherwise now.
    if (receipt && !pending.receiptWithTurn) await receipts!.complete(RECEIPT_PROVIDER, receipt);
    return { id: activity.id };
  }

  /**
   * A turn's replies are stored together once it succeeds, taking their positions in the
   * conversation's log in the same statement; the responses handed back get their ids then.
   */
  protected override async deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const pending = context.turnState.get(PENDING_REPLIES) as PendingReplies | undefined;
    if (pending?.abandoned) throw new Error('the turn was abandoned (timed out); reply dropped');
    const conversationId = context.activity.conversation.id;
    const items = activities.map((activity) => ({ activity: this.botActivity(activity, conversationId), response: { id: '' } }));
    if (!pending) await this.store(conversationId, items);
    else {
      pending.items.push(...items);
      if (!pending.withTurn) {
        // Read when the turn's writes go out: every run of replies by then, none if the turn was abandoned.
        pending.withTurn = this.options.store.appendWithTurn(
          conversationId,
          () => (pending.abandoned ? [] : pending.items.map((i) => i.activity)),
          (stored) => this.stored(conversationId, pending.items, stored),
        );
        if (pending.withTurn && pending.receipt) {
          pending.receiptWithTurn = this.options.receipts!.completeWithTurn(RECEIPT_PROVIDER, pending.receipt, () => pending.abandoned);
        }
      }
    }
    return items.map((item) => item.response);
  }

  /** Proactive messages (an agent's reply, a notification): a turn outside the user's turns. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) throw new Error('continueConversation needs reference.conversation.id');
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: DIRECTLINE_CHANNEL_ID },
      { channelId: DIRECTLINE_CHANNEL_ID, bot: { id: this.options.bot.id, name: this.options.bot.name }, ...reference } as ConversationReference,
      true,
    );
    await this.options.queue.run(conversationId, () => this.runTurn(activity, logic));
  }

  private async runTurn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, facts: TurnFacts = {}, receipt?: string): Promise<PendingReplies> {
    const context = this.turnContext(activity, facts);
    const pending: PendingReplies = { items: [], abandoned: false, withTurn: false, receipt, receiptWithTurn: false };
    context.turnState.set(PENDING_REPLIES, pending);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`turn timed out after ${this.turnTimeoutMs} ms`)), this.turnTimeoutMs);
    });
    try {
      await Promise.race([this.runMiddleware(context, logic), timeout]);
    } catch (err) {
      pending.abandoned = true;
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!pending.withTurn) await this.store(activity.conversation!.id, pending.items);
    return pending;
  }

  private async store(conversationId: string, items: PendingReplies['items']): Promise<void> {
    if (items.length === 0) return;
    this.stored(conversationId, items, await this.options.store.appendMany(conversationId, items.map((i) => i.activity)));
  }

  /** The responses handed to the bot get their ids, and the streams are told. */
  private stored(conversationId: string, items: PendingReplies['items'], stored: StoredActivity[]): void {
    stored.forEach((s, i) => { items[i].response.id = s.activity.id; });
    if (stored.length > 0) this.options.onStored(conversationId);
  }

  /** A bot reply as clients see it: our ids, the shop's bot account, channelData as the bot set it. */
  private botActivity(activity: Partial<Activity>, conversationId: string): Omit<DirectLineActivity, 'id'> {
    const reply: Partial<Activity> = {
      ...activity,
      type: activity.type ?? ActivityTypes.Message,
      timestamp: this.timestamp() as unknown as Date,
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversationId } as Activity['conversation'],
      from: { id: this.options.bot.id, name: this.options.bot.name, role: 'bot' },
      recipient: activity.recipient?.id ? { id: activity.recipient.id, name: activity.recipient.name, role: 'user' } : undefined,
      serviceUrl: undefined,
    };
    if (!reply.replyToId) delete reply.replyToId;
    delete reply.id;
    // Through JSON: Dates become strings and undefined fields disappear, as clients will see it.
    return JSON.parse(JSON.stringify(reply)) as Omit<DirectLineActivity, 'id'>;
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}

/** The client's own id of a message it sent (channelData.clientActivityID): a client that sends the same activity again keeps it. */
function clientActivityIdOf(activity: Partial<Activity>): string | undefined {
  const id = (activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return typeof id === 'string' && id !== '' && id.length <= 200 ? id : undefined;
}
