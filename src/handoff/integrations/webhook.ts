import crypto from 'node:crypto';
import type { IntegrationTarget } from './types';

/** Signature header value: `sha256=<hex HMAC-SHA256 of the raw body>` (the body carries the timestamp too). */
export function signBody(secret: string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time check a receiver can use (and the tests do). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header ?? '');
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** The generic signed webhook: every case event as JSON. */
export function signedWebhook(options: { url: string; secret: string }): IntegrationTarget {
  return {
    name: 'webhook',
    events: ['case.created', 'case.reopened', 'case.resolved', 'case.handed_back'],
    request(payload, deliveryId, now) {
      const timestamp = Math.floor(now.getTime() / 1000);
      const body = JSON.stringify({ event: payload.event, deliveryId, timestamp, case: payload.case, transcript: payload.transcript, inboxUrl: payload.inboxUrl });
      return {
        url: options.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'wismo-bot',
          'x-wismo-event': payload.event,
          'x-wismo-delivery': String(deliveryId),
          'x-wismo-timestamp': String(timestamp),
          'x-wismo-signature': signBody(options.secret, body),
        },
        body,
      };
    },
  };
}
