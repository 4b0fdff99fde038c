import { messageActivity } from '../../src/bot/wismo-bot';
import type { Activity } from 'botbuilder';
import type { ProactiveMessage } from '../../src/vocabulary';

/**
 * Azure channels (Teams, Slack, Telegram…) take botbuilder Activities as they are: text,
 * suggested actions (the Bot Connector renders them the channel's way, or drops them) and
 * channelData.wismo (contract §3).
 */
export function renderForAzure(activity: Partial<Activity>): Partial<Activity> {
  return activity;
}

/** An agent's reply or a notification as a message Activity. */
export function proactiveActivity(message: ProactiveMessage): Partial<Activity> {
  return renderForAzure(messageActivity({ text: message.text, suggestions: message.suggestions, wismo: message.wismo, kind: message.kind }));
}
