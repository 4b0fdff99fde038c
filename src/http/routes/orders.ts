import express, { Router } from 'express';
import { orderBulkSchema, orderEventSchema, orderSchema } from '../../orders/contract';
import { OrderNumberConflict } from '../../orders/repository';
import type { OrderService } from '../../orders/service';
import { HttpError, parseBody } from '../errors';
import { requireAdmin } from '../auth';

/** Order ingest API (contract §1), behind the admin key; every change goes through the order service. */
export function ordersRouter(deps: { orders: OrderService; adminKey: string; bodyLimit: string }): Router {
  const router = Router();
  router.use('/api/v1/orders', requireAdmin(deps.adminKey), express.json({ limit: deps.bodyLimit }));

  router.post('/api/v1/orders', async (req, res) => {
    // Validate by shape (not a union) so each problem keeps its field path, e.g. [3].shipments[0].status.
    const body = Array.isArray(req.body) ? parseBody(orderBulkSchema, req.body) : parseBody(orderSchema, req.body);
    const list = Array.isArray(body) ? body : [body];
    try {
      const upserted = await deps.orders.ingest(list);
      req.log.info({ upserted }, 'orders upserted');
      res.json({ upserted });
    } catch (err) {
      if (err instanceof OrderNumberConflict) {
        const path = Array.isArray(body) ? `[${err.index}].id` : 'id';
        throw new HttpError(409, 'order number conflict', [{ path, message: err.message }]);
      }
      throw err;
    }
  });

  router.get('/api/v1/orders/:id', async (req, res) => {
    const doc = await deps.orders.repository.getDocument(String(req.params.id));
    if (!doc) throw new HttpError(404, 'no such order');
    const order = await deps.orders.repository.get(doc.id);
    res.json({ ...doc, events: order?.merchantEvents.map((e) => ({ ...e.payload, receivedAt: e.at.toISOString() })) ?? [] });
  });

  router.post('/api/v1/orders/:id/events', async (req, res) => {
    const event = parseBody(orderEventSchema, req.body);
    const stored = await deps.orders.addMerchantEvent(String(req.params.id), event);
    if (!stored) throw new HttpError(404, 'no such order');
    req.log.info({ orderEvent: event.type }, 'merchant event stored');
    res.status(201).json({ id: stored.id, ...event });
  });

  return router;
}
