import { reasonLabel } from '../rules';
import { transcriptText, type IntegrationTarget } from './types';

/**
 * Zendesk: a ticket per new case through the Tickets API
 * (`POST /api/v2/tickets.json`, Basic auth `{email}/token:{api token}`), with the case id
 * as external_id so the two can be matched later.
 */
export function zendeskTickets(options: { baseUrl: string; email: string; apiToken: string }): IntegrationTarget {
  const auth = 'Basic ' + Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64');
  return {
    name: 'zendesk',
    events: ['case.created'],
    request(payload) {
      const c = payload.case;
      const ticket = {
        subject: `${reasonLabel(c.reason)}${c.orderId ? ` — order ${c.orderId}` : ''} (case #${c.id})`,
        comment: { body: `${c.summary}\n\nInbox: ${payload.inboxUrl}\n\nTranscript:\n${transcriptText(payload.transcript)}`, public: false },
        priority: c.priority,
        tags: ['wismo', `wismo_${c.reason}`, `channel_${tagSafe(c.channel)}`, ...(c.language ? [`lang_${c.language}`] : [])],
        external_id: String(c.id),
      };
      return {
        url: `${options.baseUrl.replace(/(?<!\/)\/+$/, '')}/api/v2/tickets.json`,
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({ ticket }),
      };
    },
  };
}

/** Zendesk tags are single words. */
function tagSafe(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}
