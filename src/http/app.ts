import crypto from 'node:crypto';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log/logger';
import { errorHandler, notFound } from './errors';

export interface AppParts {
  logger: Logger;
  /** Routers mounted in order (channels bring their own body parsers: some need the raw body). */
  routers: Router[];
  /** TRUST_PROXY: which proxies' X-Forwarded-For decides `req.ip` (default: loopback only). */
  trustProxy?: string;
  /** REQUEST_LOG and SLOW_REQUEST_MS: which finished requests are logged (errors and slow ones, or all). */
  requestLog?: { all: boolean; slowMs: number };
}

/** Paths only programs call (JSON APIs, Direct Line, webhooks, probes): no page headers on them. */
const MACHINE_PATHS = /^\/(?:api|v3\/directline|channels|health|metrics)(?:\/|$)/;

/** When a request came in (for the slow-request log). */
const STARTED = Symbol('started');

/** express's 'trust proxy' value for TRUST_PROXY: false, a number of hops, or names/addresses/CIDRs. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '') return 'loopback';
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The express app, without listening: tests drive it with supertest. */
export function createApp(parts: AppParts): Express {
  const log = parts.requestLog ?? { all: false, slowMs: 1000 };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(parts.trustProxy));
  // JSON answers are made per request: no ETag to hash them for (static files keep theirs, from serve-static).
  app.set('etag', false);
  // Helmet's headers (CSP and the rest) are for pages: the JSON APIs, webhooks and probes go without.
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // Web Chat's bundle needs eval-free inline styles and the Direct Line WebSocket.
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'data:', 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.use((req, res, next) => {
    (req as { [STARTED]?: number })[STARTED] = performance.now();
    if (!MACHINE_PATHS.test(req.path)) return pageHeaders(req, res, next);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(
    pinoHttp({
      logger: parts.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Errors, refusals and slow requests; the rest only with REQUEST_LOG=all (at debug).
      customLogLevel: (req, res, err) => {
        if (err || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'info';
        const started = (req as { [STARTED]?: number })[STARTED];
        if (started !== undefined && performance.now() - started >= log.slowMs) return 'warn';
        return log.all ? 'debug' : 'silent';
      },
      serializers: {
        // A tracking page link works as a key to its order's page: logs keep the route, not the token.
        req: (req) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0].replace(/^\/track\/(?!page\.css$)[^/]+/, '/track/:token') }),
        // pino-http hands over its own copy of res, whose statusCode is null until headers are sent: read the real one.
        res: (res) => ({ statusCode: (res as { raw?: { statusCode?: number } }).raw?.statusCode ?? res.statusCode }),
      },
    }),
  );
  for (const router of parts.routers) app.use(router);
  // Browsers ask for it on every page; no icon is better than a 404 in their console.
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
