import type { MessengerMessage } from './render';

export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
export type MessageTag = 'HUMAN_AGENT' | 'POST_PURCHASE_UPDATE';

/** One Send API request body (without the token). */
export interface SendRequest {
  recipient: { id: string };
  messaging_type: MessagingType;
  tag?: MessageTag;
  message: MessengerMessage;
}

/** Graph error codes we act on (https://developers.facebook.com/docs/messenger-platform/error-codes). */
export const GRAPH_ERROR = {
  /** With subcode 2018278: outside the messaging window. */
  PERMISSION: 10,
  OUTSIDE_WINDOW_SUBCODE: 2018278,
  INVALID_TOKEN: 190,
  PERSON_UNAVAILABLE: 551,
} as const;

/** Codes Graph documents as temporary (unknown/service errors, throttling). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

/** A refused or failed Graph call, classified for the sender. */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly fbtraceId: string | undefined,
    /** Worth retrying later (network trouble, 5xx, throttling). */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'GraphError';
  }

  get outsideWindow(): boolean {
    return this.code === GRAPH_ERROR.PERMISSION && this.subcode === GRAPH_ERROR.OUTSIDE_WINDOW_SUBCODE;
  }

  get badToken(): boolean {
    return this.code === GRAPH_ERROR.INVALID_TOKEN;
  }

  get personUnavailable(): boolean {
    return this.code === GRAPH_ERROR.PERSON_UNAVAILABLE;
  }

  /** Short reason for logs and delivery results. */
  get reason(): string {
    if (this.outsideWindow) return 'outside the messaging window';
    if (this.badToken) return 'page token refused';
    if (this.personUnavailable) return 'person unavailable';
    return this.code !== undefined ? `graph error ${this.code}${this.subcode ? `/${this.subcode}` : ''}` : this.message;
  }
}

/** The Graph API calls the channel makes: Send API and the handover protocol. */
export class GraphClient {
  constructor(
    private readonly baseUrl: string,
    private readonly pageToken: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async sendMessage(request: SendRequest): Promise<{ messageId: string }> {
    const body = await this.post<{ message_id?: string }>('/me/messages', request);
    return { messageId: body.message_id ?? '' };
  }

  /** Hands the thread to another app (a human inbox); the bot then only sees standby events. */
  async passThreadControl(psid: string, targetAppId: string, metadata: string): Promise<void> {
    await this.post('/me/pass_thread_control', { recipient: { id: psid }, target_app_id: targetAppId, metadata });
  }

  /** Takes the thread back from whichever app owns it. */
  async takeThreadControl(psid: string, metadata: string): Promise<void> {
    await this.post('/me/take_thread_control', { recipient: { id: psid }, metadata });
  }

  private async post<T>(path: string, payload: unknown): Promise<T> {
    // The token goes in the query, as the Send API documents; the URL is never logged.
    const url = `${this.baseUrl}${path}?access_token=${encodeURIComponent(this.pageToken)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new GraphError(`Graph API unreachable: ${(err as Error).message}`, undefined, undefined, undefined, undefined, true);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = {};
    }
    if (res.ok) return body as T;
    const error = (body as { error?: { message?: string; code?: number; error_subcode?: number; fbtrace_id?: string; is_transient?: boolean } }).error ?? {};
    const transient = res.status >= 500 || res.status === 429 || error.is_transient === true || (error.code !== undefined && TRANSIENT_CODES.has(error.code));
    throw new GraphError(error.message ?? `HTTP ${res.status}`, res.status, error.code, error.error_subcode, error.fbtrace_id, transient);
  }
}
