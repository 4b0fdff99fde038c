import type { DeliveryResult } from '../../src/vocabulary';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import type { JobQueue } from '../../src/queue';
import { GraphError, type GraphClient, type SendRequest } from './graph-client';
import type { ChannelHealth } from './health';
import type { MessengerMessage } from './render';
import { MESSENGER, type MessengerSettings } from './settings';
import { decideSend, type MessageKind } from './window-policy';

export const SEND_QUEUE = 'messenger-send';

/** A send that failed transiently, handed to BullMQ to retry with backoff. */
export interface SendJob {
  psid: string;
  kind: MessageKind;
  /** Still to send, in order (sent ones are removed, so a retry never repeats them). */
  requests: SendRequest[];
}

export interface RetryOptions {
  /** Attempts in-process before giving up (or handing over to the queue). */
  attempts: number;
  baseDelayMs: number;
}

export interface SenderDeps {
  graph: GraphClient;
  settings: MessengerSettings;
  messaging: MessagingServices;
  health: ChannelHealth;
  logger: Logger;
  queue: JobQueue;
  retry: RetryOptions;
  now?: () => Date;
}

/**
 * Sends messages through the Send API within Messenger's rules: picks the messaging type
 * (or drops the message) by the shopper's window, retries only transient failures, and
 * never throws on a refused send.
 */
export class MessengerSender {
  private readonly now: () => Date;

  constructor(private readonly deps: SenderDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async send(psid: string, messages: MessengerMessage[], kind: MessageKind): Promise<DeliveryResult> {
    if (messages.length === 0) return { ok: true };
    const contact = await this.deps.messaging.contacts.get(MESSENGER, psid);
    const since = contact?.lastInboundAt ? this.now().getTime() - contact.lastInboundAt.getTime() : undefined;
    const decision = decideSend(kind, since, this.deps.settings.outOfWindow);
    if (!decision.send) {
      this.deps.logger.warn({ channel: MESSENGER, psid, kind, reason: decision.reason }, 'messenger message not sent: outside the messaging window');
      await this.record(psid, undefined, 'failed', 'outside_window', 0);
      return { ok: false, reason: decision.reason, permanent: true };
    }
    const requests: SendRequest[] = messages.map((message) => ({
      recipient: { id: psid },
      messaging_type: decision.messagingType,
      ...(decision.tag ? { tag: decision.tag } : {}),
      message,
    }));
    return this.sendInOrder({ psid, kind, requests }, true);
  }

  /** BullMQ processor of SEND_QUEUE: throws on a transient failure so the job is retried with backoff. */
  async sendQueued(job: SendJob, progress: (left: SendJob) => Promise<void>): Promise<void> {
    let left = job;
    while (left.requests.length > 0) {
      const [request, ...rest] = left.requests;
      const outcome = await this.attempt(request, 1);
      if (!outcome.ok) {
        if (outcome.transient) throw outcome.error;
        return;
      }
      left = { ...left, requests: rest };
      await progress(left);
    }
  }

  private async sendInOrder(job: SendJob, mayQueue: boolean): Promise<DeliveryResult> {
    let lastId: string | undefined;
    for (let i = 0; i < job.requests.length; i++) {
      const outcome = await this.attempt(job.requests[i], this.deps.retry.attempts);
      if (outcome.ok) {
        lastId = outcome.messageId;
        continue;
      }
      if (outcome.transient && mayQueue && this.deps.queue.available) {
        await this.deps.queue.add<SendJob>(SEND_QUEUE, { ...job, requests: job.requests.slice(i) }, { attempts: 8, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 });
        this.deps.logger.warn({ channel: MESSENGER, psid: job.psid, reason: outcome.error.reason }, 'messenger send failed transiently; queued for retry');
        return { ok: false, reason: `${outcome.error.reason}; queued for retry`, permanent: false };
      }
      return { ok: false, reason: outcome.error.reason, permanent: !outcome.transient };
    }
    return { ok: true, providerMessageId: lastId };
  }

  /** One request, retried in-process on transient failures; refusals are logged and recorded. */
  private async attempt(request: SendRequest, attempts: number): Promise<{ ok: true; messageId: string } | { ok: false; transient: boolean; error: GraphError }> {
    const psid = request.recipient.id;
    for (let n = 1; ; n++) {
      try {
        const { messageId } = await this.deps.graph.sendMessage(request);
        this.deps.health.recover();
        await this.record(psid, messageId, 'sent', undefined, n);
        return { ok: true, messageId };
      } catch (err) {
        const error = err instanceof GraphError ? err : new GraphError((err as Error).message, undefined, undefined, undefined, undefined, false);
        if (error.transient && n < attempts) {
          await sleep(this.deps.retry.baseDelayMs * 2 ** (n - 1));
          continue;
        }
        this.logRefusal(psid, request, error, n);
        await this.record(psid, undefined, 'failed', error.code !== undefined ? String(error.code) : 'network', n);
        return { ok: false, transient: error.transient, error };
      }
    }
  }

  private logRefusal(psid: string, request: SendRequest, error: GraphError, attempts: number): void {
    const fields = { channel: MESSENGER, psid, messagingType: request.messaging_type, tag: request.tag, code: error.code, subcode: error.subcode, fbtraceId: error.fbtraceId, attempts, reason: error.reason };
    if (error.badToken) {
      this.deps.health.degrade('the Page token was refused (Graph error 190): renew MESSENGER_PAGE_TOKEN');
      this.deps.logger.error(fields, 'messenger send refused: the Page token is invalid or expired');
    } else if (error.outsideWindow) {
      this.deps.logger.warn(fields, 'messenger send refused: outside the messaging window');
    } else if (error.personUnavailable) {
      this.deps.logger.warn(fields, 'messenger send refused: the person is not available');
    } else {
      this.deps.logger.error(fields, error.transient ? 'messenger send failed (transient, giving up)' : 'messenger send refused');
    }
  }

  private async record(psid: string, messageId: string | undefined, status: 'sent' | 'failed', errorCode: string | undefined, attempts: number): Promise<void> {
    try {
      await this.deps.messaging.deliveries.recordSent({ provider: MESSENGER, providerMessageId: messageId, channel: MESSENGER, address: psid, conversationKey: `${MESSENGER}:${psid}`, status, errorCode, attempts });
    } catch (err) {
      // The message went out (or did not) either way; a bookkeeping failure must not turn into a resend.
      this.deps.logger.warn({ channel: MESSENGER, err: (err as Error).message }, 'could not record a messenger delivery');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
