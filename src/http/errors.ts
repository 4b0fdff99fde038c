import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';

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
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, 'invalid request body', zodProblems(result.error));
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
