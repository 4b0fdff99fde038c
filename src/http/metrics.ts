import express, { Router, type Express, type RequestHandler } from 'express';
import type { Metrics, WebhookRejection } from '../metrics/port';
import { bearerToken, safeEqual } from './auth';
import { errorHandler, HttpError, notFound } from './errors';

/** What serves a scrape: the Prometheus text and its content type (src/metrics/prometheus.ts). */
export interface Scrape {
  contentType: string;
  text(): Promise<string>;
}

/**
 * The channel or data source a request is a webhook of, from its path: a channel's inbound
 * webhooks (Twilio SMS/WhatsApp and status callbacks, Twilio Voice, Messenger, Azure Bot
 * Service), the Direct Line API of web chat, and the data sources' webhooks.
 */
export function webhookOf(path: string): string | undefined {
  if (path.startsWith('/channels/twilio/voice')) return 'voice';
  const channel = /^\/channels\/([a-z0-9-]+)(?:\/|$)/.exec(path);
  if (channel) return channel[1];
  if (path === '/api/messages') return 'azure';
  if (path.startsWith('/v3/directline/')) return 'webchat';
  return /^\/sources\/([a-z0-9-]+)\/webhooks$/.exec(path)?.[1];
}

/** Which refusals count, by status: the signature or token (401, 403), the size (413), the body (400, 415). */
function rejectionOf(status: number): WebhookRejection | undefined {
  if (status === 401 || status === 403) return 'signature';
  if (status === 413) return 'too_large';
  if (status === 400 || status === 415) return 'invalid_body';
  return undefined;
}

/**
 * Counts refused webhooks (POSTs) by the status they were answered with, whichever layer
 * answered: a channel's signature check, its body parser's limit, the zod check, the Azure
 * adapter's own 401, the errors handler (src/http/errors.ts) or web chat's Direct Line errors.
 */
export function webhookRejections(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST') {
      const webhook = webhookOf(req.path);
      if (webhook) {
        res.once('finish', () => {
          const reason = rejectionOf(res.statusCode);
          if (reason) metrics.webhookRejected(webhook, reason);
        });
      }
    }
    next();
  };
}

/**
 * The main app's part of the metrics: counting refused webhooks, and `GET /metrics` unless it is
 * served on a port of its own (METRICS_PORT: then the main app has no /metrics, a 404).
 */
export function metricsRouter(deps: { metrics: Metrics; scrape: Scrape; token: string | undefined; ownPort: boolean }): Router {
  const router = Router();
  router.use(webhookRejections(deps.metrics));
  if (!deps.ownPort) router.use(metricsRoute(deps.scrape, deps.token));
  return router;
}

/** `GET /metrics`: the scrape, with `Authorization: Bearer <token>` when a token is given (401 otherwise). */
export function metricsRoute(scrape: Scrape, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token !== undefined) {
      const given = bearerToken(req.headers.authorization);
      if (!given || !safeEqual(given, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="wismo-bot metrics"');
        throw new HttpError(401, 'missing or wrong metrics token');
      }
    }
    const text = await scrape.text();
    res.setHeader('Cache-Control', 'no-store');
    res.type(scrape.contentType).send(text);
  });
  return router;
}

/** The app of the METRICS_PORT listener: `/metrics` and nothing else. */
export function metricsApp(scrape: Scrape, token: string | undefined): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoute(scrape, token));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
