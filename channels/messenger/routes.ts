import express, { Router } from 'express';
import { HttpError, parseRelayedBody } from '../../src/http/errors';
import { safeEqual } from '../../src/http/auth';
import { inboundEvents, webhookSchema, type InboundEvent } from './inbound';
import type { MessengerSettings } from './settings';
import { hubSignatureMatches } from './signature';

export const MESSENGER_PATH = '/channels/messenger';

export interface MessengerRouteDeps {
  settings: MessengerSettings;
  /** Takes the events of a verified, valid webhook; resolves once none can be lost. */
  accept(events: InboundEvent[]): Promise<void>;
}

/** `GET /channels/messenger` (verification handshake) and `POST /channels/messenger` (events). */
export function messengerRouter(deps: MessengerRouteDeps): Router {
  const router = Router();

  router.get(MESSENGER_PATH, (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && safeEqual(token, deps.settings.verifyToken)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    res.status(403).json({ error: 'forbidden', message: 'verification failed' });
  });

  router.post(
    MESSENGER_PATH,
    // The signature covers the raw bytes: keep them, parse afterwards.
    express.raw({ type: 'application/json', limit: deps.settings.bodyLimit }),
    async (req, res, next) => {
      try {
        const raw = req.body as unknown;
        if (!Buffer.isBuffer(raw)) throw new HttpError(415, 'expected an application/json body');
        if (!hubSignatureMatches(raw, req.header('x-hub-signature-256'), deps.settings.appSecret)) {
          throw new HttpError(403, 'missing or wrong X-Hub-Signature-256');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
        const events = inboundEvents(parseRelayedBody(webhookSchema, json));
        await deps.accept(events);
        res.status(200).type('text/plain').send('EVENT_RECEIVED');
      } catch (err) {
        next(err);
      }
    },
  );

  return router;
}

/** The channel's path while it is off: 503 with the reason (not a silent 404). */
export function channelOffRouter(paths: string[], channel: string, why: string): Router {
  const router = Router();
  for (const path of paths) {
    router.all(path, (_req, res) => {
      res.status(503).json({ error: 'channel_off', message: `the ${channel} channel is off: ${why}` });
    });
  }
  return router;
}
