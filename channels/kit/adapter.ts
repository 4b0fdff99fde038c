import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { CHANNEL_NAME, CLIENT_ADDRESS, INBOUND_WRITE, PROVEN_IDENTITY, VERIFIED_ORDER } from '../../src/bot/wismo-bot';
import type { LeadingWrite } from '../../src/store/turn-scope';

/** botbuilder's pause between replies (not in ActivityTypes). */
export const DELAY = 'delay';
/** Longest `delay` activity honoured. */
const MAX_DELAY_MS = 5000;

/** What a channel knows about a turn beyond the activity: the engine's channel name and what it proved. */
export interface TurnFacts {
  /** The channel name the engine sees ('sms', 'whatsapp', 'voice'...); the adapter's own by default. */
  channel?: string;
  /** The sender's phone or email, proven by the channel itself (contract §6). */
  provenIdentity?: { phone?: string; email?: string };
  /** The client's network address (web chat), for verification limits per client. */
  clientAddress?: string;
  /** An order the channel proved the sender is verified for (web chat opened from the order's tracking page). */
  verifiedOrderId?: string;
  /** The shopper's message, stored by the bot with its turn (src/bot/wismo-bot.ts INBOUND_WRITE). */
  inboundWrite?: LeadingWrite;
}

/**
 * What the botbuilder adapters of the direct channels (web chat, Twilio, Messenger) share: a
 * turn context with the channel's facts in turn state, replies handed over in order with
 * botbuilder's pauses between them, and the operations none of these channels offers. A
 * channel adds only how its replies leave (`deliver`) and how its webhook becomes a turn.
 */
export abstract class ChannelAdapter extends BotAdapter {
  protected constructor(
    /** For errors: "Messenger", "Twilio channels"... */
    private readonly label: string,
    private readonly channelName: string,
    /** Request/response channels answer in one go: pausing between replies only delays it. */
    private readonly pausesBetweenReplies = true,
  ) {
    super();
  }

  /** A turn context for `activity` with the channel's facts in turn state. */
  protected turnContext(activity: Partial<Activity>, facts: TurnFacts = {}): TurnContext {
    const context = new TurnContext(this, activity);
    context.turnState.set(CHANNEL_NAME, facts.channel ?? this.channelName);
    if (facts.provenIdentity) context.turnState.set(PROVEN_IDENTITY, { ...facts.provenIdentity });
    if (facts.clientAddress) context.turnState.set(CLIENT_ADDRESS, facts.clientAddress);
    if (facts.verifiedOrderId) context.turnState.set(VERIFIED_ORDER, facts.verifiedOrderId);
    if (facts.inboundWrite) context.turnState.set(INBOUND_WRITE, facts.inboundWrite);
    return context;
  }

  /** Hands each run of replies to `deliver`, in order, waiting out botbuilder's pauses between runs. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    let run: Partial<Activity>[] = [];
    const flush = async () => {
      if (run.length > 0) responses.push(...(await this.deliver(context, run)));
      run = [];
    };
    for (const activity of activities) {
      if (activity.type !== DELAY && activity.type !== ActivityTypes.InvokeResponse) {
        run.push(activity);
        continue;
      }
      await flush();
      if (activity.type === DELAY && this.pausesBetweenReplies) await pause(activity);
      responses.push({ id: '' });
    }
    await flush();
    return responses;
  }

  /** Sends (or keeps) replies of a turn, one response per activity. */
  protected abstract deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]>;

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.label}: a sent message cannot be edited`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.label}: a sent message cannot be deleted`);
  }
}

function pause(activity: Partial<Activity>): Promise<void> {
  const ms = Math.min(typeof activity.value === 'number' ? activity.value : 1000, MAX_DELAY_MS);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
