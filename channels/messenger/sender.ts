import crypto from 'node:crypto';
import type { DeliveryResult } from '../../src/vocabulary';
import { OutboundGateway, type Attempted, type Transport } from '../kit/outbound';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import type { JobQueue } from '../../src/queue';
import { GraphError, type GraphClient, type SendRequest } from './graph-client';
import type { ChannelHealth } from './health';
import type { MessengerMessage } from './render';
import { MESSENGER, type MessengerSettings } from './settings';
import { decideSend, type MessageKind } from './window-policy';

export const SEND_QUEUE = 'messenger-send';
/** Attempts and backoff of a queued send (BullMQ). */
const QUEUED_ATTEMPTS = 8;
const QUEUED_BACKOFF_MS = 5000;

/** Messages for one shopper, in order, and why they are sent (which decides the messaging type). */
export interface MessengerSend {
  psid: string;
  kind: MessageKind;
  messages: MessengerMessage[];
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
 * (or drops the message) by the shopper's window, and hands the rest to the kit's gateway,
 * which retries only transient failures and never throws on a refused send.
 */
export class MessengerSender {
  private readonly now: () => Date;
  private readonly gateway: OutboundGateway<MessengerSend, SendRequest>;

  constructor(private readonly deps: SenderDeps) {
    this.now = deps.now ?? (() => new Date());
    const transport: Transport<MessengerSend, SendRequest> = { plan: (send) => this.plan(send), send: (request, _key, _send, attempt) => this.sendOne(request, attempt) };
    this.gateway = new OutboundGateway(SEND_QUEUE, deps.queue, transport, {
      inProcessAttempts: deps.retry.attempts, inProcessDelayMs: deps.retry.baseDelayMs, queuedAttempts: QUEUED_ATTEMPTS, queuedBackoffMs: QUEUED_BACKOFF_MS,
    }, deps.logger);
  }

  /** Starts this instance's worker for queued retries. */
  startWorker(): void {
    this.gateway.startWorker();
  }

  async send(psid: string, messages: MessengerMessage[], kind: MessageKind): Promise<DeliveryResult> {
    if (messages.length === 0) return { ok: true };
    const result = await this.gateway.sendNow({ psid, kind, messages }, `messenger-${crypto.randomUUID()}`);
    if (result.skipped) return { ok: false, reason: result.skipped, permanent: true };
    return result.failure ? { ok: false, ...result.failure } : { ok: true, providerMessageId: result.providerMessageId };
  }

  /** The Send API requests the shopper's window allows now. */
  private async plan({ psid, kind, messages }: MessengerSend): Promise<SendRequest[] | { skip: string }> {
    const contact = await this.deps.messaging.contacts.get(MESSENGER, psid);
    const since = contact?.lastInboundAt ? this.now().getTime() - contact.lastInboundAt.getTime() : undefined;
    const decision = decideSend(kind, since, this.deps.settings.outOfWindow);
    if (!decision.send) {
      this.deps.logger.warn({ channel: MESSENGER, psid, kind, reason: decision.reason }, 'messenger message not sent: outside the messaging window');
      await this.record(psid, undefined, 'failed', 'outside_window', 0);
      return { skip: decision.reason };
    }
    return messages.map((message) => ({
      recipient: { id: psid },
      messaging_type: decision.messagingType,
      ...(decision.tag ? { tag: decision.tag } : {}),
      message,
    }));
  }

  /** One request (the Send API has no idempotency key); refusals are logged and recorded. */
  private async sendOne(request: SendRequest, attempt: { n: number; final: boolean }): Promise<Attempted> {
    const psid = request.recipient.id;
    try {
      const { messageId } = await this.deps.graph.sendMessage(request);
      this.deps.health.recover();
      await this.record(psid, messageId, 'sent', undefined, attempt.n);
      return { ok: true, providerMessageId: messageId };
    } catch (err) {
      const error = err instanceof GraphError ? err : new GraphError((err as Error).message, undefined, undefined, undefined, undefined, false);
      if (error.transient && !attempt.final) return { ok: false, kind: 'transient', reason: error.reason };
      this.logRefusal(psid, request, error, attempt.n);
      await this.record(psid, undefined, 'failed', error.code !== undefined ? String(error.code) : 'network', attempt.n);
      return { ok: false, kind: error.transient ? 'transient' : 'rejected', reason: error.reason };
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

