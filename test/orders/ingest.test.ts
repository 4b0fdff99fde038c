import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { eq } from 'drizzle-orm';
import { createApp } from '../../src/http/app';
import { ordersRouter } from '../../src/http/routes/orders';
import { OrderService } from '../../src/orders/service';
import { createLogger } from '../../src/log/logger';
import { OrderRepository } from '../../src/orders/repository';
import type { OrderInput } from '../../src/orders/contract';
import * as t from '../../src/store/schema';
import { BACKENDS, openTestStore, requireServer, type TestStore } from '../helpers/db';

const ADMIN_KEY = 'test-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

/** A valid contract §1 order; `id` decides the order number. */
function order(id: string, overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    id,
    placedAt: '2026-11-20T14:05:00Z',
    status: 'open',
    customer: { name: 'Ana Lima', email: 'Ana@Example.com', phone: '+15125550101', locale: 'en-US' },
    shippingAddress: { line1: '12 Oak St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
    shippingMethod: 'standard',
    items: [{ sku: 'TEE-RED-M', name: 'Red tee (M)', quantity: 2, tags: ['apparel'] }],
    shipments: [{
      id: 'S1', carrier: 'ups', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://carrier.example/track/1Z999AA10123456784',
      items: [{ sku: 'TEE-RED-M', quantity: 2 }], status: 'in_transit', estimatedDelivery: '2026-11-25',
      events: [{ at: '2026-11-22T08:00:00Z', status: 'in_transit', description: 'Departed facility', location: 'Dallas, TX' }],
    }],
    ...overrides,
  };
}

for (const backend of BACKENDS) {
  describe(`orders: ingest API (contract §1) on ${backend}`, () => {
    let store: TestStore;
    let orders: OrderRepository;
    let app: Express;
    let n = 0;
    /** Order numbers of their own per test (the store is shared by the file; numbers must not clash). */
    const nextId = (prefix = 'T') => `${prefix}${++n}${backend === 'postgres' ? 'P' : 'L'}`;

    if (backend === 'postgres') before(requireServer('postgres'));
    before(async () => {
      store = await openTestStore(backend);
      orders = new OrderRepository(store.store.db);
      app = createApp({ logger: createLogger('silent'), routers: [ordersRouter({ orders: new OrderService(orders), adminKey: ADMIN_KEY, bodyLimit: '5mb' })] });
    });
    after(() => store?.cleanup());

    const post = (body: unknown) => request(app).post('/api/v1/orders').set(auth).send(body as object);

    describe('POST /api/v1/orders', () => {
      it('stores one order', async () => {
        const id = nextId();
        const res = await post(order(id)).expect(200);
        expect(res.body).to.deep.equal({ upserted: 1 });
        const stored = await orders.get(id);
        expect(stored?.customer.email).to.equal('ana@example.com');
        expect(stored?.shipments[0].events[0].location).to.equal('Dallas, TX');
        // A calendar date stays as given (contract §7).
        expect(stored?.shipments[0].estimatedDelivery).to.equal('2026-11-25');
      });

      it('stores an array of orders', async () => {
        const ids = [nextId(), nextId(), nextId()];
        const res = await post(ids.map((id) => order(id))).expect(200);
        expect(res.body).to.deep.equal({ upserted: 3 });
        for (const id of ids) expect(await orders.exists(id), id).to.equal(true);
      });

      it('answers 400 with field paths for an invalid bulk and stores none of it', async () => {
        const list = [nextId(), nextId(), nextId(), nextId(), nextId()].map((id) => order(id));
        (list[3].shipments[0] as { status: string }).status = 'lost_in_space';
        (list[1].customer as { email: string }).email = 'not-an-email';
        const before = await orders.count();
        const res = await post(list).expect(400);
        expect(res.body.error).to.equal('bad_request');
        const paths = (res.body.problems as { path: string; message: string }[]).map((p) => p.path);
        expect(paths).to.have.members(['[1].customer.email', '[3].shipments[0].status']);
        for (const p of res.body.problems) expect(p.message).to.be.a('string').and.not.equal('');
        expect(await orders.count()).to.equal(before);
        for (const o of list) expect(await orders.exists(o.id), o.id).to.equal(false);
      });

      it('answers 400 with field paths for an invalid single order', async () => {
        const bad = order(nextId(), { placedAt: 'yesterday', items: [] });
        const res = await post(bad).expect(400);
        expect((res.body.problems as { path: string }[]).map((p) => p.path)).to.have.members(['placedAt', 'items']);
        expect(await orders.exists(bad.id)).to.equal(false);
      });

      it('answers 400 for an empty array and for a body that is not an order', async () => {
        await post([]).expect(400);
        const res = await post({ hello: 'world' }).expect(400);
        expect(res.body.problems).to.be.an('array').that.is.not.empty;
      });

      it('answers 401 without a key and with a wrong key, storing nothing', async () => {
        const id = nextId();
        const none = await request(app).post('/api/v1/orders').send(order(id)).expect(401);
        expect(none.body.error).to.equal('unauthorized');
        expect(none.headers['www-authenticate']).to.match(/^Bearer/);
        await request(app).post('/api/v1/orders').set({ Authorization: `Bearer ${ADMIN_KEY}x` }).send(order(id)).expect(401);
        await request(app).post('/api/v1/orders').set({ Authorization: ADMIN_KEY }).send(order(id)).expect(401);
        expect(await orders.exists(id)).to.equal(false);
      });

      it('replaces items, shipments and tracking events when an order is sent again', async () => {
        const id = nextId();
        await post(order(id, {
          items: [{ sku: 'A', name: 'Item A', quantity: 1 }, { sku: 'B', name: 'Item B', quantity: 1 }],
          shipments: [
            { id: 'S1', carrier: 'ups', trackingNumber: 'T1', items: [{ sku: 'A', quantity: 1 }], status: 'in_transit',
              events: [{ at: '2026-11-21T08:00:00Z', status: 'info_received' }, { at: '2026-11-22T08:00:00Z', status: 'in_transit' }] },
            { id: 'S2', carrier: 'usps', trackingNumber: 'T2', items: [{ sku: 'B', quantity: 1 }], status: 'info_received', events: [] },
          ],
        })).expect(200);
        await post(order(id, {
          items: [{ sku: 'C', name: 'Item C', quantity: 3 }],
          shipments: [{ id: 'S9', carrier: 'dhl', trackingNumber: 'T9', items: [{ sku: 'C', quantity: 3 }], status: 'delivered',
            events: [{ at: '2026-11-23T08:00:00Z', status: 'delivered' }] }],
        })).expect(200);

        const stored = (await orders.get(id))!;
        expect(stored.items.map((i) => i.sku)).to.deep.equal(['C']);
        expect(stored.shipments.map((s) => [s.id, s.status, s.items.length, s.events.length])).to.deep.equal([['S9', 'delivered', 1, 1]]);
        // Nothing of the first version is left behind in the child tables either.
        const db = store.store.db;
        expect(await db.select().from(t.orderItems).where(eq(t.orderItems.orderId, id))).to.have.length(1);
        expect(await db.select().from(t.shipments).where(eq(t.shipments.orderId, id))).to.have.length(1);
        expect(await db.select().from(t.shipmentItems).where(eq(t.shipmentItems.orderId, id))).to.have.length(1);
        expect(await db.select().from(t.trackingEvents).where(eq(t.trackingEvents.orderId, id))).to.have.length(1);
      });

      it('keeps merchant events when an order is sent again', async () => {
        const id = nextId();
        await post(order(id)).expect(200);
        await request(app).post(`/api/v1/orders/${id}/events`).set(auth).send({ type: 'out_of_stock', sku: 'TEE-RED-M' }).expect(201);
        await post(order(id, { status: 'cancelled' })).expect(200);
        const stored = (await orders.get(id))!;
        expect(stored.status).to.equal('cancelled');
        expect(stored.merchantEvents.map((e) => e.type)).to.deep.equal(['out_of_stock']);
      });

      it('stores a bulk of 1,000 orders in one call', async () => {
        const before = await orders.count();
        const list = Array.from({ length: 1000 }, (_, i) => order(`BULK-${backend}-${i}`, {
          customer: { name: `Shopper ${i}`, email: `shopper${i}@example.com` },
        }));
        const res = await post(list).expect(200);
        expect(res.body).to.deep.equal({ upserted: 1000 });
        expect(await orders.count()).to.equal(before + 1000);
        expect((await orders.get(`BULK-${backend}-999`))?.customer.email).to.equal('shopper999@example.com');
      });
    });

    describe('GET /api/v1/orders/:id', () => {
      it('returns the order as ingested, with its merchant events, to the admin only', async () => {
        const id = nextId();
        await post(order(id)).expect(200);
        await request(app).post(`/api/v1/orders/${id}/events`).set(auth).send({ type: 'fulfilment_delayed', shipBy: '2026-12-01', reason: 'restock' }).expect(201);

        await request(app).get(`/api/v1/orders/${id}`).expect(401);
        const res = await request(app).get(`/api/v1/orders/${id}`).set(auth).expect(200);
        expect(res.body).to.deep.include({ id, status: 'open', placedAt: '2026-11-20T14:05:00Z' });
        expect(res.body.items).to.deep.equal(order(id).items);
        expect(res.body.events).to.have.length(1);
        expect(res.body.events[0]).to.include({ type: 'fulfilment_delayed', shipBy: '2026-12-01', reason: 'restock' });
        expect(res.body.events[0].receivedAt).to.be.a('string');
      });

      it('answers 404 for an unknown order', async () => {
        const res = await request(app).get('/api/v1/orders/does-not-exist').set(auth).expect(404);
        expect(res.body.error).to.equal('not_found');
      });
    });

    describe('POST /api/v1/orders/:id/events', () => {
      it('stores a merchant event (201)', async () => {
        const id = nextId();
        await post(order(id)).expect(200);
        const res = await request(app).post(`/api/v1/orders/${id}/events`).set(auth).send({ type: 'out_of_stock', sku: 'TEE-RED-M', restockDate: '2026-12-05' }).expect(201);
        expect(res.body).to.include({ type: 'out_of_stock', sku: 'TEE-RED-M', restockDate: '2026-12-05' });
        expect(res.body.id).to.be.a('number');
        const stored = (await orders.get(id))!;
        expect(stored.merchantEvents).to.have.length(1);
        expect(stored.merchantEvents[0].payload).to.include({ sku: 'TEE-RED-M', restockDate: '2026-12-05' });
      });

      it('answers 400 for an invalid event, with its field path', async () => {
        const id = nextId();
        await post(order(id)).expect(200);
        const res = await request(app).post(`/api/v1/orders/${id}/events`).set(auth).send({ type: 'fulfilment_delayed', shipBy: 'soon' }).expect(400);
        expect((res.body.problems as { path: string }[]).map((p) => p.path)).to.deep.equal(['shipBy']);
        await request(app).post(`/api/v1/orders/${id}/events`).set(auth).send({ type: 'teleported' }).expect(400);
        expect((await orders.get(id))!.merchantEvents).to.have.length(0);
      });

      it('answers 404 for an unknown order and 401 without the key', async () => {
        await request(app).post('/api/v1/orders/nope-404/events').set(auth).send({ type: 'note', message: 'hi' }).expect(404);
        const id = nextId();
        await post(order(id)).expect(200);
        await request(app).post(`/api/v1/orders/${id}/events`).send({ type: 'note', message: 'hi' }).expect(401);
        expect((await orders.get(id))!.merchantEvents).to.have.length(0);
      });
    });

    describe('order numbers', () => {
      it('resolves what shoppers type: case, separators and a leading # do not matter', async () => {
        const digits = backend === 'postgres' ? '209317' : '209318';
        const id = `SH-${digits}`;
        await post(order(id)).expect(200);
        expect(await orders.resolveNumber(`#SH-${digits}`)).to.equal(id);
        expect(await orders.resolveNumber(`sh ${digits}`)).to.equal(id);
        expect(await orders.resolveNumber(`sh${digits}`)).to.equal(id);
        // Digits alone name the order when they name exactly one.
        expect(await orders.resolveNumber(digits)).to.equal(id);
        expect(await orders.resolveNumber(`SH-${digits}9`)).to.equal(undefined);
      });

      it('answers 409 when a new id is the same number as a stored order, storing nothing', async () => {
        const digits = backend === 'postgres' ? '31001' : '31002';
        await post(order(`SH-${digits}`)).expect(200);
        const other = nextId();
        const res = await post([order(other), order(`sh${digits}`)]).expect(409);
        expect(res.body.error).to.equal('conflict');
        expect(res.body.problems[0].path).to.equal('[1].id');
        expect(res.body.problems[0].message).to.include(`SH-${digits}`);
        expect(await orders.exists(`sh${digits}`)).to.equal(false);
        expect(await orders.exists(other)).to.equal(false);
      });

      it('answers 409 for two ids with the same number in one call', async () => {
        const res = await post([order('x-77-a'), order('X77A')]).expect(409);
        expect(res.body.problems[0].path).to.match(/^\[\d\]\.id$/);
        expect(await orders.exists('x-77-a')).to.equal(false);
      });
    });
  });
}
