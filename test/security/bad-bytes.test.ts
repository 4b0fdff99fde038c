import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import type { Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { openTestStore, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { captureLogger } from '../helpers/capture-logger';
import { testAccountSid } from '../helpers/twilio-test-kit';
import { ADMIN, SECRET, attackBot, sms } from './attack-kit';

/**
 * Bad bytes and bad links at the entry points: control characters (U+0000 above all, which
 * PostgreSQL text cannot hold) get a 400 with the field path where a client sends JSON, and
 * are dropped from shopper messages that providers relay; only http(s) tracking links are
 * taken; one order id twice in a bulk call is refused, naming both positions.
 */
describe('security: control characters, unsafe links and duplicate ids', function () {
  this.timeout(60_000);
  let db: TestStore;
  let twilio: FakeTwilio;
  let wismo: Wismo;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };
  const order = (id: string, extra: Record<string, unknown> = {}) => ({
    id, placedAt: '2026-11-20T10:00:00Z', status: 'open',
    customer: { name: 'Nia Null', email: `n${id}@example.com`, phone: '+15125550177' },
    shippingAddress: { line1: '1 Byte St', city: 'Austin', postalCode: '78701', country: 'US' },
    items: [{ sku: 'A', name: 'A thing', quantity: 1 }],
    ...extra,
  });
  // The admin API answers { problems }, Direct Line { error: { problems } } as the Direct Line service does.
  const problems = (res: request.Response) => (res.body.problems ?? res.body.error.problems) as { path: string; message: string }[];

  before(async function () {
    db = await openTestStore();
    twilio = await new FakeTwilio(testAccountSid(), 'bytes-twilio-token-0123').start();
    wismo = await attackBot(db.store, twilio);
    app = wismo.app;
    await seedDemoShop(wismo.orders);
  });
  after(async () => {
    await wismo?.close();
    await twilio?.stop();
    await db?.cleanup();
  });

  it('ingest: a NUL in a field is a 400 with its path, and nothing is stored', async () => {
    const res = await request(app).post('/api/v1/orders').set(admin).send([order('B-1'), order('B-2', { customer: { name: 'Nia\u0000Null', email: 'b2@example.com' } })]).expect(400);
    expect(problems(res)[0].path).to.equal('[1].customer.name');
    await request(app).get('/api/v1/orders/B-1').set(admin).expect(404);
  });

  it('ingest: only http(s) tracking links', async () => {
    const shipments = [{ id: 'S1', carrier: 'ups', trackingNumber: '1ZX', trackingUrl: 'javascript:alert(1)', status: 'in_transit' }];
    const res = await request(app).post('/api/v1/orders').set(admin).send(order('B-3', { shipments })).expect(400);
    expect(problems(res).map((p) => p.path)).to.deep.equal(['shipments[0].trackingUrl']);
  });

  it('ingest: the same order id twice in one bulk call is refused, naming both positions', async () => {
    const res = await request(app).post('/api/v1/orders').set(admin).send([order('B-4'), order('B-5'), order('B-4')]).expect(400);
    expect(problems(res)).to.deep.include({ path: '[2].id', message: 'order "B-4" is also at [0]' });
    await request(app).get('/api/v1/orders/B-5').set(admin).expect(404);
  });

  it('Direct Line: a NUL in the text or in clientActivityID is a 400, not a 500', async () => {
    const started = await request(app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
    const post = (body: Record<string, unknown>) => request(app).post(`/v3/directline/conversations/${started.body.conversationId}/activities`).set('Authorization', `Bearer ${started.body.token}`).send({ type: 'message', from: { id: 'u-bytes' }, ...body });
    expect(problems(await post({ text: 'where is\u0000 my order' }).expect(400))[0].path).to.equal('text');
    expect(problems(await post({ text: 'hi', channelData: { clientActivityID: 'a\u0000b' } }).expect(400))[0].path).to.equal('channelData.clientActivityID');
  });

  it('SMS: a NUL in a relayed message is dropped and the shopper is answered', async () => {
    const twiml = await sms(app, twilio, '+15125550101', 'where is my order 1001?\u0000');
    expect(twiml).to.contain('1Z999AA10123456784');
  });

  it('logs of a failed query never carry its parameters', () => {
    const { logger, lines } = captureLogger();
    const err = Object.assign(new Error('insert failed'), { query: 'insert into transcript values ($1)', params: ['my street is 12 Secret Lane'] });
    logger.error({ err }, 'request failed');
    expect(JSON.stringify(lines)).not.to.contain('Secret Lane').and.not.to.contain('insert into');
    expect(JSON.stringify(lines)).to.contain('insert failed');
  });
});
