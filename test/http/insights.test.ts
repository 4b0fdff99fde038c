import { expect } from 'chai';
import request from 'supertest';
import { ADMIN, openTestBot, webchat } from '../security/attack-kit';

/** The insights API: who may read it, its query checks, the figures of real conversations, the CSV. */
describe('insights API', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let agentToken: string;
  const admin = { Authorization: `Bearer ${ADMIN}` };

  before(async () => {
    bot = await openTestBot();
    await request(bot.app).post('/api/v1/orders').set(admin).send([{
      id: '7701', placedAt: new Date(Date.now() - 3_600_000).toISOString(), status: 'open', customer: { name: 'Ana Lima', email: 'ana7701@example.com' },
      shippingAddress: { line1: '1 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' }, items: [{ sku: 'MUG', name: 'Mug', quantity: 1 }], shipments: [],
    }]).expect(200);
    const a = await webchat(bot.app, '192.0.2.71');
    await a.say('where is my order 7701? ana7701@example.com');
    const b = await webchat(bot.app, '192.0.2.72');
    await b.say('do you sell gift cards');
    const agent = await request(bot.app).post('/api/v1/agents').set(admin).send({ email: 'ana@shop.example', name: 'Ana', password: 'agent password 123' }).expect(201);
    agentToken = (await request(bot.app).post(`/api/v1/agents/${agent.body.agent.id}/tokens`).set(admin).send({}).expect(201)).body.token;
  });
  after(() => bot?.close());

  it('is for the admin key and agents only', async () => {
    await request(bot.app).get('/api/v1/insights').expect(401);
    await request(bot.app).get('/api/v1/insights').set('Authorization', 'Bearer not-a-token').expect(401);
    await request(bot.app).get('/api/v1/insights.csv').expect(401);
    const res = await request(bot.app).get('/api/v1/insights?groupBy=channel').set('Authorization', `Bearer ${agentToken}`).expect(200);
    expect(res.body.totals).to.deep.include({ conversations: 2, orderConversations: 1, automatedResolutions: 1, estimatedSaving: 12, preShipmentQuestions: 1 });
    expect(res.body).to.deep.include({ groupBy: 'channel', currency: 'EUR', costPerContact: 12 });
    expect(res.body.groups.map((g: { key: string }) => g.key)).to.deep.equal(['webchat']);
    expect(res.body.unanswered.map((u: { text: string }) => u.text).join(' ')).to.contain('gift cards');
  });

  it('refuses a bad query with the field named', async () => {
    const res = await request(bot.app).get('/api/v1/insights?groupBy=week&from=yesterday').set(admin).expect(400);
    expect(res.body.problems.map((p: { path: string }) => p.path).sort()).to.deep.equal(['from', 'groupBy']);
    await request(bot.app).get('/api/v1/insights?from=2026-11-20&to=2026-11-01').set(admin).expect(400);
    await request(bot.app).get('/api/v1/insights?evil=1').set(admin).expect(400);
  });

  it('exports CSV: one row per group and a total', async () => {
    const res = await request(bot.app).get('/api/v1/insights.csv?groupBy=intent').set(admin).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="insights-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-by-intent\.csv"$/);
    const [header, ...rows] = res.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 3)).to.deep.equal(['intent', 'conversations', 'wismoConversations']);
    expect(rows.map((r) => r.split(',')[0])).to.deep.equal(['order_status', 'other', 'total']);
    expect(rows.at(-1)!.split(',')[1]).to.equal('2');
  });
});
