import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/** The idempotency token of the send running in this async context. */
const idempotency = new AsyncLocalStorage<string>();

/**
 * The twilio library's HTTP client, pointed at TWILIO_API_BASE_URL when set (a local fake
 * in tests, a proxy) and adding `I-Twilio-Idempotency-Token` to a send, so that a retry
 * after a timeout is recognised by Twilio instead of sending the message twice.
 */
class RoutedRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string | undefined, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const headers = { ...opts.headers };
    const token = idempotency.getStore();
    if (token) headers['I-Twilio-Idempotency-Token'] = token;
    return super.request<TData>({ ...opts, uri: this.baseUrl ? rebase(opts.uri, this.baseUrl) : opts.uri, headers });
  }
}

function rebase(uri: string, baseUrl: string): string {
  const u = new URL(uri);
  return baseUrl.replace(/(?<!\/)\/+$/, '') + u.pathname + u.search;
}

export interface OutboundMessage {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
}

/** What a send ended with, in the terms the channel acts on. */
export type SendOutcome =
  | { ok: true; sid: string; status: string }
  | { ok: false; code?: number; status?: number; message: string; kind: SendFailure };

/**
 * opted_out: 21610, the shopper said STOP (never retry, record it);
 * outside_window: 63016, WhatsApp free-form after 24 hours (never retry);
 * rejected: any other 4xx (bad number...; retrying does not help);
 * transient: 5xx, 429, timeouts, network (retry with backoff).
 */
export type SendFailure = 'opted_out' | 'outside_window' | 'rejected' | 'transient';

export class TwilioMessages {
  private readonly client: ReturnType<typeof twilio>;

  constructor(accountSid: string, authToken: string, apiBaseUrl?: string, timeoutMs = 10_000) {
    this.client = twilio(accountSid, authToken, { httpClient: new RoutedRequestClient(apiBaseUrl, timeoutMs) });
  }

  /** POST /2010-04-01/Accounts/{Sid}/Messages.json; never throws. */
  async send(message: OutboundMessage, idempotencyToken: string): Promise<SendOutcome> {
    try {
      const created = await idempotency.run(idempotencyToken, () =>
        this.client.messages.create({
          to: message.to,
          ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : { from: message.from! }),
          ...(message.body !== undefined ? { body: message.body } : {}),
          ...(message.contentSid ? { contentSid: message.contentSid, contentVariables: message.contentVariables } : {}),
          ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
        }),
      );
      return { ok: true, sid: created.sid, status: created.status };
    } catch (err) {
      return classify(err);
    }
  }
}

export function classify(err: unknown): SendOutcome & { ok: false } {
  const e = err as { code?: unknown; status?: unknown; message?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const message = e.message ?? String(err);
  if (code === 21610) return { ok: false, code, status, message, kind: 'opted_out' };
  if (code === 63016) return { ok: false, code, status, message, kind: 'outside_window' };
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && code !== 20429) return { ok: false, code, status, message, kind: 'rejected' };
  return { ok: false, code, status, message, kind: 'transient' };
}
