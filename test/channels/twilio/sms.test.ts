import { expect } from 'chai';
import type { Express } from 'express';
import { createApp } from '../../../src/http/app';
import { JobQueue } from '../../../src/queue';
import type { Channel } from '../../../channels/kit/channel';
import { createTwilioChannel } from '../../../channels/twilio';
import { FakeTwilio, newSid } from '../../helpers/fake-twilio';
import { openWismoHarness, sampleOrder, type WismoHarness } from '../../helpers/wismo-harness';
import { postSigned, testAccountSid, twilioConfig, twimlMessages, PUBLIC_BASE_URL } from '../../helpers/twilio-test-kit';

const SMS = '/channels/twilio/sms';
const STATUS = '/channels/twilio/status';
const ORDER_PHONE = '+15125550101';

describe('Twilio SMS and WhatsApp (no Redis: inline TwiML)', () => {
  let h: WismoHarness;
  let fake: FakeTwilio;
  let channel: Channel;
  let app: Express;

  before(async function () {
    this.timeout(60_000);
    h = await openWismoHarness();
    await h.orders.upsert([sampleOrder()]);
    fake = await new FakeTwilio(testAccountSid(), 'test-auth-token-0123456789').start();
    channel = createTwilioChannel({
      config: twilioConfig(fake, { TWILIO_WHATSAPP_CONTENT_SID: 'HX0123456789abcdef0123456789abcdef' }),
      bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging,
    });
    app = createApp({ logger: h.logger, routers: [channel.router!] });
  });
  after(async () => {
    await fake.stop();
    await h.close();
  });
  beforeEach(() => fake.reset());

  it('is on, and off with a reason without credentials', () => {
    expect(channel.status().on).to.equal(true);
    const offChannel = createTwilioChannel({ config: twilioConfig(fake, { TWILIO_AUTH_TOKEN: '' }), bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging });
    expect(offChannel.status()).to.deep.equal({ on: false, why: 'TWILIO_AUTH_TOKEN is unset' });
    expect(offChannel.router).to.equal(undefined);
    const noSender = createTwilioChannel({ config: twilioConfig(fake, { TWILIO_FROM: '' }), bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging });
    expect(noSender.status().why).to.match(/TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
  });

  it('answers a WISMO question from the order\'s own phone (the sender verifies the order)', async () => {
    const res = await postSigned(app, fake, SMS, fake.inbound({ From: ORDER_PHONE, Body: 'Where is my order?' }));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/xml/);
    const [reply, ...more] = twimlMessages(res.text);
    expect(more).to.have.length(0);
    expect(reply).to.contain('Order #1042 is out for delivery with UPS');
    expect(reply).to.contain('https://track.example.com/1Z999AA10123456784');
    expect(reply).not.to.match(/\p{Extended_Pictographic}/u);
    expect(fake.requests).to.have.length(0); // inline: the reply is the TwiML
  });

  it('asks another number to verify, and tells nothing before the postcode matches', async () => {
    const from = '+15125550188';
    const ask = twimlMessages((await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: 'where is order 1042' }))).text);
    expect(ask.join(' ')).to.contain('please send the email, phone number or shipping postcode');
    expect(ask.join(' ')).not.to.match(/delivery|UPS|track/i);
    const wrong = twimlMessages((await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: '99999' }))).text);
    expect(wrong.join(' ')).to.contain("couldn't verify");
    const answer = twimlMessages((await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: '78701' }))).text);
    expect(answer.join(' ')).to.contain('Order #1042 is out for delivery');
  });

  it('rejects a wrong or missing signature with 403 and stores nothing', async () => {
    const params = fake.inbound({ From: '+15125550111', Body: 'where is my order' });
    const bad = await postSigned(app, fake, SMS, params, fake.sign(PUBLIC_BASE_URL + SMS, { ...params, Body: 'other' }));
    expect(bad.status).to.equal(403);
    const missing = await postSigned(app, fake, SMS, params, false);
    expect(missing.status).to.equal(403);
    // Signed over another host (a proxy-rewritten URL) does not pass either.
    const otherHost = await postSigned(app, fake, SMS, params, fake.sign('http://127.0.0.1' + SMS, params));
    expect(otherHost.status).to.equal(403);
    expect(await h.messaging.contacts.get('sms', '+15125550111')).to.equal(undefined);
    expect(await h.messaging.receipts.claim('twilio', params.MessageSid)).to.equal('new'); // never claimed by the webhook
  });

  it('answers a replayed MessageSid only once', async () => {
    const params = fake.inbound({ From: ORDER_PHONE, Body: 'where is my order' });
    const first = await postSigned(app, fake, SMS, params);
    const second = await postSigned(app, fake, SMS, params);
    expect(twimlMessages(first.text)).to.have.length(1);
    expect(second.status).to.equal(200);
    expect(twimlMessages(second.text)).to.have.length(0);
    expect(second.text).to.match(/<Response\/>|<Response><\/Response>/);
  });

  it('answers a malformed body with 400 and field paths, storing nothing', async () => {
    const params = fake.inbound({ From: 'not-a-number', Body: 'hi' });
    delete params.To;
    const res = await postSigned(app, fake, SMS, params);
    expect(res.status).to.equal(400);
    const paths = (res.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).to.include.members(['From', 'To']);
    expect(await h.messaging.receipts.claim('twilio', params.MessageSid)).to.equal('new');
  });

  it('accepts unknown parameters (signed with the rest)', async () => {
    const res = await postSigned(app, fake, SMS, fake.inbound({ From: '+15125550112', Body: 'hello', SomeNewTwilioField: 'x', FromCity: 'AUSTIN' }));
    expect(res.status).to.equal(200);
    expect(twimlMessages(res.text).join(' ')).to.contain('Demo Shop');
  });

  it('answers an oversized body with 413', async () => {
    const res = await postSigned(app, fake, SMS, fake.inbound({ From: '+15125550113', Body: 'x'.repeat(30_000) }));
    expect(res.status).to.equal(413);
  });

  it('never answers STOP/START/HELP with the bot, and keeps consent in step', async () => {
    const from = '+15125550120';
    const stop = await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: ' stop ' }));
    expect(twimlMessages(stop.text)).to.have.length(0);
    expect((await h.messaging.contacts.get('sms', from))?.optedOut).to.equal(true);
    // Opted out: other messages are not answered either (Twilio would block them).
    const question = await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: 'where is my order' }));
    expect(twimlMessages(question.text)).to.have.length(0);
    const help = await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: 'HELP' }));
    expect(twimlMessages(help.text)).to.have.length(0);
    const start = await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: 'Start' }));
    expect(twimlMessages(start.text)).to.have.length(0);
    expect((await h.messaging.contacts.get('sms', from))?.optedOut).to.equal(false);
    // Advanced Opt-Out: a custom keyword arrives with OptOutType.
    await postSigned(app, fake, SMS, fake.inbound({ From: from, Body: 'BAJA', OptOutType: 'STOP' }));
    expect((await h.messaging.contacts.get('sms', from))?.optedOut).to.equal(true);
    // "STOP please" is not a keyword.
    expect(fake.requests).to.have.length(0);
  });

  it('marks a number opted out on 21610 and does not retry', async () => {
    const phone = '+15125550130';
    fake.optedOut.add(phone);
    const result = await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'Your order shipped.', kind: 'notification', wismo: { intent: 'order_status', handoff: false } });
    expect(result).to.deep.include({ ok: false, permanent: true });
    expect(fake.requests).to.have.length(1);
    expect(fake.requests[0].status).to.equal(400);
    expect((await h.messaging.contacts.get('sms', phone))?.optedOut).to.equal(true);
    const again = await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'Another', kind: 'agent', wismo: { intent: 'other', handoff: false } });
    expect(again.ok).to.equal(false);
    expect(fake.requests).to.have.length(1); // known opted out: not even tried
  });

  it('sends by REST in the real wire format (Basic auth, form fields, StatusCallback)', async () => {
    const phone = '+15125550140';
    const result = await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'A person says: it ships **today** — sorry!', kind: 'agent', wismo: { intent: 'other', handoff: true } });
    expect(result.ok).to.equal(true);
    expect(fake.messages).to.have.length(1);
    const req = fake.requests[0];
    expect(req.path).to.equal(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(req.headers['content-type']).to.match(/application\/x-www-form-urlencoded/);
    expect(req.form).to.deep.include({ To: phone, From: '+15005550006', StatusCallback: `${PUBLIC_BASE_URL}/channels/twilio/status` });
    expect(req.form.Body).to.equal('A person says: it ships today - sorry!'); // GSM-7 friendly, no markdown
    expect(req.idempotencyToken).to.be.a('string');
    expect(result).to.deep.equal({ ok: true, providerMessageId: fake.messages[0].sid });
  });

  it('replies to WhatsApp in the window, and outside it only with the approved template', async () => {
    const wa = '+15125550150';
    const res = await postSigned(app, fake, SMS, fake.inbound({ From: `whatsapp:${wa}`, To: 'whatsapp:+15005550006', Body: 'hello', ProfileName: 'Ana' }));
    expect(twimlMessages(res.text).join(' ')).to.contain('Demo Shop');
    expect((await h.messaging.contacts.get('whatsapp', wa))?.lastInboundAt).to.be.instanceOf(Date);

    const late = '+15125550151';
    await h.messaging.contacts.recordInbound('whatsapp', late, new Date(Date.now() - 25 * 3600 * 1000));
    fake.outsideWindow.add(late);
    const result = await channel.deliver!({ channel: 'whatsapp', conversationId: late, senderId: late }, { text: 'Hi Ana,\nyour case is solved.', kind: 'agent', wismo: { intent: 'other', handoff: true } });
    expect(result.ok).to.equal(true);
    expect(fake.messages).to.have.length(1);
    expect(fake.messages[0]).to.deep.include({ to: `whatsapp:${late}`, from: 'whatsapp:+15005550006', contentSid: 'HX0123456789abcdef0123456789abcdef', body: undefined });
    expect(JSON.parse(fake.messages[0].contentVariables!)).to.deep.equal({ 1: 'Hi Ana, your case is solved.' });
  });

  it('sends nothing outside the WhatsApp window when no template is configured', async () => {
    const noTemplate = createTwilioChannel({ config: twilioConfig(fake), bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging });
    const late = '+15125550152';
    await h.messaging.contacts.recordInbound('whatsapp', late, new Date(Date.now() - 25 * 3600 * 1000));
    const result = await noTemplate.deliver!({ channel: 'whatsapp', conversationId: late, senderId: late }, { text: 'Update', kind: 'notification', wismo: { intent: 'order_status', handoff: false } });
    expect(result).to.deep.include({ ok: false, permanent: true });
    expect((result as { reason: string }).reason).to.match(/24-hour window/);
    expect(fake.requests).to.have.length(0);
  });

  it('treats 63016 (free-form outside the window) as handled, not retried', async () => {
    const wa = '+15125550153';
    await h.messaging.contacts.recordInbound('whatsapp', wa); // we think we are in the window; Twilio says no
    fake.outsideWindow.add(wa);
    const result = await channel.deliver!({ channel: 'whatsapp', conversationId: wa, senderId: wa }, { text: 'Update', kind: 'agent', wismo: { intent: 'other', handoff: true } });
    expect(result).to.deep.include({ ok: false, permanent: true });
    expect(fake.requests).to.have.length(1);
  });

  it('records status callbacks once and never backwards', async () => {
    const phone = '+15125550160';
    const sent = await channel.deliver!({ channel: 'sms', conversationId: phone, senderId: phone }, { text: 'Shipped', kind: 'notification', wismo: { intent: 'order_status', handoff: false } });
    const sid = (sent as { providerMessageId: string }).providerMessageId;
    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      postSigned(app, fake, STATUS, { MessageSid: sid, SmsSid: sid, AccountSid: fake.accountSid, MessageStatus, To: phone, From: '+15005550006', ApiVersion: '2010-04-01', ...extra });
    expect((await status('sent')).status).to.equal(204);
    expect((await status('delivered')).status).to.equal(204);
    expect((await status('delivered')).status).to.equal(204);
    expect((await status('sent')).status).to.equal(204); // late, out of order
    expect(await h.messaging.deliveries.statusOf('twilio', sid)).to.deep.include({ status: 'delivered' });
    expect(await h.messaging.deliveries.recordStatus('twilio', sid, 'delivered')).to.equal(false); // already recorded once
    expect((await postSigned(app, fake, STATUS, { MessageSid: sid, MessageStatus: 'delivered' }, 'bad')).status).to.equal(403);
    expect((await postSigned(app, fake, STATUS, { MessageSid: sid, MessageStatus: 'teleported' })).status).to.equal(400);
  });

  it('marks the number opted out when a status callback reports 21610', async () => {
    const phone = '+15125550161';
    const sid = newSid('SM');
    await postSigned(app, fake, STATUS, { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '21610', To: phone });
    expect((await h.messaging.contacts.get('sms', phone))?.optedOut).to.equal(true);
  });
});
