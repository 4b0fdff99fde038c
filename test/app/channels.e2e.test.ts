import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { PUBLIC_BASE_URL, postSigned, testAccountSid, twimlMessages, unescapeXml, waitFor } from '../helpers/twilio-test-kit';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { envelope, postWebhook, textEvent } from '../helpers/messenger-webhooks';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector';

/**
 * A full WISMO conversation on every channel, through the real app (buildWismo: resolver,
 * linking, answers, knowledge, handoff) with the demo shop's orders, against local fakes of
 * the providers. Order 1001 belongs to ana@example.com, +15125550101, ZIP 78701, and is in
 * transit with UPS 1Z999AA10123456784.
 */
describe('app: a WISMO conversation on every channel', function () {
  this.timeout(60_000);
  const ADMIN = 'e2e-admin-key-0123456789';
  const SECRET = 'e2e-directline-secret-0123456789';
  const APP_SECRET = 'e2e-messenger-app-secret';
  let db: TestStore;
  let wismo: Wismo;
  let app: Express;
  let twilio: FakeTwilio;
  let graph: FakeGraph;
  let connector: FakeConnector;

  before(async function () {
    this.timeout(120_000);
    db = await openTestStore();
    twilio = await new FakeTwilio(testAccountSid(), 'e2e-twilio-auth-token-0123').start();
    graph = await startFakeGraph({ pageToken: 'e2e-page-token' });
    connector = await startFakeConnector();
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', PUBLIC_BASE_URL,
      ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: SECRET, SUPPORT_HOURS: 'always', SUPPORT_REPLY_HOURS: '2',
      TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: twilio.baseUrl,
      MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: 'e2e-verify', MESSENGER_PAGE_TOKEN: 'e2e-page-token', GRAPH_API_BASE_URL: graph.baseUrl,
      ENABLE_INSECURE_DEV_FLAGS: 'true',
    });
    wismo = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    app = wismo.app;
    await seedDemoShop(wismo.orders);
  });
  after(async () => {
    await wismo?.close();
    await Promise.allSettled([twilio?.stop(), graph?.close(), connector?.close()]);
    await db?.cleanup();
  });

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  /** A Direct Line conversation: say() returns the bot's replies to that turn. */
  async function webchat(userId = `e2e-${Math.random().toString(36).slice(2)}`) {
    const started = await request(app).post('/v3/directline/conversations').set(bearer(SECRET)).expect(201);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    let watermark = '';
    const read = async () => {
      const res = await request(app).get(`/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`).set(bearer(token)).expect(200);
      watermark = res.body.watermark;
      return (res.body.activities as any[]).filter((a) => a.from.role === 'bot');
    };
    return {
      conversationId,
      read,
      async say(text: string) {
        await request(app).post(`/v3/directline/conversations/${conversationId}/activities`).set(bearer(token)).send({ type: 'message', from: { id: userId }, text, locale: 'en-US' }).expect(200);
        return read();
      },
    };
  }

  it('web chat: asks to verify, then answers from the shipment', async () => {
    const chat = await webchat();
    const ask = await chat.say('where is my order 1001?');
    expect(ask.map((a) => a.text).join(' ')).to.match(/email|phone|postcode|zip/i).and.not.to.contain('1Z999AA10123456784');
    expect(ask[0].channelData.wismo).to.deep.equal({ intent: 'order_status', handoff: false });
    const answer = await chat.say('ana@example.com');
    expect(answer.map((a) => a.text).join(' ')).to.contain('1Z999AA10123456784').and.to.match(/UPS/);
    expect(answer.at(-1).channelData.wismo).to.include({ intent: 'provide_details', orderId: '1001', handoff: false });
  });

  it('SMS: the sender\'s phone verifies the order and the answer comes back as TwiML (no Redis)', async () => {
    const res = await postSigned(app, twilio, '/channels/twilio/sms', {
      MessageSid: 'SM' + 'a'.repeat(32), AccountSid: twilio.accountSid, From: '+15125550101', To: '+15005550006', Body: 'where is my order 1001?', NumMedia: '0',
    }).expect(200);
    const text = twimlMessages(res.text).join('\n');
    expect(text).to.contain('1Z999AA10123456784');
  });

  it('WhatsApp: the same, from a whatsapp: address', async () => {
    const res = await postSigned(app, twilio, '/channels/twilio/sms', {
      MessageSid: 'SM' + 'b'.repeat(32), AccountSid: twilio.accountSid, From: 'whatsapp:+15125550101', To: 'whatsapp:+15005550006', Body: 'has 1001 shipped?', NumMedia: '0',
    }).expect(200);
    expect(twimlMessages(res.text).join('\n')).to.contain('1Z999AA10123456784');
  });

  it('Messenger: asks to verify, the postcode verifies, replies go through the Send API', async () => {
    const psid = '9000000000000001';
    await postWebhook(app, envelope({ messaging: [textEvent(psid, 'where is my order 1001?')] }), APP_SECRET).expect(200);
    const [ask] = await graph.waitForSent(1);
    expect(JSON.stringify(ask)).to.match(/email|phone|postcode|zip/i).and.not.to.contain('1Z999AA10123456784');
    await postWebhook(app, envelope({ messaging: [textEvent(psid, '78701')] }), APP_SECRET).expect(200);
    const sent = await graph.waitForSent(2);
    expect(JSON.stringify(sent.slice(1))).to.contain('1Z999AA10123456784');
  });

  it('Azure Bot Service (insecure development flag): replies reach the connector', async () => {
    const activity = (id: string, text: string) => ({
      type: 'message', id, channelId: 'msteams', serviceUrl: connector.serviceUrl, timestamp: new Date().toISOString(),
      from: { id: '29:e2e-user' }, recipient: { id: '28:bot' }, conversation: { id: 'e2e-azure-conv' }, locale: 'en-US', text,
    });
    await request(app).post('/api/messages').send(activity('a1', '1001 ana@example.com')).expect(200);
    const call = await waitFor(() => connector.calls.find((c) => JSON.stringify(c.activity).includes('1Z999AA10123456784')), 10_000, 'the answer at the connector');
    expect(call.activity.channelData.wismo).to.include({ orderId: '1001' });
  });

  it('Voice: the number is read back digit by digit, the caller id verifies, the answer is spoken', async () => {
    const gatherAction = (xml: string) => {
      const url = new URL(unescapeXml(/<Gather [^>]*action="([^"]+)"/.exec(xml)![1]));
      return url.pathname + url.search;
    };
    const call = { CallSid: 'CA' + 'c'.repeat(32), AccountSid: twilio.accountSid, From: '+15125550101', To: '+15005550006', CallStatus: 'in-progress', ApiVersion: '2010-04-01' };
    const start = await postSigned(app, twilio, '/channels/twilio/voice', call).expect(200);
    const heard = await postSigned(app, twilio, gatherAction(start.text), { ...call, SpeechResult: 'order one zero zero one', Confidence: '0.7' }).expect(200);
    expect(heard.text).to.contain('1 0 0 1');
    const answer = await postSigned(app, twilio, gatherAction(heard.text), { ...call, Digits: '1' }).expect(200);
    expect(answer.text).to.match(/<Say[^>]*>[^<]*UPS/);
  });

  it('handoff: "I want to talk to a person" opens a case an agent sees, the reply reaches web chat, resolving gives the conversation back', async () => {
    const chat = await webchat();
    await chat.say('1001 ana@example.com');
    const handed = await chat.say('I want to talk to a person');
    expect(handed.at(-1).channelData.wismo).to.include({ intent: 'human_agent', handoff: true });
    const list = await request(app).get('/api/v1/cases?status=open').set(bearer(ADMIN)).expect(200);
    const mine = (list.body.cases as any[]).find((c) => c.conversationKey === `webchat:${chat.conversationId}`);
    expect(mine, 'the case in the list').to.exist;
    const detail = await request(app).get(`/api/v1/cases/${mine.id}`).set(bearer(ADMIN)).expect(200);
    expect(JSON.stringify(detail.body)).to.contain('1Z999AA10123456784');

    await request(app).post(`/api/v1/cases/${mine.id}/messages`).set(bearer(ADMIN)).send({ text: 'Hi Ana, this is Sam. Checking with UPS now.' }).expect(201);
    const fromAgent = await chat.read();
    expect(fromAgent.map((a) => a.text)).to.include('Hi Ana, this is Sam. Checking with UPS now.');
    expect(await chat.say('thanks Sam')).to.have.length(0); // an agent has joined: the bot is silent

    await request(app).post(`/api/v1/cases/${mine.id}/resolve`).set(bearer(ADMIN)).expect(200);
    const back = await chat.say('where is my order 1001?');
    expect(back.at(-1).channelData.wismo).to.include({ handoff: false });
  });

  it('updates: a shopper who asked to be told gets the order\'s new status on their channel when an ingest changes it', async () => {
    const chat = await webchat();
    await chat.say('1012 lena@example.com');
    const subscribed = await chat.say('can you let me know when it is delivered?');
    expect(subscribed.at(-1).channelData.wismo).to.include({ intent: 'subscribe_updates', orderId: '1012' });
    const order = (await request(app).get('/api/v1/orders/1012').set(bearer(ADMIN)).expect(200)).body;
    delete order.events;
    order.shipments[0].status = 'delivered';
    order.shipments[0].events.push({ at: new Date().toISOString(), status: 'delivered', description: 'Delivered, front door', location: 'Chicago, IL' });
    await request(app).post('/api/v1/orders').set(bearer(ADMIN)).send(order).expect(200);
    const update = await waitFor(async () => (await chat.read()).find((a) => a.channelData?.wismo?.intent === 'subscribe_updates'), 10_000, 'the update');
    expect(update.text).to.match(/deliver/i);
    expect(update.channelData.wismo).to.include({ orderId: '1012', handoff: false });
    // Sending the same order again changes nothing: no second update.
    await request(app).post('/api/v1/orders').set(bearer(ADMIN)).send(order).expect(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await chat.read()).filter((a) => a.channelData?.wismo?.intent === 'subscribe_updates')).to.have.length(0);
  });

  it('updates: a merchant event (POST /api/v1/orders/{id}/events) reaches a subscribed shopper too', async () => {
    const chat = await webchat();
    await chat.say('1013 lena@example.com');
    const subscribed = await chat.say('please keep me posted on this one');
    expect(subscribed.at(-1).channelData.wismo).to.include({ intent: 'subscribe_updates', orderId: '1013' });
    await request(app).post('/api/v1/orders/1013/events').set(bearer(ADMIN)).send({ type: 'fulfilment_delayed', shipBy: '2030-12-01', reason: 'restock' }).expect(201);
    const update = await waitFor(async () => (await chat.read()).find((a) => a.channelData?.wismo?.intent === 'subscribe_updates'), 10_000, 'the update');
    expect(update.channelData.wismo).to.include({ orderId: '1013', handoff: false });
    // An internal note is not the shopper's business.
    await request(app).post('/api/v1/orders/1013/events').set(bearer(ADMIN)).send({ type: 'note', message: 'called the warehouse' }).expect(201);
    await wismo.changes.idle();
    expect((await chat.read()).filter((a) => a.channelData?.wismo?.intent === 'subscribe_updates')).to.have.length(0);
  });
});
