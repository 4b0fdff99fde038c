import { ActivityTypes, type Activity, type ActivityHandler, type ConversationReference, type ResourceResponse, type TurnContext } from 'botbuilder';
import { ChannelAdapter } from '../kit/adapter';
import { KeyedSerial } from '../kit/keyed-serial';

/** One shopper message for the bot, as a Twilio channel (SMS, WhatsApp, voice) hands it over. */
export interface TurnInput {
  /** The engine's channel name: 'sms', 'whatsapp' or 'voice'. */
  channel: string;
  conversationId: string;
  senderId: string;
  text: string;
  locale?: string;
  /** The sender's own number (E.164): it verifies orders placed with that phone (contract §6). */
  provenPhone?: string;
}

const COLLECTED = Symbol('wismo.twilio.collected');

/**
 * botbuilder adapter for request/response channels: runs the bot's turn and hands back the
 * reply activities, which the channel then renders its way (TwiML, REST sends, speech).
 */
export class CollectingAdapter extends ChannelAdapter {
  private readonly serial = new KeyedSerial();

  constructor(private readonly bot: ActivityHandler, private readonly channelId = 'twilio') {
    super('Twilio channels', channelId, false);
  }

  /** Runs one turn; turns of one conversation on this instance never interleave. */
  runTurn(input: TurnInput): Promise<Partial<Activity>[]> {
    return this.serial.run(`${input.channel}:${input.conversationId}`, async () => {
      const activity: Partial<Activity> = {
        type: ActivityTypes.Message,
        id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
        channelId: this.channelId,
        conversation: { id: input.conversationId } as Activity['conversation'],
        from: { id: input.senderId, role: 'user' } as Activity['from'],
        recipient: { id: 'wismo-bot', role: 'bot' } as Activity['recipient'],
        text: input.text,
        locale: input.locale,
        timestamp: new Date(),
      };
      const context = this.turnContext(activity, { channel: input.channel, provenIdentity: input.provenPhone ? { phone: input.provenPhone } : undefined });
      const collected: Partial<Activity>[] = [];
      context.turnState.set(COLLECTED, collected);
      await this.runMiddleware(context, (ctx) => this.bot.run(ctx));
      return collected;
    });
  }

  /** Replies are kept for the channel to render its way (TwiML, REST sends, speech). */
  protected override async deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const collected = context.turnState.get(COLLECTED) as Partial<Activity>[] | undefined;
    if (!collected) throw new Error('replies outside a turn are sent through the channel, not the adapter');
    return activities.map((a) => {
      if ((a.type ?? ActivityTypes.Message) === ActivityTypes.Message && (a.text ?? '').trim() !== '') collected.push(a);
      return { id: `${context.activity.id}-${collected.length}` };
    });
  }

  override async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {
    throw new Error('Twilio channels send proactive messages with Channel.deliver');
  }
}
