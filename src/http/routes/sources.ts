import crypto from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { SOURCE_EVENT_OUTCOMES } from '../../vocabulary';
import {
  AFTERSHIP, EASYPOST, SEVENTEENTRACK, SHIPPO, SHOPIFY, WOOCOMMERCE, afterShipEventId, afterShipTopic, easyPostEventId, easyPostTopic, seventeenTrackEventId,
  seventeenTrackTopic, shippoEventId, shippoTopic, verifyBase64Hmac, verifyEasyPostHmac, verifySeventeenTrackSign, verifyShippoToken, type Applied, type Sources,
} from '../../sources';
import { requireAdmin } from '../auth';
import { HttpError, parseBody, parseQuery, parseRelayedBody } from '../errors';

const eventsQuery = z.object({
  source: z.string().max(40).optional(),
  outcome: z.enum(SOURCE_EVENT_OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** How one source's webhook is read: its signature, where its event id and topic are, who applies it. */
interface WebhookShape {
  /** Undefined while the source is off (its variables unset). */
  handler: () => { handle(eventId: string, topic: string, body: unknown): Promise<Applied> } | undefined;
  verify: (raw: Buffer, req: Request) => boolean;
  eventId: (req: Request, body: unknown) => string | undefined;
  topic: (req: Request, body: unknown) => string;
  /** A request the provider sends before it signs anything (WooCommerce's ping): acknowledged, nothing stored. */
  ping?: (raw: Buffer) => boolean;
}

/**
 * Data source webhooks (contract §9) and the admin list of what they delivered. A wrong
 * signature is a 401 and nothing is stored; a body that is not what its topic promises (not
 * even JSON) is answered 200 and recorded as rejected, with why, so the provider does not retry
 * it for hours; a failure of ours (the database) is a 500, and the provider's retry takes it again.
 */
export function sourcesRouter(deps: { sources: Sources; adminKey: string; bodyLimit: string }): Router {
  const router = Router();
  const { sources } = deps;

  const webhook = (name: string, shape: WebhookShape) =>
    router.post(`/sources/${name}/webhooks`, express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
      const handler = shape.handler();
      if (!handler) throw new HttpError(404, `the ${name} source is not configured`);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (shape.ping?.(raw)) return void res.json({ outcome: 'ignored' });
      if (!shape.verify(raw, req)) throw new HttpError(401, 'invalid signature');
      let body: unknown;
      try {
        body = parseRelayedBody(z.unknown(), JSON.parse(raw.toString('utf8')));
      } catch {
        body = undefined;
      }
      // Without an event id of its own, the body's hash names it (a redelivery is still a duplicate).
      const eventId = shape.eventId(req, body) ?? `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
      const result = await sources.intake.accept(name, handler, eventId, shape.topic(req, body), body);
      if (result.outcome === 'rejected') req.log.warn({ source: name, eventId, detail: result.detail }, 'source event rejected');
      res.json(result);
    });

  webhook(SHOPIFY, {
    handler: () => sources.shopify?.webhooks,
    verify: (raw, req) => verifyBase64Hmac(raw, req.get('x-shopify-hmac-sha256'), sources.shopify!.secrets),
    eventId: (req) => req.get('x-shopify-event-id') ?? req.get('x-shopify-webhook-id'),
    topic: (req) => req.get('x-shopify-topic') ?? 'unknown',
  });
  webhook(WOOCOMMERCE, {
    handler: () => sources.woocommerce?.webhooks,
    verify: (raw, req) => verifyBase64Hmac(raw, req.get('x-wc-webhook-signature'), [sources.woocommerce!.secret]),
    eventId: (req) => req.get('x-wc-webhook-delivery-id') || undefined,
    topic: (req) => req.get('x-wc-webhook-topic') ?? 'unknown',
    // A new webhook is pinged with "webhook_id=<n>".
    ping: (raw) => /^webhook_id=\d+$/.test(raw.toString('utf8').trim()),
  });
  webhook(EASYPOST, {
    handler: () => sources.easypost?.webhooks,
    verify: (raw, req) => verifyEasyPostHmac(raw, req.get('x-hmac-signature'), sources.easypost!.secret),
    eventId: (_req, body) => easyPostEventId(body),
    topic: (_req, body) => easyPostTopic(body),
  });
  webhook(AFTERSHIP, {
    handler: () => sources.aftership?.webhooks,
    verify: (raw, req) => verifyBase64Hmac(raw, req.get('aftership-hmac-sha256'), [sources.aftership!.secret]),
    eventId: (_req, body) => afterShipEventId(body),
    topic: (_req, body) => afterShipTopic(body),
  });
  webhook(SEVENTEENTRACK, {
    handler: () => sources.seventeentrack?.webhooks,
    verify: (raw, req) => verifySeventeenTrackSign(raw, req.get('sign'), sources.seventeentrack!.key),
    eventId: (_req, body) => seventeenTrackEventId(body),
    topic: (_req, body) => seventeenTrackTopic(body),
  });

  webhook(SHIPPO, {
    handler: () => sources.shippo?.webhooks,
    verify: (_raw, req) => verifyShippoToken(req.query.token, sources.shippo!.token),
    eventId: (_req, body) => shippoEventId(body),
    topic: (_req, body) => shippoTopic(body),
  });

  const backfillBody = z.object({ days: z.number().int().min(1).max(3650).default(30) }).strict();
  router.post('/api/v1/sources/:name/backfill', requireAdmin(deps.adminKey), express.json({ limit: '4kb' }), async (req, res) => {
    const backfill = sources.backfills.get(String(req.params.name));
    if (!backfill) throw new HttpError(404, `no backfill for ${String(req.params.name)} (Shopify with SHOPIFY_ADMIN_TOKEN, WooCommerce with WOOCOMMERCE_BASE_URL and its REST API keys)`);
    const { days } = parseBody(backfillBody, req.body ?? {});
    const { resumed } = await backfill.start(days);
    res.status(202).json({ resumed, status: await backfill.status() });
  });

  router.get('/api/v1/sources/:name/backfill', requireAdmin(deps.adminKey), async (req, res) => {
    const backfill = sources.backfills.get(String(req.params.name));
    if (!backfill) throw new HttpError(404, `no backfill for ${String(req.params.name)}`);
    const status = await backfill.status();
    if (!status) throw new HttpError(404, 'no backfill has run');
    res.json(status);
  });

  // Shipments the tracking watch flagged stale (no carrier scan for the knowledge's business days), oldest first.
  router.get('/api/v1/sources/stale-shipments', requireAdmin(deps.adminKey), async (_req, res) => {
    res.json({ shipments: (await sources.watch?.stale()) ?? [] });
  });

  router.get('/api/v1/sources/events', requireAdmin(deps.adminKey), async (req, res) => {
    res.json({ events: await sources.log.recent(parseQuery(eventsQuery, req.query)) });
  });

  return router;
}
