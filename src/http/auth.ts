import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/** Constant-time string comparison (hashes first, so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Admin API: `Authorization: Bearer <ADMIN_API_KEY>`, 401 otherwise. */
export function requireAdmin(adminKey: string): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token || !safeEqual(token, adminKey)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="wismo-bot admin"');
      return next(new HttpError(401, 'missing or wrong admin key'));
    }
    next();
  };
}
