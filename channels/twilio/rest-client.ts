import type { Agent } from 'undici';
import { withoutTrailingSlashes } from '../../src/sources/url';

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

/**
 * Twilio's Messages API (POST /2010-04-01/Accounts/{Sid}/Messages.json, HTTP Basic, a form body),
 * called with undici on keep-alive connections, at TWILIO_API_BASE_URL when set (a local fake in
 * tests, a proxy). Every send carries `I-Twilio-Idempotency-Token`, so that a retry after a
 * timeout is recognised by Twilio instead of sending the message twice.
 *
 * Not through the twilio library's client: measured in `npm run bench` (notices), its axios-based
 * client posted about a fifth of what a plain keep-alive client posts to the same fake with the
 * same four senders, and its CPU was the largest single cost of a notice. The library still
 * checks every webhook's signature (channels/twilio/signature.ts).
 */
export class TwilioMessages {
  private readonly agent: Agent;
  private readonly url: string;
  private readonly undici = require('undici') as typeof import('undici');
  private readonly authorization: string;

  constructor(accountSid: string, authToken: string, apiBaseUrl?: string, timeoutMs = 10_000) {
    // undici is loaded when Twilio is configured.
    this.agent = new this.undici.Agent({ connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 });
    this.url = `${withoutTrailingSlashes(apiBaseUrl ?? 'https://api.twilio.com')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  }

  /** Creates one message; never throws. */
  async send(message: OutboundMessage, idempotencyToken: string): Promise<SendOutcome> {
    const form = new URLSearchParams({ To: message.to });
    if (message.messagingServiceSid) form.set('MessagingServiceSid', message.messagingServiceSid);
    else form.set('From', message.from!);
    if (message.body !== undefined) form.set('Body', message.body);
    if (message.contentSid) {
      form.set('ContentSid', message.contentSid);
      if (message.contentVariables !== undefined) form.set('ContentVariables', message.contentVariables);
    }
    if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
    try {
      const res = await this.undici.request(this.url, {
        method: 'POST', dispatcher: this.agent, body: form.toString(),
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'i-twilio-idempotency-token': idempotencyToken },
      });
      const text = await res.body.text();
      const json = parseJson(text);
      if (res.statusCode >= 200 && res.statusCode < 300 && typeof json.sid === 'string') return { ok: true, sid: json.sid, status: String(json.status ?? 'queued') };
      // Twilio's error JSON: { code, message, more_info, status }.
      return classify({ code: json.code, status: res.statusCode, message: typeof json.message === 'string' ? json.message : `HTTP ${res.statusCode}` });
    } catch (err) {
      return classify(err);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
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
