import { Router } from 'express';
import type { FeatureStatus } from '../../vocabulary';

export interface HealthSources {
  database: () => Promise<{ ok: boolean; kind: string; error?: string }>;
  queue: () => Promise<FeatureStatus & { ok: boolean }>;
  channels: () => Record<string, FeatureStatus>;
  features: () => Record<string, FeatureStatus>;
}

/** The database part of /health: whether the store answers a query. */
export function storeHealth(store: { ping(): Promise<void>; kind: string }): HealthSources['database'] {
  return async () => {
    try {
      await store.ping();
      return { ok: true, kind: store.kind };
    } catch (err) {
      return { ok: false, kind: store.kind, error: (err as Error).message };
    }
  };
}

/** GET /health: 200 when the database answers, 503 otherwise; always lists what is on or off and why. */
export function healthRouter(sources: HealthSources): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [database, queue] = await Promise.all([sources.database(), sources.queue()]);
    const ok = database.ok && (queue.ok || !queue.on);
    res.status(database.ok ? 200 : 503).json({
      status: ok ? 'ok' : database.ok ? 'degraded' : 'down',
      database,
      queue,
      channels: sources.channels(),
      features: sources.features(),
    });
  });
  return router;
}
