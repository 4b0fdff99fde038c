/**
 * X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body. Several secrets are accepted
 * while one is being rotated (Shopify may sign with the old one for up to an hour).
 */
export { verifyBase64Hmac as verifyShopifyHmac } from '../signature';

/** SHOPIFY_WEBHOOK_SECRET "new,old": each non-empty part. */
export function shopifySecrets(setting: string | undefined): string[] {
  return (setting ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
