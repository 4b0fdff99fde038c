import crypto from 'node:crypto';
import { safeEqual } from '../../src/http/auth';

const HEADER_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/** `sha256=<hex>` as Meta computes it: HMAC-SHA256 of the raw body bytes with the app secret. */
export function hubSignature(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Whether `X-Hub-Signature-256` matches the raw body. The bytes are hashed as received:
 * Meta signs its unicode-escaped JSON, so re-serialising the parsed body would not match.
 */
export function hubSignatureMatches(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const m = HEADER_FORMAT.exec(header?.trim() ?? '');
  if (!m) return false;
  return safeEqual(`sha256=${m[1].toLowerCase()}`, hubSignature(rawBody, appSecret));
}
