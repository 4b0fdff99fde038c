import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/**
 * A local stand-in for Twilio's REST API (formats §6), speaking its wire format:
 * POST /2010-04-01/Accounts/{Sid}/Messages.json with HTTP Basic and a form body,
 * 201 with a message resource, or Twilio's error JSON.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
  status: number;
  idempotencyToken?: string;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
}

type FailMode = 'error' | 'created-then-error';

const OPT_OUT_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN_WORDS = new Set(['START', 'YES', 'UNSTOP']);

export class FakeTwilio {
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  /** Numbers (E.164, no whatsapp: prefix) that said STOP: sends to them fail with 21610. */
  readonly optedOut = new Set<string>();
  /** WhatsApp numbers outside the 24-hour window: free-form sends to them fail with 63016. */
  readonly outsideWindow = new Set<string>();
  private failures: FailMode[] = [];
  private rateLimited = 0;
  private readonly byIdempotencyToken = new Map<string, FakeMessage>();
  private server?: http.Server;
  baseUrl = '';

  constructor(readonly accountSid: string, readonly authToken: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `count` sends fail with 500; `created-then-error` creates the message first (a lost response). */
  failNext(count = 1, mode: FailMode = 'error'): void {
    this.failures.push(...Array<FailMode>(count).fill(mode));
  }

  /** The next `count` sends answer 429 / 20429. */
  rateLimitNext(count = 1): void {
    this.rateLimited += count;
  }

  reset(): void {
    this.requests.length = 0;
    this.messages.length = 0;
    this.optedOut.clear();
    this.outsideWindow.clear();
    this.failures = [];
    this.rateLimited = 0;
    this.byIdempotencyToken.clear();
  }

  /**
   * An inbound message webhook's parameters, as Twilio posts them; a keyword body updates the
   * opt-out set the way Twilio's default handling does (and Twilio still forwards it).
   */
  inbound(fields: { From: string; Body: string; To?: string; MessageSid?: string } & Record<string, string>): Record<string, string> {
    const params: Record<string, string> = {
      ToCountry: 'US', SmsMessageSid: '', NumMedia: '0', SmsSid: '', SmsStatus: 'received', NumSegments: '1', ApiVersion: '2010-04-01',
      AccountSid: this.accountSid, To: '+15005550006', MessageSid: newSid('SM'), ...fields,
    };
    params.SmsMessageSid = params.SmsSid = params.MessageSid;
    if (params.From.startsWith('whatsapp:')) params.WaId = params.From.replace(/\D/g, '');
    const word = params.Body.trim().toUpperCase();
    const number = params.From.replace(/^whatsapp:/, '');
    if (OPT_OUT_WORDS.has(word)) this.optedOut.add(number);
    if (OPT_IN_WORDS.has(word)) this.optedOut.delete(number);
    return params;
  }

  /** X-Twilio-Signature for a request to `url` with `params`, computed by the twilio library. */
  sign(url: string, params: Record<string, string>): string {
    return twilio.getExpectedTwilioSignature(this.authToken, url, params);
  }

  /** Posts a signed status callback for a sent message to its StatusCallback URL (or `url`). */
  async postStatus(sid: string, status: string, opts: { errorCode?: string; url?: string } = {}): Promise<number> {
    const message = this.messages.find((m) => m.sid === sid);
    const url = opts.url ?? message?.statusCallback;
    if (!url) throw new Error(`no StatusCallback for ${sid}`);
    const params: Record<string, string> = {
      MessageSid: sid, SmsSid: sid, AccountSid: this.accountSid, MessageStatus: status, SmsStatus: status,
      To: message?.to ?? '', From: message?.from ?? '', ApiVersion: '2010-04-01',
      ...(opts.errorCode ? { ErrorCode: opts.errorCode } : {}),
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': this.sign(url, params) },
      body: new URLSearchParams(params).toString(),
    });
    return res.status;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = (req.url ?? '').split('?')[0];
    const token = req.headers['i-twilio-idempotency-token'];
    const record: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, form, status: 0, idempotencyToken: typeof token === 'string' ? token : undefined };
    this.requests.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) => reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (!m || req.method !== 'POST') return error(404, 20404, 'The requested resource was not found');
    if (!this.authorised(req.headers.authorization) || m[1] !== this.accountSid) return error(401, 20003, 'Authenticate');

    if (record.idempotencyToken && this.byIdempotencyToken.has(record.idempotencyToken)) {
      // A retry of a send Twilio already took: the same message, not a second one.
      return reply(201, this.resource(this.byIdempotencyToken.get(record.idempotencyToken)!));
    }
    const failure = this.failures.shift();
    if (failure === 'error') return error(500, 20500, 'Internal Server Error');
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return error(429, 20429, 'Too Many Requests');
    }
    const to = form.To ?? '';
    if (!/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!form.From && !form.MessagingServiceSid) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required");
    if (!form.Body && !form.ContentSid) return error(400, 21602, 'Message body is required.');
    const number = to.replace(/^whatsapp:/, '');
    if (this.optedOut.has(number)) return error(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (to.startsWith('whatsapp:') && form.Body && this.outsideWindow.has(number)) {
      return error(400, 63016, 'Failed to send freeform message because you are outside the allowed window. Please use a Template.');
    }
    const message: FakeMessage = {
      sid: newSid('SM'), to, from: form.From, messagingServiceSid: form.MessagingServiceSid, body: form.Body,
      contentSid: form.ContentSid, contentVariables: form.ContentVariables, statusCallback: form.StatusCallback,
    };
    this.messages.push(message);
    if (record.idempotencyToken) this.byIdempotencyToken.set(record.idempotencyToken, message);
    if (failure === 'created-then-error') return error(500, 20500, 'Internal Server Error');
    reply(201, this.resource(message));
  }

  private authorised(header: string | undefined): boolean {
    const expected = 'Basic ' + Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64');
    return header !== undefined && header.length === expected.length && crypto.timingSafeEqual(Buffer.from(header), Buffer.from(expected));
  }

  private resource(m: FakeMessage): Record<string, unknown> {
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return {
      sid: m.sid, account_sid: this.accountSid, to: m.to, from: m.from ?? null, messaging_service_sid: m.messagingServiceSid ?? null,
      body: m.body ?? '', status: m.messagingServiceSid ? 'accepted' : 'queued', num_segments: String(Math.max(1, Math.ceil((m.body ?? '').length / 153))),
      num_media: '0', direction: 'outbound-api', api_version: '2010-04-01', price: null, price_unit: 'USD', error_code: null, error_message: null,
      date_created: now, date_updated: now, date_sent: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}/Media.json` },
    };
  }
}

export function newSid(prefix: string): string {
  return prefix + crypto.randomBytes(16).toString('hex');
}
