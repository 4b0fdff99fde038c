import express, { Router } from 'express';
import type { CloudAdapter, TurnContext } from 'botbuilder';

export const AZURE_PATH = '/api/messages';

/** `POST /api/messages`: JSON within BODY_LIMIT (413 otherwise), then the CloudAdapter (JWT check, turn). */
export function azureRouter(adapter: CloudAdapter, bodyLimit: string, logic: (context: TurnContext) => Promise<void>): Router {
  const router = Router();
  router.post(AZURE_PATH, express.json({ limit: bodyLimit }), async (req, res, next) => {
    try {
      await adapter.process(req, res, logic);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
