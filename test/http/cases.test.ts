import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { ADMIN_KEY, handoffFixture, factSheet, seedConversation, type HandoffFixture } from '../helpers/handoff-fixture';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

describe('case API (/api/v1/cases) and agent accounts', function () {
  let f: HandoffFixture;
  let agentToken: string;
  let agentId: number;
  let caseId: number;
  let conversation: { key: string; conversationId: string; senderId: string };

  before(async function () {
    f = await handoffFixture();
    conversation = await seedConversation(f, { orderId: '1001', facts: factSheet('1001') });
    caseId = (await f.handoff.service.open({ conversationKey: conversation.key, channel: 'webchat', reason: 'delivery_problem', lang: 'es', orderId: '1001', now: f.clock.now() })).caseId!;
  });
  after(async function () {
    await f?.close();
  });

  describe('accounts', function () {
    it('the admin key creates the first admin and agents', async function () {
      await request(f.app).post('/api/v1/agents').send({ email: 'boss@shop.example', name: 'Boss', role: 'admin', password: 'admin password 123' }).expect(401);
      const created = await request(f.app).post('/api/v1/agents').set(admin).send({ email: 'Boss@Shop.example', name: 'Boss', role: 'admin', password: 'admin password 123' }).expect(201);
      expect(created.body.agent).to.include({ email: 'boss@shop.example', role: 'admin' });
      expect(created.body.agent).to.not.have.property('passwordHash');
      const agent = await request(f.app).post('/api/v1/agents').set(admin).send({ email: 'ana@shop.example', name: 'Ana', password: 'agent password 123' }).expect(201);
      agentId = agent.body.agent.id;
      expect(agent.body.agent.role).to.equal('agent');
      await request(f.app).post('/api/v1/agents').set(admin).send({ email: 'ana@shop.example', name: 'Ana 2', password: 'agent password 123' }).expect(409);
      const bad = await request(f.app).post('/api/v1/agents').set(admin).send({ email: 'nope', name: '', password: 'short' }).expect(400);
      expect(bad.body.problems.map((p: { path: string }) => p.path)).to.have.members(['email', 'name', 'password']);
    });

    it('an agent gets an API token for themselves, not for others; agents cannot create agents', async function () {
      const login = await request(f.app).post('/api/v1/agents/login').send({ email: 'ana@shop.example', password: 'agent password 123' }).expect(200);
      const cookie = login.headers['set-cookie'] as unknown as string[];
      const csrf = login.body.csrfToken as string;
      const token = await request(f.app).post(`/api/v1/agents/${agentId}/tokens`).set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(201);
      agentToken = token.body.token;
      await request(f.app).post(`/api/v1/agents/1/tokens`).set('Authorization', `Bearer ${agentToken}`).expect(403);
      await request(f.app).post('/api/v1/agents').set('Authorization', `Bearer ${agentToken}`).send({ email: 'x@shop.example', name: 'X', password: 'agent password 123' }).expect(403);
    });

    it('login sets an HttpOnly SameSite=Strict cookie; wrong passwords are throttled', async function () {
      const ok = await request(f.app).post('/api/v1/agents/login').send({ email: 'boss@shop.example', password: 'admin password 123' }).expect(200);
      const cookie = String(ok.headers['set-cookie']);
      expect(cookie).to.match(/wismo_session=[\w-]+/).and.match(/HttpOnly/).and.match(/SameSite=Strict/);
      // The browser counts the session's life from its own clock (a server clock that differs cannot expire it).
      expect(cookie).to.match(/Max-Age=43200/);
      await request(f.app).post('/api/v1/agents/login').send({ email: 'nobody@shop.example', password: 'x' }).expect(401);
      for (let i = 0; i < 5; i++) await request(f.app).post('/api/v1/agents/login').send({ email: 'boss@shop.example', password: 'wrong' }).expect(401);
      // Even the right password waits until the window passes.
      const limited = await request(f.app).post('/api/v1/agents/login').send({ email: 'boss@shop.example', password: 'admin password 123' }).expect(429);
      expect(Number(limited.headers['retry-after'])).to.be.greaterThan(0);
    });
  });

  describe('authentication', function () {
    it('401 without credentials or with a wrong token', async function () {
      await request(f.app).get('/api/v1/cases').expect(401);
      await request(f.app).get('/api/v1/cases').set('Authorization', 'Bearer wrong-token').expect(401);
      await request(f.app).get('/api/v1/cases').set('Cookie', 'wismo_session=forged').expect(401);
    });

    it('the admin key and an agent API token both work', async function () {
      const a = await request(f.app).get('/api/v1/cases?status=open').set(admin).expect(200);
      expect(a.body.cases.map((c: { id: number }) => c.id)).to.include(caseId);
      const b = await request(f.app).get('/api/v1/cases').set('Authorization', `Bearer ${agentToken}`).expect(200);
      expect(b.body.cases).to.have.length(1);
      await request(f.app).get('/api/v1/cases?status=bogus').set(admin).expect(400);
    });

    it('a session cookie reads freely but needs X-CSRF-Token to change anything', async function () {
      const login = await request(f.app).post('/api/v1/agents/login').send({ email: 'ana@shop.example', password: 'agent password 123' }).expect(200);
      const cookie = login.headers['set-cookie'] as unknown as string[];
      await request(f.app).get(`/api/v1/cases/${caseId}`).set('Cookie', cookie).expect(200);
      await request(f.app).post(`/api/v1/cases/${caseId}/notes`).set('Cookie', cookie).send({ text: 'no csrf' }).expect(403);
      await request(f.app).post(`/api/v1/cases/${caseId}/notes`).set('Cookie', cookie).set('X-CSRF-Token', 'guess').send({ text: 'bad csrf' }).expect(403);
      await request(f.app).post(`/api/v1/cases/${caseId}/notes`).set('Cookie', cookie).set('X-CSRF-Token', login.body.csrfToken).send({ text: 'checked the carrier' }).expect(201);
      const me = await request(f.app).get('/api/v1/agents/me').set('Cookie', cookie).expect(200);
      expect(me.body.csrfToken).to.equal(login.body.csrfToken);
      await request(f.app).post('/api/v1/agents/logout').set('Cookie', cookie).set('X-CSRF-Token', login.body.csrfToken).expect(204);
      await request(f.app).get('/api/v1/cases').set('Cookie', cookie).expect(401);
    });

    it('403 when an agent assigns a case to someone else', async function () {
      const boss = (await f.handoff.agents.list()).find((a) => a.role === 'admin')!;
      await request(f.app).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', `Bearer ${agentToken}`).send({ agentId: boss.id }).expect(403);
      await request(f.app).post(`/api/v1/cases/${caseId}/assign`).set(admin).send({ agentId: 'x' }).expect(400);
      const assigned = await request(f.app).post(`/api/v1/cases/${caseId}/assign`).set(admin).send({ agentId: boss.id }).expect(200);
      expect(assigned.body.case).to.include({ status: 'assigned' });
      expect(assigned.body.case.assignedAgent).to.deep.equal({ id: boss.id, name: 'Boss' });
      const claimed = await request(f.app).post(`/api/v1/cases/${caseId}/claim`).set('Authorization', `Bearer ${agentToken}`).expect(200);
      expect(claimed.body.case.assignedAgent.id).to.equal(agentId);
      await request(f.app).post(`/api/v1/cases/${caseId}/claim`).set(admin).expect(400);
    });
  });

  describe('working a case', function () {
    it('GET a case: transcript, notes, facts and the order with tracking', async function () {
      const res = await request(f.app).get(`/api/v1/cases/${caseId}`).set(admin).expect(200);
      expect(res.body.case).to.include({ id: caseId, reason: 'delivery_problem', orderId: '1001' });
      expect(res.body.case.facts.facts[0]).to.include({ key: 'status', value: 'delivered' });
      expect(res.body.transcript.map((e: { direction: string }) => e.direction)).to.deep.equal(['in', 'out']);
      expect(res.body.notes.map((n: { text: string }) => n.text)).to.deep.equal(['checked the carrier']);
      expect(res.body.order.id).to.equal('1001');
      expect(res.body.order.shipments[0]).to.include({ carrier: 'ups', trackingNumber: '1Z999AA10123456784' });
      await request(f.app).get('/api/v1/cases/99999').set(admin).expect(404);
      await request(f.app).get('/api/v1/cases/abc').set(admin).expect(404);
    });

    it('a reply goes through the channel and into the transcript', async function () {
      await request(f.app).post(`/api/v1/cases/${caseId}/messages`).set(admin).send({}).expect(400);
      const res = await request(f.app).post(`/api/v1/cases/${caseId}/messages`).set('Authorization', `Bearer ${agentToken}`).send({ text: 'Te mandamos uno nuevo hoy.' }).expect(201);
      expect(res.body.message).to.include({ direction: 'agent', text: 'Te mandamos uno nuevo hoy.' });
      expect(f.channel.sent.at(-1)!.address.conversationId).to.equal(conversation.conversationId);
      const t = await f.transcript.transcript(conversation.key);
      expect(t.at(-1)).to.include({ direction: 'agent', text: 'Te mandamos uno nuevo hoy.' });
    });

    it('a refused delivery answers 502', async function () {
      f.channel.fail = 'window closed';
      try {
        await request(f.app).post(`/api/v1/cases/${caseId}/messages`).set(admin).send({ text: 'hello' }).expect(502);
      } finally {
        f.channel.fail = undefined;
      }
    });

    it('resolve and hand back end ownership; a closed case answers 409', async function () {
      await request(f.app).post(`/api/v1/cases/${caseId}/resolve`).set('Authorization', `Bearer ${agentToken}`).expect(200);
      await request(f.app).post(`/api/v1/cases/${caseId}/messages`).set(admin).send({ text: 'late' }).expect(409);
      const other = await seedConversation(f);
      const { caseId: second } = await f.handoff.service.open({ conversationKey: other.key, channel: 'webchat', reason: 'requested', lang: 'en', now: f.clock.now() });
      const res = await request(f.app).post(`/api/v1/cases/${second}/handback`).set(admin).expect(200);
      expect(res.body.case.status).to.equal('handed_back');
      expect(await f.handoff.cases.stateOf(other.key)).to.deep.equal({ active: false, agentJoined: false });
    });
  });

  describe('live stream', function () {
    it('streams a new case as Server-Sent Events', async function () {
      const server = http.createServer(f.app).listen(0);
      const port = (server.address() as AddressInfo).port;
      try {
        const events: string[] = [];
        const got = new Promise<string>((resolve, reject) => {
          const req = http.get({ port, path: '/api/v1/cases/stream', headers: admin }, (res) => {
            expect(res.statusCode).to.equal(200);
            expect(res.headers['content-type']).to.match(/text\/event-stream/);
            let buffer = '';
            res.on('data', async (chunk: Buffer) => {
              buffer += chunk.toString();
              if (buffer.includes('event: ready') && events.length === 0) {
                events.push('ready');
                const conv = await seedConversation(f);
                await f.handoff.service.open({ conversationKey: conv.key, channel: 'webchat', reason: 'stuck', lang: 'en', now: new Date() });
              }
              const m = /event: case\.created\ndata: (.*)\n/.exec(buffer);
              if (m) {
                req.destroy();
                resolve(m[1]);
              }
            });
          });
          req.on('error', (err) => (/aborted|socket hang up/.test(err.message) ? undefined : reject(err)));
          setTimeout(() => reject(new Error('no case.created event in 10 s')), 10_000).unref();
        });
        const event = JSON.parse(await got);
        expect(event.type).to.equal('case.created');
        expect(event.case).to.include({ reason: 'stuck', status: 'open' });
        await request(f.app).get('/api/v1/cases/stream').expect(401);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  describe('inbox page', function () {
    it('serves the inbox with external scripts only', async function () {
      await request(f.app).get('/inbox').expect(301).expect('Location', '/inbox/');
      const page = await request(f.app).get('/inbox/').expect(200).expect('Content-Type', /html/);
      expect(page.text).to.include('src="/inbox/inbox.js"');
      expect(page.text).to.not.match(/<script>(?!<\/script>)/);
      expect(String(page.headers['content-security-policy'])).to.include("script-src 'self'");
      await request(f.app).get('/inbox/inbox.js').expect(200).expect('Content-Type', /javascript/);
      await request(f.app).get('/inbox/inbox.css').expect(200).expect('Content-Type', /css/);
    });
  });
});
