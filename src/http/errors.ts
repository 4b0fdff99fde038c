import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { CONTROL_CHARACTER, withoutControlCharacters } from '../vocabulary';

/** An error with an HTTP status and a body safe to show to the caller. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
  }
}

/** Zod issues as the contract's list of problems: field path + message. */
export function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
}

/** Parses a body with a schema or throws a 400 listing the problems. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  // PostgreSQL text cannot hold U+0000, and no field needs other control characters: 400, never a 500.
  const control = controlCharacterPath(body);
  if (control !== undefined) throw new HttpError(400, 'invalid request body', [{ path: control, message: 'contains a control character' }]);
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, 'invalid request body', zodProblems(result.error));
  return result.data;
}

/** Parses a query string with a schema or throws a 400 naming each field (`from`, `groupBy`...). */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw new HttpError(400, 'invalid query', result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return result.data;
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `no route for ${req.method} ${req.path}` });
};

/** JSON errors; stack traces and internal messages never reach the caller. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status = statusOf(err);
  if (status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ status, reason: (err as Error).message }, 'request rejected');
  if (res.headersSent) return;
  const body: Record<string, unknown> = { error: errorCode(status), message: status >= 500 ? 'internal error' : publicMessage(err) };
  if (err instanceof HttpError && err.details !== undefined) body.problems = err.details;
  res.status(status).json(body);
};

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  const e = err as { status?: number; statusCode?: number; type?: string };
  const s = e.status ?? e.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function publicMessage(err: unknown): string {
  const e = err as { type?: string; message?: string };
  if (e.type === 'entity.too.large') return 'request body too large';
  if (e.type === 'entity.parse.failed') return 'request body is not valid JSON';
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return 'unsupported body encoding';
  return err instanceof HttpError ? err.message : 'bad request';
}

function errorCode(status: number): string {
  return (
    { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'too_many_requests' }[status] ??
    (status >= 500 ? 'internal_error' : 'error')
  );
}

/**
 * A provider's signed webhook (Twilio, Messenger): it relays what the shopper typed, so control
 * characters are dropped rather than refused (a 400 would lose the message), then it is parsed.
 */
export function parseRelayedBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return parseBody(schema, cleaned(body));
}

function cleaned(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return withoutControlCharacters(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => cleaned(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutControlCharacters(k), cleaned(v, depth + 1)]));
}

/** The field path of the first string (or key) with a control character, if any. */
export function controlCharacterPath(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path || '(body)' : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const here = Array.isArray(value) ? `${path}${key}` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && CONTROL_CHARACTER.test(key)) return here;
    const found = controlCharacterPath(v, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
