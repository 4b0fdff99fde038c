import crypto from 'node:crypto';

/**
 * X-Hmac-Signature: `hmac-sha256-hex=<hex HMAC-SHA256 of the raw body>`, keyed with the
 * webhook secret in Unicode NFKD form (EasyPost's own recipe).
 */
export function verifyEasyPostHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const hex = /^hmac-sha256-hex=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
  if (!hex) return false;
  const expected = crypto.createHmac('sha256', secret.normalize('NFKD')).update(rawBody).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}
