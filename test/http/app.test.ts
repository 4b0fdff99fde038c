import { expect } from 'chai';
import request from 'supertest';
import { Router, type Express } from 'express';
import { createApp } from '../../src/http/app';
import { HttpError } from '../../src/http/errors';
import { ordersRouter } from '../../src/http/routes/orders';
import { OrderService } from '../../src/orders/service';
import { createLogger } from '../../src/log/logger';
import { captureLogger } from '../helpers/capture-logger';
import { OrderRepository } from '../../src/orders/repository';
import { openTestStore, type TestStore } from '../helpers/db';

const ADMIN_KEY = 'test-admin-key-0123456789';

/** Routes that fail in the ways the error handler must hide. */
function failingRouter(): Router {
  const router = Router();
  router.get('/boom', () => {
    throw new Error('connection to db.internal:5432 failed for user shop password=hunter2');
  });
  router.get('/boom-async', async () => {
    await Promise.resolve();
    throw new TypeError("Cannot read properties of undefined (reading 'secretThing')");
  });
  router.get('/teapot', () => {
    throw new HttpError(418, 'short and stout');
  });
  return router;
}

describe('http: app, errors and request ids', () => {
  let t: TestStore;
  let app: Express;

  before(async () => {
    t = await openTestStore('pglite');
    const orders = new OrderRepository(t.store.db);
    app = createApp({
      logger: createLogger('silent'),
      routers: [ordersRouter({ orders: new OrderService(orders), adminKey: ADMIN_KEY, bodyLimit: '1kb' }), failingRouter()],
    });
  });
  after(() => t?.cleanup());

  it('answers 413 for a body over BODY_LIMIT', async () => {
    const big = { id: '1', padding: 'x'.repeat(4096) };
    const res = await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN_KEY}`).send(big).expect(413);
    expect(res.body).to.deep.equal({ error: 'payload_too_large', message: 'request body too large' });
  });

  it('answers a JSON 404 for an unknown route', async () => {
    const res = await request(app).get('/no/such/route').expect(404).expect('content-type', /json/);
    expect(res.body).to.deep.equal({ error: 'not_found', message: 'no route for GET /no/such/route' });
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await request(app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .set('Content-Type', 'application/json')
      .send('{"id": "1001", ')
      .expect(400);
    expect(res.body).to.deep.equal({ error: 'bad_request', message: 'request body is not valid JSON' });
  });

  for (const route of ['/boom', '/boom-async']) {
    it(`answers 500 internal_error without the message or a stack trace when ${route} throws`, async () => {
      const res = await request(app).get(route).expect(500);
      expect(res.body).to.deep.equal({ error: 'internal_error', message: 'internal error' });
      expect(res.text).not.to.match(/hunter2|db\.internal|secretThing|\bat .*\.ts:\d+/);
    });
  }

  it('passes on the status and message of an HttpError', async () => {
    const res = await request(app).get('/teapot').expect(418);
    expect(res.body).to.deep.equal({ error: 'error', message: 'short and stout' });
  });

  it('echoes a given x-request-id', async () => {
    const res = await request(app).get('/no/such/route').set('x-request-id', 'req-abc.123').expect(404);
    expect(res.headers['x-request-id']).to.equal('req-abc.123');
  });

  it('generates a request id when none (or an unsafe one) is given', async () => {
    const none = await request(app).get('/no/such/route');
    expect(none.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app).get('/no/such/route').set('x-request-id', 'evil\tid<script>');
    expect(unsafe.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('does not announce express', async () => {
    const res = await request(app).get('/no/such/route');
    expect(res.headers).not.to.have.property('x-powered-by');
  });

  it('logs each request with its real status code', async () => {
    const { logger, lines } = captureLogger('debug');
    const logged = createApp({ logger, routers: [failingRouter()] });
    await request(logged).get('/no/such/route').expect(404);
    await request(logged).get('/teapot').expect(418);
    expect(lines.filter((l) => l.msg === 'request completed').map((l) => (l.res as { statusCode: number }).statusCode)).to.deep.equal([404, 418]);
  });

  it('logs successful requests only when slow, or with REQUEST_LOG=all', async () => {
    const router = Router();
    router.get('/quick', (_req, res) => void res.json({ ok: true }));
    router.get('/slow', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      res.json({ ok: true });
    });
    const completed = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'request completed').map((l) => `${(l.req as { url: string }).url} ${l.level}`);
    const quiet = captureLogger('debug');
    const errorsOnly = createApp({ logger: quiet.logger, routers: [router, failingRouter()], requestLog: { all: false, slowMs: 50 } });
    await request(errorsOnly).get('/quick').expect(200);
    await request(errorsOnly).get('/slow').expect(200);
    await request(errorsOnly).get('/teapot').expect(418);
    // pino levels: 20 debug, 30 info, 40 warn.
    expect(completed(quiet.lines)).to.deep.equal(['/slow 40', '/teapot 30']);
    const loud = captureLogger('debug');
    const all = createApp({ logger: loud.logger, routers: [router], requestLog: { all: true, slowMs: 50 } });
    await request(all).get('/quick').expect(200);
    expect(completed(loud.lines)).to.deep.equal(['/quick 20']);
  });

  it('sends page headers (CSP) on pages only, and no ETag on JSON', async () => {
    const router = Router();
    router.get('/api/v1/thing', (_req, res) => void res.json({ ok: true }));
    router.get('/v3/directline/thing', (_req, res) => void res.json({ ok: true }));
    router.get('/page', (_req, res) => void res.type('html').send('<!doctype html><p>hi</p>'));
    const pages = createApp({ logger: createLogger('silent'), routers: [router] });
    for (const path of ['/api/v1/thing', '/v3/directline/thing']) {
      const json = await request(pages).get(path).expect(200);
      expect(json.headers['content-security-policy'], path).to.equal(undefined);
      expect(json.headers.etag, path).to.equal(undefined);
      expect(json.headers['x-content-type-options'], path).to.equal('nosniff');
    }
    const page = await request(pages).get('/page').expect(200);
    expect(page.headers['content-security-policy']).to.contain("script-src 'self'");
    expect(page.headers['x-frame-options']).to.equal('SAMEORIGIN');
  });
});
