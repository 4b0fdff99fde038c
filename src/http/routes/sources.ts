import express, { Router } from 'express';
import { z } from 'zod';
import { SOURCE_EVENT_OUTCOMES } from '../../vocabulary';
import crypto from 'node:crypto';
import { AFTERSHIP, afterShipEventId, afterShipTopic, verifyAfterShipHmac, EASYPOST, easyPostEventId, easyPostTopic, SHOPIFY, verifyEasyPostHmac, verifyShopifyHmac, type Sources } from '../../sources';
import { requireAdmin } from '../auth';
import { HttpError, parseRelayedBody } from '../errors';

const eventsQuery = z.object({
  source: z.string().max(40).optional(),
  outcome: z.enum(SOURCE_EVENT_OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * Data source webhooks (contract §9) and the admin list of what they delivered. A wrong
 * signature is a 401 and nothing is stored; a payload that is not what the topic promises is
 * answered 200 (recorded as rejected, with why) so the provider does not retry it forever.
 */
export function sourcesRouter(deps: { sources: Sources; adminKey: string; bodyLimit: string }): Router {
  const router = Router();

  router.post('/sources/shopify/webhooks', express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
    const shopify = deps.sources.shopify;
    if (!shopify) throw new HttpError(404, 'Shopify is not configured (SHOPIFY_WEBHOOK_SECRET unset)');
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyShopifyHmac(raw, req.get('x-shopify-hmac-sha256'), shopify.secrets)) throw new HttpError(401, 'invalid X-Shopify-Hmac-Sha256');
    const topic = req.get('x-shopify-topic');
    const eventId = req.get('x-shopify-event-id') ?? req.get('x-shopify-webhook-id');
    if (!topic || !eventId) throw new HttpError(400, 'invalid request', [{ path: 'headers', message: 'X-Shopify-Topic and X-Shopify-Event-Id are required' }]);
    let body: unknown;
    try {
      body = parseRelayedBody(z.unknown(), JSON.parse(raw.toString('utf8')));
    } catch {
      await deps.sources.log.take({ source: SHOPIFY, eventId, topic, outcome: 'rejected', detail: 'the body is not JSON' });
      req.log.warn({ source: SHOPIFY, eventId, topic }, 'source event rejected: the body is not JSON');
      res.json({ outcome: 'rejected' });
      return;
    }
    const result = await shopify.webhooks.handle({ topic, eventId, body });
    if (result.outcome === 'rejected') req.log.warn({ source: SHOPIFY, eventId, topic, detail: result.detail }, 'source event rejected');
    res.json(result);
  });

  // Tracking providers: a signature of their own, an event id in the body, one tracking update per event.
  const trackingRoute = (
    name: typeof EASYPOST | typeof AFTERSHIP,
    verify: (raw: Buffer, req: express.Request) => boolean,
    eventIdOf: (body: unknown) => string | undefined,
    topicOf: (body: unknown) => string,
  ) => router.post(`/sources/${name}/webhooks`, express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
    const source = deps.sources[name];
    if (!source) throw new HttpError(404, `${name} is not configured`);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verify(raw, req)) throw new HttpError(401, 'invalid signature');
    let body: unknown;
    try {
      body = parseRelayedBody(z.unknown(), JSON.parse(raw.toString('utf8')));
    } catch {
      body = undefined;
    }
    // Without an event id of its own, the body's hash names it (a redelivery is still a duplicate).
    const eventId = eventIdOf(body) ?? `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
    const result = await source.webhooks.handle(eventId, topicOf(body), body);
    if (result.outcome === 'rejected') req.log.warn({ source: name, eventId, detail: result.detail }, 'source event rejected');
    res.json(result);
  });
  trackingRoute(EASYPOST, (raw, req) => verifyEasyPostHmac(raw, req.get('x-hmac-signature'), deps.sources.easypost!.secret), easyPostEventId, easyPostTopic);
  trackingRoute(AFTERSHIP, (raw, req) => verifyAfterShipHmac(raw, req.get('aftership-hmac-sha256'), deps.sources.aftership!.secret), afterShipEventId, afterShipTopic);

  router.get('/api/v1/sources/events', requireAdmin(deps.adminKey), async (req, res) => {
    const q = eventsQuery.safeParse(req.query);
    if (!q.success) throw new HttpError(400, 'invalid query', q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    res.json({ events: await deps.sources.log.recent(q.data) });
  });

  return router;
}
