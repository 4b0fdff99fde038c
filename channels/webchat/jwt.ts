import crypto from 'node:crypto';

/**
 * Minimal HS256 JSON Web Tokens on node:crypto. Only HS256 is accepted (never `none`
 * or another algorithm named by the token itself), and signatures compare in constant time.
 */
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export type JwtPayload = Record<string, unknown>;

export function signHs256(payload: JwtPayload, key: crypto.BinaryLike | crypto.KeyObject): string {
  const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${mac(body, key)}`;
}

/** The payload when the signature is good, undefined otherwise (expiry is the caller's check). */
export function verifyHs256(token: string, key: crypto.BinaryLike | crypto.KeyObject): JwtPayload | undefined {
  if (token.length > 8192) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signature] = parts;
  const header = parseJson(headerPart);
  if (!header || header.alg !== 'HS256') return undefined;
  const expected = Buffer.from(mac(`${headerPart}.${payloadPart}`, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
  return parseJson(payloadPart);
}

function mac(data: string, key: crypto.BinaryLike | crypto.KeyObject): string {
  return crypto.createHmac('sha256', key).update(data).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): JwtPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as JwtPayload) : undefined;
  } catch {
    return undefined;
  }
}
