import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/http/app';
import { healthRouter, storeHealth } from '../../src/http/routes/health';
import { createLogger } from '../../src/log/logger';
import { JobQueue } from '../../src/queue';
import { off, on } from '../../src/vocabulary';
import type { Store } from '../../src/store/db';
import { openTestStore, requireServer, type TestStore } from '../helpers/db';

const logger = createLogger('silent');

/** /health over a real store and queue, with the database source the container uses. */
function healthApp(store: Store, queue: JobQueue): Express {
  return createApp({
    logger,
    routers: [healthRouter({
      database: storeHealth(store),
      queue: () => queue.health(),
      channels: () => ({ webchat: on('Direct Line'), sms: off('TWILIO_ACCOUNT_SID is unset') }),
      features: () => ({ llm: off('OPENAI_API_KEY is unset') }),
    })],
  });
}

describe('http: GET /health', () => {
  // One open store for the suites below (PGlite takes seconds to open).
  let t: TestStore;
  before(async () => { t = await openTestStore('pglite'); });
  after(() => t?.cleanup());

  describe('with the database up and no REDIS_URL', () => {
    let app: Express;
    before(() => { app = healthApp(t.store, JobQueue.disabled(logger)); });

    it('answers 200 ok, with the queue off and why', async () => {
      const res = await request(app).get('/health').expect(200);
      expect(res.body.status).to.equal('ok');
      expect(res.body.database).to.deep.equal({ ok: true, kind: 'pglite-memory' });
      expect(res.body.queue).to.deep.equal({ on: false, why: 'REDIS_URL is unset', ok: false });
    });

    it('lists each channel and feature, on or off and why', async () => {
      const res = await request(app).get('/health').expect(200);
      expect(res.body.channels.sms).to.deep.equal({ on: false, why: 'TWILIO_ACCOUNT_SID is unset' });
      expect(res.body.features.llm).to.deep.equal({ on: false, why: 'OPENAI_API_KEY is unset' });
    });
  });

  describe('with the database down', () => {
    let app: Express;
    before(async () => {
      const closed = await openTestStore('pglite');
      await closed.cleanup(); // a closed store: every ping fails
      app = healthApp(closed.store, JobQueue.disabled(logger));
    });

    it('answers 503 down', async () => {
      const res = await request(app).get('/health').expect(503);
      expect(res.body.status).to.equal('down');
      expect(res.body.database.ok).to.equal(false);
      expect(res.body.database.error).to.be.a('string');
    });
  });

  describe('with Redis (REDIS_URL)', () => {
    let queue: JobQueue;
    before(requireServer('redis'));
    before(() => { queue = JobQueue.connect(process.env.REDIS_URL!, logger, `wismo-test-${process.pid}`); });
    after(() => queue?.close());

    it('reports the queue on and answering', async () => {
      const res = await request(healthApp(t.store, queue)).get('/health').expect(200);
      expect(res.body.status).to.equal('ok');
      expect(res.body.queue).to.deep.equal({ on: true, why: 'BullMQ on Redis', ok: true });
    });
  });

  describe('with Redis configured but not answering', () => {
    let queue: JobQueue;
    // Port 1 on loopback: nothing listens there.
    before(() => { queue = JobQueue.connect('redis://127.0.0.1:1', logger); });
    after(() => queue?.close());

    it('stays 200 (the bot still answers chats) but says degraded, with the reason', async () => {
      const res = await request(healthApp(t.store, queue)).get('/health').expect(200);
      expect(res.body.status).to.equal('degraded');
      expect(res.body.queue.on).to.equal(true);
      expect(res.body.queue.ok).to.equal(false);
      expect(res.body.queue.why).to.match(/^Redis does not answer/);
    });

    it('still closes (shutdown must not hang on an absent Redis)', async () => {
      await queue.close(); // used to wait forever for the answer to QUIT
    });
  });
});
