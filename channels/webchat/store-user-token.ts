import { z } from 'zod';
import { verifyHs256 } from './jwt';
import type { ProvenIdentity } from './tokens';

/** Clock skew tolerated between the store's server and ours. */
const LEEWAY_SECONDS = 60;

const claimsSchema = z.object({
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number').optional(),
  exp: z.number(),
  nbf: z.number().optional(),
});

export type StoreTokenResult = { ok: true; identity: ProvenIdentity } | { ok: false; reason: string };

/**
 * Checks a "web chat user token signed by the store" (contract §6): an HS256 JWT with
 * `email` and/or `phone` and an `exp`, signed with STORE_USER_TOKEN_SECRET by the
 * merchant's site for a logged-in shopper. Only what this proves becomes the identity;
 * other claims are ignored.
 */
export function verifyStoreUserToken(token: string, secret: string, nowMs: number): StoreTokenResult {
  const payload = verifyHs256(token, Buffer.from(secret, 'utf8'));
  if (!payload) return { ok: false, reason: 'bad signature or not an HS256 JWT' };
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: `bad claims: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'token'} ${i.message}`).join('; ')}` };
  const { email, phone, exp, nbf } = parsed.data;
  const now = nowMs / 1000;
  if (exp + LEEWAY_SECONDS <= now) return { ok: false, reason: 'expired' };
  if (nbf !== undefined && nbf - LEEWAY_SECONDS > now) return { ok: false, reason: 'not valid yet' };
  if (!email && !phone) return { ok: false, reason: 'neither email nor phone' };
  const identity: ProvenIdentity = {};
  if (email) identity.email = email.trim().toLowerCase();
  if (phone) identity.phone = phone;
  return { ok: true, identity };
}
