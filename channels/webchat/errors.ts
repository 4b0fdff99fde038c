import type { ErrorRequestHandler } from 'express';
import { HttpError } from '../../src/http/errors';
import { ActivityInProgress, BotTurnError } from './adapter';

/** A Direct Line error: the status and the `{ error: { code, message } }` body the service answers. */
export class DirectLineError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly problems?: unknown) {
    super(message);
    this.name = 'DirectLineError';
  }
}

export const badArgument = (path: string, message: string) => new DirectLineError(400, 'BadArgument', 'invalid request', [{ path, message }]);

/** Errors of /v3/directline as Direct Line shapes them; internals never reach the caller. */
export const directLineErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const mapped = toDirectLineError(err);
  if (mapped.status >= 500) req.log?.error({ err }, 'direct line request failed');
  else req.log?.info({ status: mapped.status, code: mapped.code, reason: mapped.message }, 'direct line request rejected');
  if (res.headersSent) return;
  const error: Record<string, unknown> = { code: mapped.code, message: mapped.message };
  if (mapped.problems !== undefined) error.problems = mapped.problems;
  if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="directline"');
  res.status(mapped.status).json({ error });
};

function toDirectLineError(err: unknown): DirectLineError {
  if (err instanceof DirectLineError) return err;
  if (err instanceof BotTurnError) return new DirectLineError(502, 'BotError', 'the bot failed to process the activity');
  if (err instanceof ActivityInProgress) return new DirectLineError(409, 'Conflict', err.message);
  if (err instanceof HttpError) return new DirectLineError(err.status, err.status === 400 ? 'BadArgument' : 'BadRequest', err.message, err.details);
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new DirectLineError(413, 'MessageSizeTooBig', 'request body too large');
  if (e?.type === 'entity.parse.failed') return new DirectLineError(400, 'BadSyntax', 'request body is not valid JSON');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new DirectLineError(e.status, 'BadArgument', 'bad request');
  return new DirectLineError(500, 'ServiceError', 'internal error');
}
