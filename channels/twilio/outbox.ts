import type { JobQueue } from '../../src/queue';
import type { Logger } from '../../src/log/logger';
import { OutboundGateway, type Transport } from '../kit/outbound';
import type { OutboundMessage } from './rest-client';
import type { MessageSender, SendRequest } from './sender';

export const SEND_QUEUE = 'twilio-send';
export const SEND_ATTEMPTS = 5;
const BACKOFF_MS = 2000;

/** Twilio messages out through the kit's gateway: queued with retries when Redis is there, at once otherwise. */
export type Outbox = OutboundGateway<SendRequest, OutboundMessage>;

/**
 * Each message carries Twilio's idempotency token (`I-Twilio-Idempotency-Token`), the
 * gateway's key for it, so a retry after a timeout cannot send the same message twice.
 */
export function createOutbox(queue: JobQueue, sender: MessageSender, logger: Logger, backoffMs = BACKOFF_MS): Outbox {
  const transport: Transport<SendRequest, OutboundMessage> = {
    plan: async (request) => {
      const plan = await sender.plan(request);
      return plan.action === 'send' ? plan.messages : { skip: plan.reason };
    },
    send: async (message, key, request, attempt) => {
      const outcome = await sender.sendOne(message, key, request, attempt.n, attempt.final);
      if (outcome.ok) return { ok: true, providerMessageId: outcome.sid };
      // Opted out or outside the window: recorded by the sender, and the rest is not sent.
      const kind = outcome.kind === 'transient' ? 'transient' : outcome.kind === 'rejected' ? 'rejected' : 'stopped';
      return { ok: false, kind, reason: `Twilio ${outcome.kind} (${outcome.status ?? 'no response'}${outcome.code ? ` ${outcome.code}` : ''}): ${outcome.message}` };
    },
  };
  // A reply is sent once in process (the webhook waits); retries are the queue's.
  return new OutboundGateway(SEND_QUEUE, queue, transport, { inProcessAttempts: 1, inProcessDelayMs: 0, queuedAttempts: SEND_ATTEMPTS, queuedBackoffMs: backoffMs }, logger);
}
