import {
  ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse,
} from 'botbuilder';
import { CHANNEL_NAME } from '../../src/bot/wismo-bot';
import type { ShopperMessage } from './inbound';
import { renderActivity } from './render';
import type { MessengerSender } from './sender';
import { MESSENGER } from './settings';

/** botbuilder's pause between replies (not in ActivityTypes). */
const DELAY = 'delay';

/**
 * botbuilder adapter for Messenger: a webhook message becomes a turn, and the bot's
 * replies go out through the Send API (rendered as text with quick replies).
 * A conversation is one shopper (PSID) on our Page.
 */
export class MessengerAdapter extends BotAdapter {
  constructor(private readonly sender: MessengerSender) {
    super();
  }

  /** Runs the bot's turn on one shopper message. */
  async processMessage(message: ShopperMessage, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: message.mid,
      channelId: MESSENGER,
      timestamp: new Date(message.timestamp),
      text: message.text,
      from: { id: message.psid, name: '', role: 'user' },
      recipient: { id: message.pageId, name: '', role: 'bot' },
      conversation: { id: message.psid, name: '', isGroup: false, conversationType: 'personal' },
      serviceUrl: '',
    };
    const context = new TurnContext(this, activity);
    context.turnState.set(CHANNEL_NAME, MESSENGER);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const psid = context.activity.conversation.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === DELAY) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(typeof activity.value === 'number' ? activity.value : 1000, 5000)));
        responses.push({ id: '' });
        continue;
      }
      const messages = renderActivity(activity);
      if (messages.length === 0) {
        responses.push({ id: '' });
        continue;
      }
      // Replies to a turn are bot messages; a refused send is logged by the sender, never thrown into the bot.
      const result = await this.sender.send(psid, messages, 'bot');
      responses.push({ id: result.ok ? (result.providerMessageId ?? '') : '' });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('Messenger: a sent message cannot be edited');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('Messenger: a sent message cannot be deleted');
  }

  /** A turn outside the shopper's turns (botbuilder proactive messaging): replies are sent as bot messages. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const psid = reference.user?.id ?? reference.conversation?.id;
    if (!psid) throw new Error('continueConversation needs the shopper PSID (reference.user.id)');
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: MESSENGER },
      { channelId: MESSENGER, serviceUrl: '', ...reference, conversation: { id: psid, isGroup: false, conversationType: 'personal', name: '' } } as ConversationReference,
      true,
    );
    const context = new TurnContext(this, activity);
    context.turnState.set(CHANNEL_NAME, MESSENGER);
    await this.runMiddleware(context, logic);
  }
}
