import { reasonLabel } from '../rules';
import type { IntegrationTarget } from './types';

/**
 * Slack incoming webhook: one message per new or reopened case. Only the summary goes to
 * Slack (no sender id, no transcript): channels are read by more people than the inbox.
 */
export function slackWebhook(options: { url: string }): IntegrationTarget {
  return {
    name: 'slack',
    events: ['case.created', 'case.reopened'],
    request(payload) {
      const c = payload.case;
      const verb = payload.event === 'case.reopened' ? 'reopened' : 'new';
      const text = `Case #${c.id} ${verb} (${c.priority}): ${c.summary}`;
      const body = JSON.stringify({
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*Case #${c.id}* ${verb} — ${escapeMrkdwn(reasonLabel(c.reason))} (${c.priority})\n${escapeMrkdwn(c.summary)}` } },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `${c.channel}${c.language ? ` · ${c.language}` : ''}${c.orderId ? ` · order ${escapeMrkdwn(c.orderId)}` : ''} · <${payload.inboxUrl}|open in the inbox>` }],
          },
        ],
      });
      return { url: options.url, headers: { 'content-type': 'application/json' }, body };
    },
  };
}

/** Slack's three control characters in mrkdwn. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
