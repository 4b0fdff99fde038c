import crypto from 'node:crypto';

/** Whether `given` is the HMAC-SHA256 of the raw body under one of the secrets (constant time). */
export function hmacMatches(rawBody: Buffer, given: Buffer, secrets: string[]): boolean {
  if (given.length !== 32) return false;
  return secrets.some((secret) => crypto.timingSafeEqual(crypto.createHmac('sha256', secret).update(rawBody).digest(), given));
}

/** A base64 HMAC-SHA256 header (Shopify, WooCommerce, AfterShip). */
export function verifyBase64Hmac(rawBody: Buffer, header: string | undefined, secrets: string[]): boolean {
  return header !== undefined && hmacMatches(rawBody, Buffer.from(header, 'base64'), secrets);
}
