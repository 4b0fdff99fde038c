import crypto from 'node:crypto';

/**
 * Where a call stands between two webhooks, carried in the action URL (signed, bound to
 * the call) instead of process memory, so any instance can take the next webhook.
 */
export interface CallState {
  /** ask: waiting for an order number; confirm: read it back; reply: answering the bot's question. */
  step: 'ask' | 'confirm' | 'reply';
  /** The order number heard, awaiting confirmation. */
  heard?: string;
  /** Twilio voice language of the conversation so far (en-US...). */
  lang: string;
  /** Prompts that got no usable answer in a row. */
  misses: number;
}

export class CallStateCodec {
  private readonly key: Buffer;

  constructor(authToken: string) {
    // A key of its own, derived from the auth token (no extra secret to configure).
    this.key = crypto.createHmac('sha256', authToken).update('wismo voice call state').digest();
  }

  encode(callSid: string, state: CallState): string {
    const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${payload}.${this.mac(callSid, payload)}`;
  }

  /** The state, or undefined when missing, tampered with or from another call. */
  decode(callSid: string, token: unknown): CallState | undefined {
    if (typeof token !== 'string') return undefined;
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return undefined;
    const expected = Buffer.from(this.mac(callSid, payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
    try {
      const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CallState;
      return ['ask', 'confirm', 'reply'].includes(s.step) && typeof s.lang === 'string' ? s : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(callSid: string, payload: string): string {
    return crypto.createHmac('sha256', this.key).update(`${callSid}.${payload}`).digest('base64url');
  }
}
