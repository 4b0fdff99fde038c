import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { createAzureChannel } from '../../../channels/azure';
import { loadConfig } from '../../../src/config';
import { createApp } from '../../../src/http/app';
import { openStore, type Store } from '../../../src/store/db';
import { captureLogger } from '../../helpers/capture-logger';
import { startFakeConnector, type FakeConnector } from '../../helpers/fake-connector';
import { DEMO_ORDER, scriptedWismoBot } from '../../helpers/scripted-wismo-bot';

describe('Azure Bot Service channel', function () {
  let store: Store;
  let connector: FakeConnector;
  let tmp: string;

  before(async function () {
    this.timeout(120_000); // PGlite takes a few seconds to open, longer on a busy machine
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-azure-'));
    store = await openStore({ url: 'pglite://memory', dataDir: tmp });
    connector = await startFakeConnector();
  });

  after(async () => {
    await connector?.close();
    await store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    connector.calls.length = 0;
  });

  function build(env: Record<string, string> = {}) {
    const config = loadConfig({ NODE_ENV: 'test', ADMIN_API_KEY: 'admin-key-for-tests-0000', DIRECTLINE_SECRET: 'directline-secret-for-tests', DATA_DIR: tmp, BODY_LIMIT: '16kb', ...env });
    const logs = captureLogger();
    const { bot, engine } = scriptedWismoBot(store.db);
    const channel = createAzureChannel({ config, bot, logger: logs.logger });
    return { app: createApp({ logger: logs.logger, routers: [channel.router!] }), channel, engine, logs };
  }

  let activityCounter = 0;
  const message = (conversationId: string, text: string) => ({
    type: 'message',
    id: `activity-${++activityCounter}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:shopper-aad-id', name: 'Ana' },
    recipient: { id: '28:wismo-bot', name: 'wismo' },
    conversation: { id: conversationId, conversationType: 'personal' },
    locale: 'en-US',
    text,
  });

  it('is off without credentials and without the insecure flag; /api/messages answers 503', async () => {
    const { app, channel } = build();
    expect(channel.status().on).to.equal(false);
    expect(channel.status().why).to.match(/MICROSOFT_APP_ID/);
    const res = await request(app).post('/api/messages').send(message('conv-off', 'hi'));
    expect(res.status).to.equal(503);
    expect(res.body.error).to.equal('channel_off');
    expect(connector.calls).to.have.length(0);
  });

  it('is off when the app id is set without a password', () => {
    const { channel } = build({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' });
    expect(channel.status()).to.deep.include({ on: false });
    expect(channel.status().why).to.match(/MICROSOFT_APP_PASSWORD/);
  });

  describe('with ENABLE_INSECURE_DEV_FLAGS=true and no credentials', () => {
    it('warns loudly in status and logs', () => {
      const { channel, logs } = build({ ENABLE_INSECURE_DEV_FLAGS: 'true' });
      expect(channel.status().on).to.equal(true);
      expect(channel.status().why).to.match(/^INSECURE/);
      expect(logs.lines.some((l) => l.level === 40 && /INSECURE/.test(l.msg))).to.equal(true);
    });

    it('holds a conversation through /api/messages, replying to the serviceUrl', async () => {
      const { app, engine } = build({ ENABLE_INSECURE_DEV_FLAGS: 'true' });
      const conversationId = 'a:1teams-personal-conversation';
      const first = message(conversationId, 'Where is my order?');
      const res = await request(app).post('/api/messages').send(first);
      expect(res.status).to.equal(200);
      expect(connector.calls).to.have.length(1);
      const [ask] = connector.calls;
      expect(ask.conversationId).to.equal(conversationId);
      expect(ask.replyToId).to.equal(first.id);
      expect(ask.activity.text).to.match(/order number/);
      expect(ask.activity.suggestedActions.actions.map((a: { title: string }) => a.title)).to.deep.equal(['Talk to a person']);
      expect(ask.activity.channelData.wismo).to.deep.equal({ intent: 'order_status', handoff: false });

      await request(app).post('/api/messages').send(message(conversationId, `${DEMO_ORDER.id} ${DEMO_ORDER.email}`)).expect(200);
      await request(app).post('/api/messages').send(message(conversationId, 'where is it now?')).expect(200);
      expect(connector.calls.map((c) => c.activity.text)).to.deep.equal([
        ask.activity.text,
        `Order ${DEMO_ORDER.id} is in transit and should arrive on 2030-05-04.`,
        `Order ${DEMO_ORDER.id} is still in transit.`,
      ]);
      expect(connector.calls[2].activity.channelData.wismo).to.deep.equal({ intent: 'order_status', orderId: DEMO_ORDER.id, handoff: false });
      expect(engine.seen.map((m) => m.channel)).to.deep.equal(['azure', 'azure', 'azure']);
      expect(engine.seen[0].senderId).to.equal('29:shopper-aad-id');
    });

    it('delivers an agent\'s message to a conversation it has seen, via continueConversationAsync', async () => {
      const { app, channel } = build({ ENABLE_INSECURE_DEV_FLAGS: 'true' });
      const conversationId = 'a:1proactive';
      await request(app).post('/api/messages').send(message(conversationId, 'hello')).expect(200);
      const result = await channel.deliver!({ channel: 'azure', conversationId, senderId: '29:shopper-aad-id' }, { text: 'Hi, Sam from support here.', kind: 'agent', wismo: { intent: 'human_agent', handoff: true }, suggestions: ['Thanks'] });
      expect(result.ok).to.equal(true);
      const proactive = connector.calls.at(-1)!;
      expect(proactive.conversationId).to.equal(conversationId);
      expect(proactive.activity).to.deep.include({ type: 'message', text: 'Hi, Sam from support here.' });
      expect(proactive.activity.channelData.wismo).to.deep.equal({ intent: 'human_agent', handoff: true });
      const unknown = await channel.deliver!({ channel: 'azure', conversationId: 'never-seen', senderId: 'x' }, { text: 'hi', kind: 'agent', wismo: { intent: 'human_agent', handoff: true } });
      expect(unknown).to.include({ ok: false, permanent: true });
    });

    it('answers 413 to a body over BODY_LIMIT and 400 to invalid JSON', async () => {
      const { app } = build({ ENABLE_INSECURE_DEV_FLAGS: 'true' });
      const big = await request(app).post('/api/messages').send(message('c', 'x'.repeat(20_000)));
      expect(big.status).to.equal(413);
      const broken = await request(app).post('/api/messages').set('content-type', 'application/json').send('{"type":');
      expect(broken.status).to.equal(400);
      expect(connector.calls).to.have.length(0);
    });
  });

  describe('with credentials', () => {
    const credentials = { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'app-password-for-tests', MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000aa', MICROSOFT_APP_TYPE: 'SingleTenant' };

    it('is on and rejects a request without a valid JWT (401), running no turn', async () => {
      const { app, channel, engine } = build(credentials);
      expect(channel.status().on).to.equal(true);
      expect(channel.status().why).not.to.match(/INSECURE/);
      const res = await request(app).post('/api/messages').send(message('conv-auth', 'Where is my order?'));
      expect(res.status).to.equal(401);
      expect(engine.seen).to.have.length(0);
      expect(connector.calls).to.have.length(0);
    });

    it('is on even with the insecure flag, and still requires the JWT', async () => {
      const { app, channel } = build({ ...credentials, ENABLE_INSECURE_DEV_FLAGS: 'true' });
      expect(channel.status().why).not.to.match(/INSECURE/);
      const res = await request(app).post('/api/messages').send(message('conv-auth2', 'hi'));
      expect(res.status).to.equal(401);
    });
  });
});
