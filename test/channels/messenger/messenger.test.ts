import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { createMessengerChannel, type MessengerChannel } from '../../../channels/messenger';
import { loadConfig } from '../../../src/config';
import { createApp } from '../../../src/http/app';
import { messagingServices, type MessagingServices } from '../../../src/messaging';
import { JobQueue } from '../../../src/queue';
import { openStore, type Store } from '../../../src/store/db';
import { captureLogger } from '../../helpers/capture-logger';
import { startFakeGraph, type FakeGraph } from '../../helpers/fake-graph';
import { echoEvent, envelope, metaSignature, newMid, postbackEvent, postWebhook, quickReplyEvent, textEvent } from '../../helpers/messenger-webhooks';
import { DEMO_ORDER, scriptedWismoBot } from '../../helpers/scripted-wismo-bot';

const APP_SECRET = 'messenger-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-token-for-tests';
const PAGE_TOKEN = 'EAAG-page-token-for-tests';
const HANDOVER_APP_ID = '263902037430900';
const HOUR = 3_600_000;

let psidCounter = 0;
const newPsid = () => `${Date.now()}${String(++psidCounter).padStart(4, '0')}`;

describe('Messenger channel', function () {
  let store: Store;
  let messaging: MessagingServices;
  let graph: FakeGraph;
  let tmp: string;

  before(async function () {
    this.timeout(120_000); // PGlite takes a few seconds to open, longer on a busy machine
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-messenger-'));
    store = await openStore({ url: 'pglite://memory', dataDir: tmp });
    messaging = messagingServices(store.db);
    graph = await startFakeGraph({ pageToken: PAGE_TOKEN });
  });

  after(async () => {
    await graph?.close();
    await store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => graph.reset());

  function build(env: Record<string, string> = {}) {
    const config = loadConfig({
      NODE_ENV: 'test',
      ADMIN_API_KEY: 'admin-key-for-tests-0000',
      DIRECTLINE_SECRET: 'directline-secret-for-tests',
      DATA_DIR: tmp,
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_PAGE_TOKEN: PAGE_TOKEN,
      GRAPH_API_BASE_URL: graph.baseUrl,
      MESSENGER_HANDOVER_APP_ID: HANDOVER_APP_ID,
      BODY_LIMIT: '16kb',
      ...env,
    });
    const logs = captureLogger();
    const { bot, engine } = scriptedWismoBot(store.db);
    const channel = createMessengerChannel({ config, bot, logger: logs.logger, queue: JobQueue.disabled(logs.logger), messaging, retry: { attempts: 3, baseDelayMs: 5 } });
    const app = createApp({ logger: logs.logger, routers: [channel.router!] });
    return { app, channel, engine, logs };
  }

  /** Posts a signed webhook and waits until its events have been handled. */
  async function deliverWebhook(app: ReturnType<typeof build>['app'], channel: MessengerChannel, body: unknown) {
    const res = await postWebhook(app, body, APP_SECRET);
    await channel.idle();
    return res;
  }

  describe('off', () => {
    it('is off with the missing variables named, and its route answers 503', async () => {
      const config = loadConfig({ NODE_ENV: 'test', ADMIN_API_KEY: 'admin-key-for-tests-0000', DIRECTLINE_SECRET: 'directline-secret-for-tests', MESSENGER_APP_SECRET: APP_SECRET });
      const { logger } = captureLogger();
      const channel = createMessengerChannel({ config, bot: scriptedWismoBot(store.db).bot, logger, queue: JobQueue.disabled(logger), messaging });
      expect(channel.status()).to.deep.equal({ on: false, why: 'MESSENGER_VERIFY_TOKEN, MESSENGER_PAGE_TOKEN are unset' });
      const res = await request(createApp({ logger, routers: [channel.router!] })).post('/channels/messenger').send({});
      expect(res.status).to.equal(503);
      expect(res.body.error).to.equal('channel_off');
    });
  });

  describe('verification handshake', () => {
    it('answers the challenge when mode and token match', async () => {
      const { app, channel } = build();
      expect(channel.status().on).to.equal(true);
      const res = await request(app).get('/channels/messenger').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(res.status).to.equal(200);
      expect(res.text).to.equal('1158201444');
    });

    it('answers 403 to a wrong token or mode', async () => {
      const { app } = build();
      const wrongToken = await request(app).get('/channels/messenger').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' });
      const wrongMode = await request(app).get('/channels/messenger').query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' });
      const nothing = await request(app).get('/channels/messenger');
      expect([wrongToken.status, wrongMode.status, nothing.status]).to.deep.equal([403, 403, 403]);
      expect(wrongToken.text).not.to.contain('1');
    });
  });

  describe('signature', () => {
    it('accepts a correctly signed webhook and replies through the Send API', async () => {
      const { app, channel } = build();
      const psid = newPsid();
      const res = await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, 'hello')] }));
      expect(res.status).to.equal(200);
      expect(res.text).to.equal('EVENT_RECEIVED');
      const [sent] = await graph.waitForSent(1);
      expect(sent).to.include({ recipientId: psid, messagingType: 'RESPONSE' });
      expect(sent.message?.text).to.equal('You said: hello');
      const req = graph.requests[0];
      expect(req.path).to.equal('/v25.0/me/messages');
      expect(req.accessToken).to.equal(PAGE_TOKEN);
    });

    it('refuses a wrong, foreign or missing signature with 403 and does nothing', async () => {
      const { app, channel, engine } = build();
      const body = envelope({ messaging: [textEvent(newPsid(), 'hello')] });
      const raw = JSON.stringify(body);
      const wrongSecret = await postWebhook(app, raw, 'another-secret');
      const otherBody = await postWebhook(app, raw, APP_SECRET, metaSignature(raw + ' ', APP_SECRET));
      const sha1Only = await postWebhook(app, raw, APP_SECRET, 'sha1=0123456789abcdef0123456789abcdef01234567');
      const missing = await postWebhook(app, raw, APP_SECRET, null);
      expect([wrongSecret.status, otherBody.status, sha1Only.status, missing.status]).to.deep.equal([403, 403, 403, 403]);
      await channel.idle();
      expect(engine.seen).to.have.length(0);
      expect(graph.sent).to.have.length(0);
    });

    it('hashes the raw bytes, so unicode-escaped bodies verify', async () => {
      const { app, channel, engine } = build();
      const psid = newPsid();
      // Meta escapes non-ASCII characters; re-serialising the parsed JSON would change the bytes.
      const raw = JSON.stringify(envelope({ messaging: [textEvent(psid, 'où est ma commande')] })).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const res = await postWebhook(app, raw, APP_SECRET);
      expect(res.status).to.equal(200);
      await channel.idle();
      expect(engine.seen.map((m) => m.text)).to.deep.equal(['où est ma commande']);
    });
  });

  describe('events', () => {
    it('answers a replayed mid once', async () => {
      const { app, channel, engine } = build();
      const psid = newPsid();
      const event = textEvent(psid, 'hello', newMid());
      await deliverWebhook(app, channel, envelope({ messaging: [event] }));
      const again = await deliverWebhook(app, channel, envelope({ messaging: [event] }));
      expect(again.status).to.equal(200);
      expect(engine.seen).to.have.length(1);
      expect(graph.sent).to.have.length(1);
    });

    it('ignores echoes of the Page\'s own messages', async () => {
      const { app, channel, engine } = build();
      const res = await deliverWebhook(app, channel, envelope({ messaging: [echoEvent(newPsid(), 'You said: hello')] }));
      expect(res.status).to.equal(200);
      expect(engine.seen).to.have.length(0);
      expect(graph.sent).to.have.length(0);
    });

    it('handles batched entries and events, each shopper in order', async () => {
      const { app, channel, engine } = build();
      const [a, b, c] = [newPsid(), newPsid(), newPsid()];
      const body = envelope(
        { messaging: [textEvent(a, 'one'), textEvent(b, 'two')] },
        { messaging: [textEvent(a, 'three'), echoEvent(c, 'ignored'), textEvent(c, 'four')] },
      );
      await deliverWebhook(app, channel, body);
      expect(engine.seen.map((m) => `${m.senderId}:${m.text}`)).to.have.members([`${a}:one`, `${b}:two`, `${a}:three`, `${c}:four`]);
      expect(engine.seen.filter((m) => m.senderId === a).map((m) => m.text)).to.deep.equal(['one', 'three']);
      expect(graph.sent.filter((s) => s.recipientId === a).map((s) => s.message?.text)).to.deep.equal(['You said: one', 'You said: three']);
      expect(graph.sent).to.have.length(4);
      expect(engine.seen.every((m) => m.channel === 'messenger' && m.conversationId === m.senderId)).to.equal(true);
    });

    it('reads postbacks and quick-reply taps as their payload', async () => {
      const { app, channel, engine } = build();
      const psid = newPsid();
      await deliverWebhook(app, channel, envelope({ messaging: [postbackEvent(psid, 'Track my order', 'TRACK_ORDER')] }));
      await deliverWebhook(app, channel, envelope({ messaging: [quickReplyEvent(psid, 'Option 1…', 'Option number 1 with a long title')] }));
      expect(engine.seen.map((m) => m.text)).to.deep.equal(['TRACK_ORDER', 'Option number 1 with a long title']);
    });

    it('records standby messages (another app owns the thread) and stays silent', async () => {
      const { app, channel, engine, logs } = build();
      const psid = newPsid();
      await deliverWebhook(app, channel, envelope({ standby: [textEvent(psid, 'hello, anyone?')] }));
      expect(engine.seen).to.have.length(0);
      expect(graph.sent).to.have.length(0);
      expect(await messaging.contacts.withinWindow('messenger', psid, 24 * HOUR)).to.equal(true);
      expect(logs.find(/standby/)).to.exist;
    });

    it('answers 400 with field paths to a malformed body and stores nothing', async () => {
      const { app, channel, engine } = build();
      const psid = newPsid();
      const body = { object: 'page', entry: [{ id: '1', time: 1, messaging: [textEvent(newPsid(), 'fine'), { sender: { id: psid }, recipient: { id: '1' }, message: { text: 'no mid' } }] }] };
      const res = await deliverWebhook(app, channel, body);
      expect(res.status).to.equal(400);
      expect(res.body.problems.map((p: { path: string }) => p.path)).to.deep.equal(['entry[0].messaging[1].message.mid']);
      const notJson = await postWebhook(app, '{"object":"page",', APP_SECRET);
      expect(notJson.status).to.equal(400);
      const notPage = await postWebhook(app, { object: 'instagram', entry: [] }, APP_SECRET);
      expect(notPage.status).to.equal(400);
      expect(notPage.body.problems[0].path).to.equal('object');
      await channel.idle();
      expect(engine.seen).to.have.length(0);
      expect(await messaging.contacts.get('messenger', psid)).to.equal(undefined);
      expect(graph.sent).to.have.length(0);
    });

    it('answers 413 to a body over BODY_LIMIT', async () => {
      const { app, engine } = build();
      const res = await postWebhook(app, envelope({ messaging: [textEvent(newPsid(), 'x'.repeat(20_000))] }), APP_SECRET);
      expect(res.status).to.equal(413);
      expect(engine.seen).to.have.length(0);
    });

    it('survives a turn that throws and keeps answering', async () => {
      const { app, channel, engine, logs } = build();
      const psid = newPsid();
      const handle = engine.handle.bind(engine);
      engine.handle = async (m, mem) => (m.text === 'boom' ? Promise.reject(new Error('engine exploded')) : handle(m, mem));
      await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, 'boom'), textEvent(psid, 'after')] }));
      expect(logs.find(/messenger event failed/)).to.exist;
      expect(graph.sent.map((s) => s.message?.text)).to.deep.equal(['You said: after']);
    });
  });

  describe('rendering and sending', () => {
    it('renders suggestions as quick replies (max 13, titles of at most 20 characters)', async () => {
      const { app, channel } = build();
      const psid = newPsid();
      await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, 'menu')] }));
      const [sent] = await graph.waitForSent(1);
      const replies = sent.message!.quick_replies!;
      expect(replies).to.have.length(13);
      expect(replies.every((q) => q.content_type === 'text' && [...q.title].length <= 20)).to.equal(true);
      expect(replies[0]).to.deep.equal({ content_type: 'text', title: 'Option number 1 wit…', payload: 'Option number 1 with a long title' });
    });

    it('splits texts over 2,000 characters, quick replies on the last part', async () => {
      const { app, channel } = build();
      await deliverWebhook(app, channel, envelope({ messaging: [textEvent(newPsid(), 'long')] }));
      const sent = await graph.waitForSent(3);
      expect(sent).to.have.length(3);
      expect(sent.every((s) => s.message!.text!.length <= 2000)).to.equal(true);
      expect(sent.map((s) => s.message!.text).join(' ')).to.equal(`${'Lorem ipsum dolor sit amet. '.repeat(160)}The end.`.replace(/\s+/g, ' ').trim());
    });

    it('retries a transient failure: fail once, then exactly one message', async () => {
      const { app, channel } = build();
      graph.failNext(1);
      await deliverWebhook(app, channel, envelope({ messaging: [textEvent(newPsid(), 'hello')] }));
      expect(graph.requests.filter((r) => r.path.endsWith('/messages')).map((r) => r.status)).to.deep.equal([500, 200]);
      expect(graph.sent).to.have.length(1);
    });

    it('does not crash when the platform refuses a reply as out of window, and logs it', async () => {
      const { app, channel, logs } = build();
      const psid = newPsid();
      graph.outOfWindow.add(psid);
      const res = await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, 'hello')] }));
      expect(res.status).to.equal(200);
      expect(graph.sent).to.have.length(0);
      const line = logs.find(/outside the messaging window/);
      expect(line).to.include({ code: 10, subcode: 2018278 });
      // Not retried: the refusal is permanent.
      expect(graph.requests).to.have.length(1);
      graph.outOfWindow.delete(psid);
      await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, 'again')] }));
      expect(graph.sent.map((s) => s.message?.text)).to.deep.equal(['You said: again']);
    });

    it('marks the channel degraded on a refused Page token (190) and recovers after a good send', async () => {
      const bad = build({ MESSENGER_PAGE_TOKEN: 'expired-token' });
      const psid = newPsid();
      await deliverWebhook(bad.app, bad.channel, envelope({ messaging: [textEvent(psid, 'hello')] }));
      expect(graph.sent).to.have.length(0);
      expect(bad.channel.status().on).to.equal(true);
      expect(bad.channel.status().why).to.match(/^DEGRADED.*190/);
      expect(bad.logs.find(/Page token is invalid/)).to.exist;
      expect(graph.requests).to.have.length(1);
    });

    it('reports a blocked person (551) as a permanent failure', async () => {
      const { channel, logs } = build();
      const psid = newPsid();
      await messaging.contacts.recordInbound('messenger', psid);
      graph.blocked.add(psid);
      const result = await channel.deliver!({ channel: 'messenger', conversationId: psid, senderId: psid }, { text: 'Hello from Sam', kind: 'agent', wismo: { intent: 'human_agent', handoff: true } });
      expect(result).to.deep.equal({ ok: false, reason: 'person unavailable', permanent: true });
      expect(logs.find(/not available/)).to.exist;
    });
  });

  describe('outside the 24-hour window', () => {
    const address = (psid: string) => ({ channel: 'messenger', conversationId: psid, senderId: psid });
    const agentMessage = { text: 'Hi, this is Sam from support.', kind: 'agent' as const, wismo: { intent: 'human_agent', handoff: true } };
    const notification = { text: 'Your order 1001 has shipped.', kind: 'notification' as const, wismo: { intent: 'subscribe_updates', orderId: '1001', handoff: false } };

    it('sends an agent\'s message with the HUMAN_AGENT tag within 7 days (MESSENGER_OUT_OF_WINDOW=human_agent)', async () => {
      const { channel } = build({ MESSENGER_OUT_OF_WINDOW: 'human_agent' });
      const psid = newPsid();
      await messaging.contacts.recordInbound('messenger', psid, new Date(Date.now() - 50 * HOUR));
      graph.outOfWindow.add(psid);
      const result = await channel.deliver!(address(psid), agentMessage);
      expect(result.ok).to.equal(true);
      expect(graph.sent[0]).to.include({ recipientId: psid, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    });

    it('drops a notification or an agent message after 7 days, with a log line', async () => {
      const { channel, logs } = build({ MESSENGER_OUT_OF_WINDOW: 'human_agent' });
      const psid = newPsid();
      await messaging.contacts.recordInbound('messenger', psid, new Date(Date.now() - 50 * HOUR));
      expect(await channel.deliver!(address(psid), notification)).to.include({ ok: false, permanent: true });
      const old = newPsid();
      await messaging.contacts.recordInbound('messenger', old, new Date(Date.now() - 8 * 24 * HOUR));
      expect(await channel.deliver!(address(old), agentMessage)).to.include({ ok: false, permanent: true });
      expect(graph.requests).to.have.length(0);
      expect(logs.lines.filter((l) => /not sent: outside the messaging window/.test(l.msg))).to.have.length(2);
    });

    it('tags notifications POST_PURCHASE_UPDATE when so configured, and drops agent messages', async () => {
      const { channel } = build({ MESSENGER_OUT_OF_WINDOW: 'post_purchase_update' });
      const psid = newPsid();
      await messaging.contacts.recordInbound('messenger', psid, new Date(Date.now() - 30 * HOUR));
      expect((await channel.deliver!(address(psid), notification)).ok).to.equal(true);
      expect(graph.sent[0]).to.include({ messagingType: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' });
      expect((await channel.deliver!(address(psid), agentMessage)).ok).to.equal(false);
      expect(graph.sent).to.have.length(1);
    });

    it('drops everything out of window with MESSENGER_OUT_OF_WINDOW=drop; inside it, notifications go as UPDATE', async () => {
      const { channel } = build({ MESSENGER_OUT_OF_WINDOW: 'drop' });
      const psid = newPsid();
      await messaging.contacts.recordInbound('messenger', psid, new Date(Date.now() - 25 * HOUR));
      expect((await channel.deliver!(address(psid), agentMessage)).ok).to.equal(false);
      const fresh = newPsid();
      await messaging.contacts.recordInbound('messenger', fresh);
      expect((await channel.deliver!(address(fresh), notification)).ok).to.equal(true);
      expect(graph.sent.map((s) => [s.recipientId, s.messagingType])).to.deep.equal([[fresh, 'UPDATE']]);
    });

    it('never starts a conversation with someone who never wrote', async () => {
      const { channel } = build();
      expect(await channel.deliver!(address(newPsid()), agentMessage)).to.include({ ok: false, permanent: true });
      expect(graph.requests).to.have.length(0);
    });
  });

  describe('handover protocol', () => {
    it('passes the thread to the handover app on handoff and takes it back afterwards', async () => {
      const { channel } = build();
      const psid = newPsid();
      await channel.handoffStarted!({ channel: 'messenger', conversationId: psid, senderId: psid });
      await channel.handoffEnded!({ channel: 'messenger', conversationId: psid, senderId: psid });
      expect(graph.threadControl.map((c) => [c.action, c.recipientId, c.targetAppId])).to.deep.equal([
        ['pass_thread_control', psid, HANDOVER_APP_ID],
        ['take_thread_control', psid, undefined],
      ]);
      expect(graph.requests.map((r) => r.path)).to.deep.equal(['/v25.0/me/pass_thread_control', '/v25.0/me/take_thread_control']);
      expect(graph.threadControl[0].metadata).to.be.a('string');
    });

    it('does nothing without MESSENGER_HANDOVER_APP_ID', async () => {
      const { channel } = build({ MESSENGER_HANDOVER_APP_ID: '' });
      await channel.handoffStarted!({ channel: 'messenger', conversationId: 'x', senderId: 'x' });
      expect(graph.requests).to.have.length(0);
    });
  });

  describe('a WISMO conversation over Messenger', () => {
    it('asks, verifies, answers from memory, hands over, stays silent in standby, delivers the agent\'s reply', async () => {
      const { app, channel, engine } = build();
      const psid = newPsid();
      const say = async (text: string) => {
        const before = graph.sent.length;
        const res = await deliverWebhook(app, channel, envelope({ messaging: [textEvent(psid, text)] }));
        expect(res.status).to.equal(200);
        return graph.sent.slice(before);
      };

      const [ask] = await say('Where is my order?');
      expect(ask.message!.text).to.match(/order number/);
      expect(ask.message!.quick_replies!.map((q) => q.payload)).to.deep.equal(['Talk to a person']);

      const [answer] = await say(`It's ${DEMO_ORDER.id}, ${DEMO_ORDER.email}`);
      expect(answer.message!.text).to.equal(`Order ${DEMO_ORDER.id} is in transit and should arrive on 2030-05-04.`);
      expect(answer.message!.quick_replies!.map((q) => q.title)).to.deep.equal(['Track my order', 'Talk to a person']);

      // Memory lives in PostgreSQL-backed ConversationState between turns.
      const [again] = await say('where is it now?');
      expect(again.message!.text).to.equal(`Order ${DEMO_ORDER.id} is still in transit.`);

      const [handoff] = await say('Talk to a person');
      expect(handoff.message!.text).to.match(/person will reply/);
      await channel.handoffStarted!({ channel: 'messenger', conversationId: psid, senderId: psid });
      expect(graph.threadControl[0]).to.include({ action: 'pass_thread_control', recipientId: psid, targetAppId: HANDOVER_APP_ID });

      // The inbox owns the thread now: Meta sends the shopper's messages to us as standby.
      const seen = engine.seen.length;
      await deliverWebhook(app, channel, envelope({ standby: [textEvent(psid, 'hello?')] }));
      expect(engine.seen).to.have.length(seen);

      const agent = await channel.deliver!({ channel: 'messenger', conversationId: psid, senderId: psid }, { text: 'Hi, Sam here. Your parcel is at the depot.', kind: 'agent', wismo: { intent: 'human_agent', orderId: DEMO_ORDER.id, handoff: true } });
      expect(agent.ok).to.equal(true);
      expect(graph.sent.at(-1)).to.include({ messagingType: 'RESPONSE', recipientId: psid });
      expect(engine.seen.map((m) => m.channel)).to.deep.equal(['messenger', 'messenger', 'messenger', 'messenger']);
    });
  });
});
