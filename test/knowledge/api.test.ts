import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/log/logger';
import { AgentDirectory, LoginThrottle } from '../../src/handoff/agents';
import { agentsRouter } from '../../src/http/routes/agents';
import { knowledgeRouter } from '../../src/http/routes/knowledge';
import { KnowledgeService } from '../../src/knowledge/service';
import { KnowledgeVersions } from '../../src/knowledge/versions';
import { loadKnowledgeDir } from '../../src/knowledge/loader';
import { plainDocument } from '../../src/knowledge/document';
import { openTestStore, type TestStore } from '../helpers/db';
import { copyKnowledge, removeFolders } from './kb-fixture';

const ADMIN = 'knowledge-admin-key-0123456789';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe('knowledge API', function () {
  this.timeout(60_000);
  let t: TestStore;
  let service: KnowledgeService;
  let app: Express;
  let agents: AgentDirectory;
  let dir: string;

  before(async () => {
    t = await openTestStore();
    agents = new AgentDirectory(t.store.db);
    await agents.create({ email: 'boss@shop.example', name: 'Boss', role: 'admin', password: 'admin password 123' });
    await agents.create({ email: 'sam@shop.example', name: 'Sam', role: 'agent', password: 'agent password 123' });
    dir = copyKnowledge();
    service = await KnowledgeService.start({ dir, versions: new KnowledgeVersions(t.store.db), pollMs: 0 });
    app = createApp({
      logger: createLogger('silent'),
      routers: [
        agentsRouter({ agents, adminKey: ADMIN, throttle: new LoginThrottle(t.store.db) }),
        // The folder's holidays end in July 2027: previews run at a fixed moment inside the calendar, whatever today is.
        knowledgeRouter({ knowledge: service, agents, adminKey: ADMIN, timeZone: 'America/New_York', clock: () => new Date('2026-12-14T16:00:00Z') }),
      ],
    });
  });
  after(async () => {
    service?.close();
    removeFolders();
    await t?.cleanup();
  });

  const current = async () => (await request(app).get('/api/v1/knowledge').set(bearer(ADMIN)).expect(200)).body;
  const versionCount = async () => (await request(app).get('/api/v1/knowledge/versions').set(bearer(ADMIN)).expect(200)).body.versions.length as number;

  async function login(email: string, password: string) {
    const agent = request.agent(app);
    const res = await agent.post('/api/v1/agents/login').send({ email, password }).expect(200);
    return { agent, csrf: res.body.csrfToken as string };
  }

  describe('auth', () => {
    it('401 without credentials or with a wrong key, on reads and writes', async () => {
      await request(app).get('/api/v1/knowledge').expect(401);
      await request(app).get('/api/v1/knowledge/versions').set(bearer('wrong-key')).expect(401);
      await request(app).put('/api/v1/knowledge').send({}).expect(401);
      await request(app).post('/api/v1/knowledge/preview').send({ sample: 'placed_today' }).expect(401);
      await request(app).get('/api/v1/knowledge/export').expect(401);
    });

    it('403 for an agent who is not an admin', async () => {
      const { agent } = await login('sam@shop.example', 'agent password 123');
      await agent.get('/api/v1/knowledge').expect(403);
    });

    it('an admin session may read, and writes only with X-CSRF-Token; the agent email is the author', async () => {
      const { agent, csrf } = await login('boss@shop.example', 'admin password 123');
      const body = (await agent.get('/api/v1/knowledge').expect(200)).body;
      body.document.processing.default_days = 2;
      await agent.put('/api/v1/knowledge').send(body.document).expect(403);
      const saved = await agent.put('/api/v1/knowledge').set('X-CSRF-Token', csrf).send(body.document).expect(200);
      const [latest] = (await agent.get('/api/v1/knowledge/versions').expect(200)).body.versions;
      expect(latest).to.include({ version: saved.body.version, author: 'boss@shop.example', source: 'editor' });
    });
  });

  it('GET returns the whole document and the version in force', async () => {
    const body = await current();
    expect(body.version).to.be.a('number');
    expect(body.document.calendar.time_zone).to.equal('America/New_York');
    expect(body.document).not.to.have.property('origin');
    expect(Object.keys(body.document.policies)).to.have.length(8);
  });

  it('PUT with mistakes answers 400 with the field paths and stores nothing', async () => {
    const before = await versionCount();
    const { document, version } = await current();
    document.processing.default_days = -1;
    document.calendar.holidays[1].date = '24/12/2026';
    document.calendar.surprise = true;
    const res = await request(app).put('/api/v1/knowledge').set(bearer(ADMIN)).send(document).expect(400);
    const paths = (res.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).to.have.members(['processing.default_days', 'calendar.holidays[1].date', 'calendar.surprise']);
    expect(res.body.problems.find((p: { path: string }) => p.path === 'calendar.holidays[1].date').message).to.match(/YYYY-MM-DD/);
    expect(await versionCount()).to.equal(before);
    expect((await current()).version).to.equal(version);
  });

  it('PUT stores a new version with author and diff; GET versions/{n} has document and diff', async () => {
    const { document } = await current();
    const before = document.processing.default_days;
    document.processing.default_days = before + 2;
    document.calendar.holidays.push({ date: '2027-12-25', name: 'Christmas Day 2027', carriers_closed: true });
    const saved = await request(app).put('/api/v1/knowledge').set(bearer(ADMIN)).send(document).expect(200);
    expect((await current()).version).to.equal(saved.body.version);
    expect(service.current().processing.default_days).to.equal(before + 2);

    const [latest] = (await request(app).get('/api/v1/knowledge/versions').set(bearer(ADMIN)).expect(200)).body.versions;
    expect(latest).to.include({ version: saved.body.version, author: 'admin-key', source: 'api', changeCount: 2 });
    expect(latest).not.to.have.property('document');
    const detail = (await request(app).get(`/api/v1/knowledge/versions/${saved.body.version}`).set(bearer(ADMIN)).expect(200)).body;
    expect(detail.document.processing.default_days).to.equal(before + 2);
    expect(detail.diff.changes).to.deep.include({ path: 'processing.default_days', from: before, to: before + 2 });
    expect(detail.diff.changes.map((c: { path: string }) => c.path)).to.include('calendar.holidays[7]');
    await request(app).get('/api/v1/knowledge/versions/99999').set(bearer(ADMIN)).expect(404);
    await request(app).get('/api/v1/knowledge/versions/abc').set(bearer(ADMIN)).expect(404);
  });

  it('PUT { document, baseVersion } refuses to overwrite a newer save (409)', async () => {
    const { document, version } = await current();
    await request(app).put('/api/v1/knowledge').set(bearer(ADMIN)).send({ document, baseVersion: version }).expect(200);
    const res = await request(app).put('/api/v1/knowledge').set(bearer(ADMIN)).send({ document, baseVersion: version }).expect(409);
    expect(res.body.problems).to.deep.equal({ latest: version + 1 });
  });

  it('POST reload: files that drop a whole section answer 422 and change nothing until confirmed', async () => {
    const file = path.join(dir, 'notices.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.split('\nnotices:')[0]);
    try {
      const before = await versionCount();
      const refused = await request(app).post('/api/v1/knowledge/reload').set(bearer(ADMIN)).send({}).expect(422);
      expect(refused.body.problems.map((d: { path: string }) => d.path)).to.deep.equal(['notices']);
      expect(await versionCount()).to.equal(before);
      await request(app).post('/api/v1/knowledge/reload').set(bearer(ADMIN)).send({ confirmDroppedSections: 'yes' }).expect(400);
      await request(app).post('/api/v1/knowledge/reload').set(bearer(ADMIN)).send({ confirmDroppedSections: true }).expect(200);
      expect((await current()).document.notices).to.deep.equal([]);
    } finally {
      fs.writeFileSync(file, original);
      await request(app).post('/api/v1/knowledge/reload').set(bearer(ADMIN)).send({}).expect(200);
    }
  });

  it('restore makes a new version equal to the old one', async () => {
    const { version: old, document: oldDoc } = await current();
    const changed = structuredClone(oldDoc);
    changed.returns.window_days = 60;
    await request(app).put('/api/v1/knowledge').set(bearer(ADMIN)).send(changed).expect(200);
    const res = await request(app).post(`/api/v1/knowledge/versions/${old}/restore`).set(bearer(ADMIN)).expect(200);
    expect(res.body).to.include({ restoredFrom: old });
    const now = await current();
    expect(now.version).to.equal(res.body.version);
    expect(now.document).to.deep.equal(oldDoc);
    expect(now).to.include({ source: 'restore', author: 'admin-key' });
    await request(app).post('/api/v1/knowledge/versions/99999/restore').set(bearer(ADMIN)).expect(404);
  });

  describe('preview', () => {
    const shipBy = (facts: { facts: { key: string; value: unknown }[] }) => facts.facts.find((f) => f.key === 'promise.shipBy')?.value;
    const order = {
      id: 'P-1', placedAt: '2026-12-14T15:00:00Z', status: 'open', shippingMethod: 'standard',
      customer: { name: 'Pat', email: 'pat@example.com' },
      shippingAddress: { line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      items: [{ sku: 'MUG-BLUE', name: 'Blue mug', quantity: 1 }],
    };

    it("answers for an order with the unsaved document, and nothing is stored", async () => {
      const before = await versionCount();
      const { document } = await current();
      document.processing.default_days = 1;
      const asIs = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ document, order, lang: 'en', now: '2026-12-14T16:00:00Z' }).expect(200)).body;
      // Monday 10:00 in New York, before the 14:00 cut-off: one business day.
      expect(shipBy(asIs.facts)).to.equal('2026-12-15');
      expect(asIs.text).to.match(/Dec(ember)? 15/);
      document.processing.default_days = 3;
      const edited = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ document, order, lang: 'en', now: '2026-12-14T16:00:00Z' }).expect(200)).body;
      expect(shipBy(edited.facts)).to.equal('2026-12-17');
      expect(await versionCount()).to.equal(before);
      expect(service.current().processing.default_days).not.to.equal(3);
      // Without a document, the one in force answers.
      const inForce = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ order, now: '2026-12-14T16:00:00Z' }).expect(200)).body;
      expect(inForce.facts.facts.map((f: { key: string }) => f.key)).to.include('promise.shipBy');
    });

    it('offers sample orders: placed today, a pre-order, one placed before a holiday', async () => {
      const today = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ sample: 'placed_today' }).expect(200)).body;
      expect(today.kind).to.equal('order');
      expect(shipBy(today.facts)).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const pre = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ sample: 'pre_order' }).expect(200)).body;
      expect(pre.order.items[0].sku).to.equal('LAMP-AUR');
      expect(pre.facts.facts.map((f: { key: string }) => f.key)).to.include('promise.item.LAMP-AUR.wait');
      const holiday = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ sample: 'before_holiday', lang: 'es' }).expect(200)).body;
      expect(holiday.sample.description).to.match(/before /);
    });

    it('answers policy questions and reports problems with paths', async () => {
      const { document } = await current();
      document.returns.window_days = 45;
      const policy = (await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ document, question: 'returns', lang: 'en' }).expect(200)).body;
      expect(policy.kind).to.equal('policy');
      expect(policy.text).to.contain('45');
      document.calendar.cutoff_time = '25:00';
      const bad = await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ document, sample: 'placed_today' }).expect(400);
      expect(bad.body.problems.map((p: { path: string }) => p.path)).to.deep.equal(['document.calendar.cutoff_time']);
      const noOrder = await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ question: 'order_status' }).expect(400);
      expect(noOrder.body.problems[0].path).to.equal('order');
      const badOrder = await request(app).post('/api/v1/knowledge/preview').set(bearer(ADMIN)).send({ order: { ...order, placedAt: 'yesterday' } }).expect(400);
      expect(badOrder.body.problems[0].path).to.equal('order.placedAt');
    });
  });

  it('export returns YAML that loads back to the same document', async () => {
    const res = await request(app).get('/api/v1/knowledge/export').set(bearer(ADMIN)).expect(200);
    expect(res.headers['content-type']).to.match(/yaml/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-export-'));
    try {
      fs.writeFileSync(path.join(dir, 'knowledge.yaml'), res.text);
      const loaded = await loadKnowledgeDir(dir);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      expect(plainDocument(loaded.knowledge)).to.deep.equal((await current()).document);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
