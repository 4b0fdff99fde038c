import { bearerToken } from '../../src/http/auth';
import { DirectLineError } from './errors';
import type { DirectLineTokens, TokenClaims } from './tokens';

/** Who is calling: the holder of the Direct Line secret (any conversation) or of one conversation's token. */
export type Caller = { kind: 'secret' } | { kind: 'token'; token: string; claims: TokenClaims };

/** Reads `Authorization: Bearer <secret|token>` the way Direct Line does: missing 401, wrong 403, expired 403 TokenExpired. */
export function authenticate(header: string | undefined, tokens: DirectLineTokens): Caller {
  const bearer = bearerToken(header);
  if (!bearer) throw new DirectLineError(401, 'Unauthorized', 'missing Authorization: Bearer <secret or token>');
  if (tokens.isSecret(bearer)) return { kind: 'secret' };
  const check = tokens.check(bearer);
  if (check.ok) return { kind: 'token', token: bearer, claims: check.claims };
  if (check.reason === 'expired') throw new DirectLineError(403, 'TokenExpired', 'the token has expired');
  throw new DirectLineError(403, 'Forbidden', 'the secret or token is not valid');
}

/** A token opens only its own conversation. */
export function authorizeConversation(caller: Caller, conversationId: string): void {
  if (caller.kind === 'token' && caller.claims.conversationId !== conversationId) {
    throw new DirectLineError(403, 'Forbidden', 'the token is not valid for this conversation');
  }
}
