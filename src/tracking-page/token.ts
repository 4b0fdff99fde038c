import crypto from 'node:crypto';
import { LANGUAGES, type Lang } from '../vocabulary';

/**
 * The token of a tracking page link (`/track/{token}`): an authenticated encryption
 * (AES-256-GCM) of `{ order id, expiry, language }`, base64url. Encrypted rather than only
 * signed, so the link carries no order number anyone could read (it travels in SMS, emails
 * and proxy logs); authenticated, so a changed byte, another key or a made-up token is
 * refused; a random 96-bit IV per link, so two links for one order differ and nothing can
 * be enumerated. Stateless: every instance opens a link with the key alone.
 *
 * Layout: version (1 byte) | IV (12) | ciphertext | GCM tag (16). The version byte is the
 * additional authenticated data. Plaintext: language index (1) | expiry, Unix seconds
 * (uint32) | order id (UTF-8). The order id is not padded: the token's length tells the
 * id's length, which every order of a shop shares anyway; a link stays short for SMS.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + 4;
/** Contract §1 order ids are at most 64 characters: 256 UTF-8 bytes is plenty. */
const MAX_ID_BYTES = 256;
/** Longest token string accepted before any work is done. */
const MAX_TOKEN_CHARS = Math.ceil(((1 + IV_BYTES + HEADER_BYTES + MAX_ID_BYTES + TAG_BYTES) * 4) / 3);

/** HKDF's info: a key derived for this use only, whatever secret it comes from. */
const KEY_INFO = 'wismo-bot tracking page token v1';

export interface TrackingLink {
  orderId: string;
  lang: Lang;
  /** When the link stops working. */
  expiresAt: Date;
}

export class TrackingTokens {
  private readonly key: Buffer;

  /** `secret`: TRACKING_PAGE_SECRET, or another server secret it is derived from when unset. */
  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the tracking page secret needs at least 16 characters');
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, 'wismo-bot', KEY_INFO, 32));
  }

  issue(link: TrackingLink): string {
    const id = Buffer.from(link.orderId, 'utf8');
    if (id.length === 0 || id.length > MAX_ID_BYTES) throw new Error('order id out of range for a tracking link');
    const expiry = Math.floor(link.expiresAt.getTime() / 1000);
    if (!(expiry > 0 && expiry <= 0xffffffff)) throw new Error('expiry out of range for a tracking link');
    const plain = Buffer.alloc(HEADER_BYTES + id.length);
    plain.writeUInt8(LANGUAGES.indexOf(link.lang), 0);
    plain.writeUInt32BE(expiry, 1);
    id.copy(plain, HEADER_BYTES);
    const version = Buffer.from([VERSION]);
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(version);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([version, iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The link a token stands for; undefined when it is malformed, tampered with, from another key or expired (never why). */
  open(token: string, now: Date): TrackingLink | undefined {
    if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    // One spelling per token: base64url's unused trailing bits may not vary either.
    if (raw.toString('base64url') !== token) return undefined;
    if (raw.length < 1 + IV_BYTES + HEADER_BYTES + 1 + TAG_BYTES || raw[0] !== VERSION) return undefined;
    const iv = raw.subarray(1, 1 + IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
    let plain: Buffer;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(raw.subarray(0, 1));
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return undefined;
    }
    const lang = LANGUAGES[plain.readUInt8(0)];
    const expiresAt = new Date(plain.readUInt32BE(1) * 1000);
    if (!lang || expiresAt.getTime() <= now.getTime()) return undefined;
    return { orderId: plain.subarray(HEADER_BYTES).toString('utf8'), lang, expiresAt };
  }
}
