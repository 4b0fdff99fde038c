import { ActivityTypes, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { ChannelAdapter } from '../kit/adapter';
import type { ShopperMessage } from './inbound';
import { renderActivity } from './render';
import type { MessengerSender } from './sender';
import { MESSENGER } from './settings';

/**
 * botbuilder adapter for Messenger: a webhook message becomes a turn, and the bot's
 * replies go out through the Send API (rendered as text with quick replies).
 * A conversation is one shopper (PSID) on our Page.
 */
export class MessengerAdapter extends ChannelAdapter {
  constructor(private readonly sender: MessengerSender) {
    super('Messenger', MESSENGER);
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
    await this.runMiddleware(this.turnContext(activity), logic);
  }

  /** Each reply through the Send API, rendered as text with quick replies. */
  protected override async deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const psid = context.activity.conversation.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
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

  /** A turn outside the shopper's turns (botbuilder proactive messaging): replies are sent as bot messages. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const psid = reference.user?.id ?? reference.conversation?.id;
    if (!psid) throw new Error('continueConversation needs the shopper PSID (reference.user.id)');
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: MESSENGER },
      { channelId: MESSENGER, serviceUrl: '', ...reference, conversation: { id: psid, isGroup: false, conversationType: 'personal', name: '' } } as ConversationReference,
      true,
    );
    await this.runMiddleware(this.turnContext(activity), logic);
  }
}
