import express, { Router } from 'express';
import { orderBulkSchema, orderEventSchema, orderSchema } from '../../orders/contract';
import { OrderNumberConflict, type OrderRepository } from '../../orders/repository';
import { HttpError, parseBody } from '../errors';
import { requireAdmin } from '../auth';

/** Order ingest API (contract §1), behind the admin key. */
/** Told before and after an ingest (proactive updates compare the two). */
export interface IngestObserver<T> {
  before(ids: string[]): Promise<T>;
  after(before: T): Promise<unknown>;
}

export function ordersRouter<T>(deps: { orders: OrderRepository; adminKey: string; bodyLimit: string; observer?: IngestObserver<T> }): Router {
  const router = Router();
  router.use('/api/v1/orders', requireAdmin(deps.adminKey), express.json({ limit: deps.bodyLimit }));

  router.post('/api/v1/orders', async (req, res) => {
    // Validate by shape (not a union) so each problem keeps its field path, e.g. [3].shipments[0].status.
    const body = Array.isArray(req.body) ? parseBody(orderBulkSchema, req.body) : parseBody(orderSchema, req.body);
    const list = Array.isArray(body) ? body : [body];
    try {
      const seen = await deps.observer?.before(list.map((o) => o.id));
      const upserted = await deps.orders.upsert(list);
      req.log.info({ upserted }, 'orders upserted');
      res.json({ upserted });
      // After the answer: the merchant's system does not wait for shoppers' updates.
      if (deps.observer) deps.observer.after(seen as T).catch((err) => req.log.warn({ err }, 'order updates not sent'));
    } catch (err) {
      if (err instanceof OrderNumberConflict) {
        const path = Array.isArray(body) ? `[${err.index}].id` : 'id';
        throw new HttpError(409, 'order number conflict', [{ path, message: err.message }]);
      }
      throw err;
    }
  });

  router.get('/api/v1/orders/:id', async (req, res) => {
    const doc = await deps.orders.getDocument(String(req.params.id));
    if (!doc) throw new HttpError(404, 'no such order');
    const order = await deps.orders.get(doc.id);
    res.json({ ...doc, events: order?.merchantEvents.map((e) => ({ ...e.payload, receivedAt: e.at.toISOString() })) ?? [] });
  });

  router.post('/api/v1/orders/:id/events', async (req, res) => {
    const event = parseBody(orderEventSchema, req.body);
    const stored = await deps.orders.addEvent(String(req.params.id), event);
    if (!stored) throw new HttpError(404, 'no such order');
    req.log.info({ orderEvent: event.type }, 'merchant event stored');
    res.status(201).json({ id: stored.id, ...event });
  });

  return router;
}
