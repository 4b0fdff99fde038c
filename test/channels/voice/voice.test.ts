import { expect } from 'chai';
import type { Express } from 'express';
import { createApp } from '../../../src/http/app';
import { JobQueue } from '../../../src/queue';
import { createVoiceChannel } from '../../../channels/voice';
import { FakeTwilio, newSid } from '../../helpers/fake-twilio';
import { openWismoHarness, sampleOrder, type WismoHarness } from '../../helpers/wismo-harness';
import { postSigned, testAccountSid, twilioConfig, unescapeXml } from '../../helpers/twilio-test-kit';

const VOICE = '/channels/twilio/voice';

/** The action URL of the TwiML's <Gather>, as a path with query. */
function gatherAction(xml: string): string {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(xml);
  if (!m) throw new Error(`no <Gather action> in ${xml}`);
  const url = new URL(unescapeXml(m[1]));
  return url.pathname + url.search;
}

function says(xml: string): { language?: string; text: string }[] {
  return [...xml.matchAll(/<Say( language="([^"]+)")?>([\s\S]*?)<\/Say>/g)].map((m) => ({ language: m[2], text: unescapeXml(m[3]) }));
}

describe('Twilio Voice', () => {
  let h: WismoHarness;
  let fake: FakeTwilio;
  let app: Express;
  let noSupportApp: Express;

  before(async function () {
    this.timeout(60_000);
    h = await openWismoHarness();
    await h.orders.upsert([sampleOrder()]);
    fake = await new FakeTwilio(testAccountSid(), 'test-auth-token-voice-0123').start();
    const deps = { bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging };
    app = createApp({ logger: h.logger, routers: [createVoiceChannel({ ...deps, config: twilioConfig(fake, { TWILIO_VOICE_SUPPORT_NUMBER: '+15125550000' }) }).router!] });
    noSupportApp = createApp({ logger: h.logger, routers: [createVoiceChannel({ ...deps, config: twilioConfig(fake, { TWILIO_FROM: '' }) }).router!] });
  });
  after(async () => {
    await fake.stop();
    await h.close();
  });

  const callParams = (callSid: string, from: string, extra: Record<string, string> = {}) => ({
    CallSid: callSid, AccountSid: fake.accountSid, From: from, To: '+15005550006', CallStatus: 'in-progress', Direction: 'inbound', ApiVersion: '2010-04-01', ...extra,
  });

  it('is off without credentials, on without a messaging sender', () => {
    const deps = { bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging };
    expect(createVoiceChannel({ ...deps, config: twilioConfig(fake, { TWILIO_ACCOUNT_SID: '' }) }).status()).to.deep.equal({ on: false, why: 'TWILIO_ACCOUNT_SID is unset' });
    expect(createVoiceChannel({ ...deps, config: twilioConfig(fake, { TWILIO_FROM: '' }) }).status().on).to.equal(true);
  });

  it('hears the order number, reads it back digit by digit, and answers in <Say> once confirmed', async () => {
    const call = newSid('CA');
    const start = await postSigned(app, fake, VOICE, callParams(call, '+15125550101', { CallStatus: 'ringing' }));
    expect(start.status).to.equal(200);
    expect(start.text).to.match(/<Gather [^>]*input="speech dtmf"/);
    expect(start.text).to.match(/speechTimeout="auto"/).and.to.match(/actionOnEmptyResult="true"/).and.to.match(/language="en-US"/);

    const heard = await postSigned(app, fake, gatherAction(start.text), callParams(call, '+15125550101', { SpeechResult: 'It is order one zero four two.', Confidence: '0.62' }));
    expect(says(heard.text)[0].text).to.contain('I heard order 1 0 4 2');
    expect(gatherAction(heard.text)).to.match(/^\/channels\/twilio\/voice\/confirm\?s=/);

    const answered = await postSigned(app, fake, gatherAction(heard.text), callParams(call, '+15125550101', { SpeechResult: 'Yes.', Confidence: '0.9' }));
    const spoken = says(answered.text);
    const answer = spoken.find((s) => s.text.includes('out for delivery'));
    expect(answer, answered.text).to.not.equal(undefined);
    expect(answer!.language).to.equal('en-US');
    expect(answer!.text).to.contain('Order 1 0 4 2 is out for delivery with UPS');
    expect(answer!.text).to.contain('1 Z 9 9, 9 A A 1, 0 1 2 3, 4 5 6 7, 8 4');
    expect(answer!.text).not.to.match(/https?:|track\.example|\p{Extended_Pictographic}/u);
  });

  it('gathers a keyed postcode when the caller id does not verify the order', async () => {
    const call = newSid('CA');
    const from = '+15125550199';
    const start = await postSigned(app, fake, VOICE, callParams(call, from));
    const heard = await postSigned(app, fake, gatherAction(start.text), callParams(call, from, { Digits: '1042#' }));
    expect(says(heard.text)[0].text).to.contain('1 0 4 2');
    const ask = await postSigned(app, fake, gatherAction(heard.text), callParams(call, from, { Digits: '1' }));
    expect(says(ask.text).map((s) => s.text).join(' ')).to.contain('shipping postcode');
    expect(says(ask.text).map((s) => s.text).join(' ')).not.to.contain('delivery with');
    const answer = await postSigned(app, fake, gatherAction(ask.text), callParams(call, from, { Digits: '78701' }));
    expect(says(answer.text).map((s) => s.text).join(' ')).to.contain('out for delivery');
  });

  it('asks again after "no", and for the number again after silence', async () => {
    const call = newSid('CA');
    const start = await postSigned(app, fake, VOICE, callParams(call, '+15125550101'));
    const silence = await postSigned(app, fake, gatherAction(start.text), callParams(call, '+15125550101'));
    expect(says(silence.text)[0].text).to.match(/did not catch/);
    const heard = await postSigned(app, fake, gatherAction(silence.text), callParams(call, '+15125550101', { SpeechResult: '1 0 4 3' }));
    const no = await postSigned(app, fake, gatherAction(heard.text), callParams(call, '+15125550101', { Digits: '2' }));
    expect(says(no.text)[0].text).to.match(/try again/);
    expect(gatherAction(no.text)).to.match(/\/gather\?s=/);
  });

  it('greets a caller in the language of the caller id\'s country, and prompts stay in the call\'s language', async () => {
    const call = 'CA' + 'e'.repeat(32);
    const start = await postSigned(app, fake, VOICE, callParams(call, '+34600555318'));
    expect(says(start.text)[0]).to.deep.include({ language: 'es-ES' });
    expect(says(start.text)[0].text).to.match(/número de pedido/);
    const heard = await postSigned(app, fake, gatherAction(start.text), callParams(call, '+34600555318', { Digits: '1042#' }));
    expect(says(heard.text)[0].text).to.match(/He entendido el pedido 1 0 4 2/);
  });

  it('answers in the caller\'s language', async () => {
    const call = newSid('CA');
    const start = await postSigned(app, fake, VOICE, callParams(call, '+15125550101'));
    const res = await postSigned(app, fake, gatherAction(start.text), callParams(call, '+15125550101', { SpeechResult: '¿dónde está mi pedido?' }));
    const spoken = says(res.text).filter((s) => s.text.startsWith('[es]'));
    expect(spoken.length, res.text).to.be.greaterThan(0);
    expect(spoken[0].language).to.equal('es-ES');
    expect(res.text).to.match(/<Gather [^>]*language="es-ES"/);
  });

  it('puts the caller through on handoff with <Dial>', async () => {
    const call = newSid('CA');
    const start = await postSigned(app, fake, VOICE, callParams(call, '+15125550101'));
    const res = await postSigned(app, fake, gatherAction(start.text), callParams(call, '+15125550101', { SpeechResult: 'I want to talk to a person' }));
    expect(res.text).to.match(/<Dial[^>]*>\+15125550000<\/Dial>/);
    expect(says(res.text).map((s) => s.text).join(' ')).to.contain('passed this to our team');
  });

  it('says a person will call back when no support number is set', async () => {
    const call = newSid('CA');
    const start = await postSigned(noSupportApp, fake, VOICE, callParams(call, '+15125550101'));
    const res = await postSigned(noSupportApp, fake, gatherAction(start.text), callParams(call, '+15125550101', { SpeechResult: 'agent please' }));
    expect(res.text).not.to.contain('<Dial');
    expect(says(res.text).map((s) => s.text).join(' ')).to.contain('will call or message you back');
    expect(res.text).to.contain('<Hangup/>');
  });

  it('rejects unsigned or tampered webhooks with 403', async () => {
    const call = newSid('CA');
    expect((await postSigned(app, fake, VOICE, callParams(call, '+15125550101'), false)).status).to.equal(403);
    expect((await postSigned(app, fake, VOICE, callParams(call, '+15125550101'), 'AAAA')).status).to.equal(403);
  });

  it('ignores call state from another call (falls back to asking for the number)', async () => {
    const a = newSid('CA');
    const start = await postSigned(app, fake, VOICE, callParams(a, '+15125550101'));
    const heard = await postSigned(app, fake, gatherAction(start.text), callParams(a, '+15125550101', { SpeechResult: '1042' }));
    const b = newSid('CA');
    const res = await postSigned(app, fake, gatherAction(heard.text), callParams(b, '+15125550101', { Digits: '1' }));
    expect(says(res.text)[0].text).to.match(/try again/);
  });
});
