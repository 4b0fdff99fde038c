import type { Request, RequestHandler, Response } from 'express';
import { bearerToken, safeEqual } from './auth';
import { HttpError } from './errors';
import { csrfTokenFor, isAdmin, SESSION_HOURS, type AgentDirectory, type Principal } from '../handoff/agents';

export const SESSION_COOKIE = 'wismo_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthDeps { agents: AgentDirectory; adminKey: string }

/**
 * Case API authentication, in this order: `Authorization: Bearer <ADMIN_API_KEY>`,
 * `Authorization: Bearer <agent API token>`, then the inbox's session cookie. A
 * cookie-authenticated request that changes state must carry `X-CSRF-Token` (the
 * session's HMAC-derived token): a cross-site form cannot know it.
 */
export function authenticate(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.principal = await principalOf(req, deps);
      next();
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="wismo-bot cases"');
      next(err);
    }
  };
}

async function principalOf(req: Request, deps: AuthDeps): Promise<Principal> {
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) {
    if (safeEqual(bearer, deps.adminKey)) return { kind: 'admin_key' };
    const agent = await deps.agents.authenticate(bearer, 'api');
    if (agent) return { kind: 'agent', agent, via: 'api' };
    throw new HttpError(401, 'unknown or expired token');
  }
  const session = sessionCookie(req);
  if (!session) throw new HttpError(401, 'log in or send a bearer token');
  const agent = await deps.agents.authenticate(session, 'session');
  if (!agent) throw new HttpError(401, 'session expired: log in again');
  if (!SAFE_METHODS.has(req.method)) {
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, csrfTokenFor(session))) throw new HttpError(403, 'missing or wrong X-CSRF-Token header');
  }
  return { kind: 'agent', agent, via: 'session', sessionToken: session };
}

export function principal(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new HttpError(401, 'not authenticated');
  return p;
}

/** 403 for agents without the admin role (after `authenticate`). */
export const requireAdminRole: RequestHandler = (_req, res, next) => {
  next(isAdmin(principal(res)) ? undefined : new HttpError(403, 'only an admin may do this'));
};

export function sessionCookie(req: Request): string | undefined {
  return parseCookies(req.headers.cookie)[SESSION_COOKIE];
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* a malformed cookie is ignored */
    }
  }
  return out;
}

/**
 * The session cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS, for the whole app (inbox
 * and API). Max-Age rather than an absolute Expires: the browser counts the session's life
 * from its own clock, so a server clock that differs from the browser's cannot expire it early.
 */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_HOURS * 3_600_000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
