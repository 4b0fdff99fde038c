import { ActivityTypes, type Activity } from 'botbuilder';
import type { ProactiveMessage } from '../../src/app/channel';

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
  const wismo: Record<string, unknown> = { intent: message.wismo.intent, handoff: message.wismo.handoff };
  if (message.wismo.orderId) wismo.orderId = message.wismo.orderId;
  const activity: Partial<Activity> = { type: ActivityTypes.Message, text: message.text, textFormat: 'plain', channelData: { wismo, kind: message.kind } };
  if (message.suggestions?.length) {
    activity.suggestedActions = { to: [], actions: message.suggestions.map((s) => ({ type: 'imBack', title: s, value: s })) };
  }
  return renderForAzure(activity);
}
