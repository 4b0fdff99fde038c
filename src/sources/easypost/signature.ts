import { hmacMatches } from '../signature';

/**
 * X-Hmac-Signature: `hmac-sha256-hex=<hex HMAC-SHA256 of the raw body>`, keyed with the
 * webhook secret in Unicode NFKD form (EasyPost's own recipe).
 */
export function verifyEasyPostHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const hex = /^hmac-sha256-hex=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
  if (!hex) return false;
  return hmacMatches(rawBody, Buffer.from(hex, 'hex'), [secret.normalize('NFKD')]);
}
