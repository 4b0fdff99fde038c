import crypto from 'node:crypto';

/**
 * X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body. Several secrets are accepted
 * while one is being rotated (Shopify may sign with the old one for up to an hour).
 */
export function verifyShopifyHmac(rawBody: Buffer, header: string | undefined, secrets: string[]): boolean {
  if (!header) return false;
  const given = Buffer.from(header, 'base64');
  if (given.length !== 32) return false;
  return secrets.some((secret) => crypto.timingSafeEqual(crypto.createHmac('sha256', secret).update(rawBody).digest(), given));
}

/** SHOPIFY_WEBHOOK_SECRET "new,old": each non-empty part. */
export function shopifySecrets(setting: string | undefined): string[] {
  return (setting ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
