import crypto from 'node:crypto';
import { signHs256, verifyHs256 } from './jwt';

/** An identity the store vouched for (contract §6), carried inside a Direct Line token. */
export interface ProvenIdentity {
  email?: string;
  phone?: string;
}

/** What a Direct Line token grants: one conversation, optionally bound to a user and a proven identity. */
export interface TokenClaims {
  conversationId: string;
  /** Direct Line user id embedded in the token (starts with `dl_`); overrides the client's `from.id`. */
  userId?: string;
  userName?: string;
  identity?: ProvenIdentity;
  /**
   * An order the conversation starts verified for: set only by the server for a page whose
   * holder proved the order (the tracking page, src/tracking-page), never from a request's body.
   */
  verifiedOrderId?: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

export interface TokenOptions {
  /** Milliseconds since the epoch (tests move the clock). */
  now?: () => number;
  /** Lifetime of conversation tokens; Direct Line's is 1800 s. */
  ttlSeconds?: number;
  /** How long a stream URL may wait before it is connected; Direct Line says 60 s. */
  streamTtlSeconds?: number;
}

export const TOKEN_TTL_SECONDS = 1800;
export const STREAM_TTL_SECONDS = 60;

/**
 * Stateless Direct Line tokens: HS256 JWTs under a key derived from DIRECTLINE_SECRET, so
 * every instance behind a load balancer checks them without shared state. They are JWTs
 * (not opaque strings) because Web Chat reads the `user` claim to learn the user id.
 * Stream tokens use another derived key, so a stream URL (which ends up in proxy logs)
 * can never be used as a bearer token.
 */
export class DirectLineTokens {
  private readonly conversationKey: Buffer;
  private readonly streamKey: Buffer;
  private readonly now: () => number;
  readonly ttlSeconds: number;
  private readonly streamTtlSeconds: number;

  constructor(private readonly secret: string, options: TokenOptions = {}) {
    this.conversationKey = deriveKey(secret, 'wismo-bot directline conversation token v1');
    this.streamKey = deriveKey(secret, 'wismo-bot directline stream token v1');
    this.now = options.now ?? Date.now;
    this.ttlSeconds = options.ttlSeconds ?? TOKEN_TTL_SECONDS;
    this.streamTtlSeconds = options.streamTtlSeconds ?? STREAM_TTL_SECONDS;
  }

  /** Whether a bearer value is the Direct Line secret itself (constant time). */
  isSecret(bearer: string): boolean {
    const a = crypto.createHash('sha256').update(bearer).digest();
    const b = crypto.createHash('sha256').update(this.secret).digest();
    return crypto.timingSafeEqual(a, b);
  }

  /** A fresh token for these claims, valid for the full lifetime. */
  issue(claims: Omit<TokenClaims, 'expiresAt'>): { token: string; expiresIn: number; claims: TokenClaims } {
    const issuedAt = this.nowSeconds();
    const full: TokenClaims = { ...claims, expiresAt: issuedAt + this.ttlSeconds };
    const payload: Record<string, unknown> = { conv: full.conversationId, iat: issuedAt, exp: full.expiresAt };
    if (full.userId) payload.user = full.userId;
    if (full.userName) payload.name = full.userName;
    if (full.identity) payload.idn = { ...full.identity };
    if (full.verifiedOrderId) payload.ord = full.verifiedOrderId;
    return { token: signHs256(payload, this.conversationKey), expiresIn: this.ttlSeconds, claims: full };
  }

  check(token: string): TokenCheck {
    const payload = verifyHs256(token, this.conversationKey);
    if (!payload || typeof payload.conv !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (payload.exp <= this.nowSeconds()) return { ok: false, reason: 'expired' };
    const claims: TokenClaims = { conversationId: payload.conv, expiresAt: payload.exp };
    if (typeof payload.user === 'string') claims.userId = payload.user;
    if (typeof payload.name === 'string') claims.userName = payload.name;
    const identity = readIdentity(payload.idn);
    if (identity) claims.identity = identity;
    if (typeof payload.ord === 'string' && payload.ord !== '') claims.verifiedOrderId = payload.ord;
    return { ok: true, claims };
  }

  /** Seconds left before a token's claims expire. */
  secondsLeft(claims: TokenClaims): number {
    return Math.max(0, claims.expiresAt - this.nowSeconds());
  }

  /** The `t` parameter of a stream URL: this conversation only, to be connected within a minute. */
  issueStream(conversationId: string): string {
    return signHs256({ conv: conversationId, exp: this.nowSeconds() + this.streamTtlSeconds }, this.streamKey);
  }

  checkStream(token: string, conversationId: string): boolean {
    const payload = verifyHs256(token, this.streamKey);
    return !!payload && payload.conv === conversationId && typeof payload.exp === 'number' && payload.exp > this.nowSeconds();
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

function deriveKey(secret: string, label: string): Buffer {
  return crypto.createHmac('sha256', secret).update(label).digest();
}

function readIdentity(value: unknown): ProvenIdentity | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { email, phone } = value as Record<string, unknown>;
  const identity: ProvenIdentity = {};
  if (typeof email === 'string') identity.email = email;
  if (typeof phone === 'string') identity.phone = phone;
  return identity.email || identity.phone ? identity : undefined;
}

/** A Direct Line user id for a token (the `dl_` prefix marks ids the server vouches for). */
export function newUserId(): string {
  return `dl_${crypto.randomBytes(12).toString('base64url')}`;
}
