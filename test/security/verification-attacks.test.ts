import { expect } from 'chai';
import type { Express } from 'express';
import type { Wismo } from '../../src/app/container';
import { openStore, type Store } from '../../src/store/db';
import { openTestStore, postgresUrl, requireServer, tempDir, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { testAccountSid } from '../helpers/twilio-test-kit';
import { attackBot, expectNothingRevealed, ingest, joined, sms, victim, webchat, type BotReply, type Victim } from './attack-kit';

/**
 * The disclosure rule (contract §6-§7) against an attacker with volume: many details in one
 * message, a right detail followed by lists of order numbers, guesses spread over sessions,
 * channels and instances, and a message built to stall the server. Each attack goes through
 * the real app (Direct Line and signed SMS), with orders only the attack knows.
 */
describe('security: verification cannot be defeated by volume', function () {
  this.timeout(120_000);
  let db: TestStore;
  let twilio: FakeTwilio;
  let wismo: Wismo;
  let app: Express;

  before(async function () {
    db = await openTestStore();
    twilio = await new FakeTwilio(testAccountSid(), 'security-twilio-token-0123').start();
    // A low client-address limit so the test reaches it quickly.
    wismo = await attackBot(db.store, twilio, { VERIFY_CLIENT_MAX_FAILURES: '6' });
    app = wismo.app;
  });
  after(async () => {
    await wismo?.close();
    await twilio?.stop();
    await db?.cleanup();
  });

  async function victims(n: number): Promise<Victim[]> {
    const list = Array.from({ length: n }, () => victim());
    await ingest(app, list);
    return list;
  }
  const numbersAround = (right: string, count: number) => {
    const start = Number(right) - Math.floor(count / 2);
    return Array.from({ length: count }, (_, i) => String(start + i));
  };
  const linkedTo = (replies: BotReply[], id: string) => replies.some((r) => r.wismo.orderId === id);

  it('1,000 numbers after "where is my order" verify nothing, and count as failures', async function () {
    const [v] = await victims(1);
    const chat = await webchat(app, '198.51.100.1');
    await chat.say(`where is my order ${v.id}?`);
    const flood = await chat.say(numbersAround(v.postcode, 1000).join(' '));
    expectNothingRevealed(v, flood);
    expect(joined(flood)).to.match(/one order number and one detail/i);
    // The flood counted as three failures: one more wrong detail and a person takes over.
    const next = await chat.say('00000');
    expectNothingRevealed(v, next);
    expect(next.at(-1)!.wismo.handoff).to.equal(true);
  });

  it('a first message with 300 postcodes verifies nothing', async function () {
    const [v] = await victims(1);
    const chat = await webchat(app, '198.51.100.2');
    const replies = await chat.say(`where is order ${v.id}? ${numbersAround(v.postcode, 300).map((z) => `zip ${z}`).join(', ')}`);
    expectNothingRevealed(v, replies);
  });

  it('two or three postcodes in one message are guesses: one right among them proves nothing', async function () {
    const [v] = await victims(1);
    const chat = await webchat(app, '198.51.100.3');
    const replies = await chat.say(`where is order ${v.id}? zip ${Number(v.postcode) - 1}, zip ${v.postcode}, zip ${Number(v.postcode) + 1}`);
    expectNothingRevealed(v, replies);
  });

  it('one signed SMS of 10,000 characters with 1,667 postcodes verifies nothing', async function () {
    const [v] = await victims(1);
    const body = `order ${v.id} ` + numbersAround(v.postcode, 1667).join(' ');
    expect(body.length).to.be.greaterThan(10_000);
    const twiml = await sms(app, twilio, '+14155550999', body);
    expectNothingRevealed(v, twiml);
  });

  it('a failed email, then a list of order numbers: nothing links, the email alone verifies nothing', async function () {
    const [v] = await victims(1);
    const chat = await webchat(app, '198.51.100.4');
    const first = await chat.say(`where is order 99999? my email is ${v.email}`);
    expectNothingRevealed(v, first);
    const list = await chat.say(numbersAround(v.id, 100).join(' '));
    expectNothingRevealed(v, list);
    const again = await chat.say(v.id);
    expectNothingRevealed(v, again);
  });

  it('at most the budget of order numbers is tried against an earlier detail', async function () {
    const [v] = await victims(1);
    const chat = await webchat(app, '198.51.100.5');
    await chat.say(`where is order 99999? my email is ${v.email}`);
    // Four numbers: over the budget of three, so none is tried.
    const four = await chat.say(numbersAround(v.id, 4).join(' '));
    expectNothingRevealed(v, four);
  });

  it('guesses spread over fresh sessions lock the order: the right postcode then goes to a person, as for an unknown order', async function () {
    const [v] = await victims(1);
    const unknown = String(Number(v.id) + 500_000);
    const transcripts: Record<string, string[]> = {};
    for (const target of [v.id, unknown]) {
      const seen: string[] = [];
      // Each session from its own address and user: nothing ties them but the order number.
      for (let s = 0; s < 3; s++) {
        const chat = await webchat(app, `192.0.2.${target === v.id ? 10 + s : 40 + s}`);
        await chat.say(`where is order ${target}?`);
        for (const wrong of [1, 2]) seen.push(joined(await chat.say(`zip ${Number(v.postcode) + wrong * 7 + s}`)).replaceAll(target, '#'));
      }
      const last = await webchat(app, `192.0.2.${target === v.id ? 30 : 60}`);
      await last.say(`where is order ${target}?`);
      const right = await last.say(v.postcode);
      expectNothingRevealed(v, right);
      expect(right.at(-1)!.wismo.handoff).to.equal(true);
      expect(joined(right)).to.match(/couldn't verify/i);
      seen.push(joined(right).replaceAll(target, '#'));
      transcripts[target] = seen;
    }
    // A real order and a number nobody has are answered alike, reply for reply.
    expect(transcripts[unknown]).to.deep.equal(transcripts[v.id]);
  });

  it('past the order limit a channel identity still verifies (the SMS sender whose number is the order\'s)', async function () {
    const [v] = await victims(1);
    for (let s = 0; s < 3; s++) {
      const chat = await webchat(app, `192.0.2.${100 + s}`);
      await chat.say(`order ${v.id} zip 00001`);
      await chat.say('zip 00002');
    }
    const twiml = await sms(app, twilio, v.phone, `where is my order ${v.id}?`);
    expect(twiml).to.contain(v.tracking);
  });

  it('SMS and WhatsApp from one number are one sender', async function () {
    const list = await victims(5);
    const phone = '+14155550777';
    await sms(app, twilio, phone, `order ${list[0].id} zip 00001`);
    await sms(app, twilio, phone, `order ${list[1].id} zip 00001`);
    await sms(app, twilio, `whatsapp:${phone}`, `order ${list[2].id} zip 00001`);
    await sms(app, twilio, `whatsapp:${phone}`, `order ${list[3].id} zip 00001`);
    const fifth = await sms(app, twilio, phone, `order ${list[4].id} zip ${list[4].postcode}`);
    expectNothingRevealed(list[4], fifth);
    expect(fifth).to.match(/person/i);
  });

  it('a busy client address leaves each conversation one attempt, but never locks out a shopper by address alone', async function () {
    const list = await victims(8);
    const address = '198.51.100.77';
    for (let i = 0; i < 6; i++) {
      const chat = await webchat(app, address);
      await chat.say(`order ${list[i].id} zip 00001`);
    }
    // Past the limit (6 here): one wrong detail ends a conversation from that address...
    const unlucky = await webchat(app, address);
    const wrong = await unlucky.say(`order ${list[6].id} zip 00001`);
    expect(wrong.at(-1)!.wismo.handoff).to.equal(true);
    // ...while a shopper who gives the right detail is verified.
    const honest = await webchat(app, address);
    const right = await honest.say(`order ${list[7].id} zip ${list[7].postcode}`);
    expect(linkedTo(right, list[7].id)).to.equal(true);
    expect(joined(right)).to.contain(list[7].tracking);
  });

  it('a 20,000-character message of "1 1 1 ... a" is answered, cut to the channel limit, with a note', async function () {
    const chat = await webchat(app, '198.51.100.9');
    const long = '1 '.repeat(9_999) + 'a';
    const replies = await chat.say(long);
    expect(joined(replies)).to.match(/only read its first 4000 characters/);
    const huge = await chat.say('x'.repeat(90_000));
    expect(joined(huge)).to.match(/first 4000 characters/);
  });

  describe('two instances on one PostgreSQL database', function () {
    let second: Wismo | undefined;
    let secondStore: Store | undefined;
    before(async function () {
      await requireServer('postgres').call(this);
      if (db.backend !== 'postgres') return this.skip();
      // Its own pool on the same schema: nothing is shared but the database.
      secondStore = await openStore({ url: postgresUrl()!, dataDir: tempDir(), schemaName: db.schemaName, poolSize: 2 });
      second = await attackBot(secondStore, twilio, { VERIFY_CLIENT_MAX_FAILURES: '6' });
    });
    after(async () => {
      await second?.close();
      await secondStore?.close();
    });

    it('failures on either instance count together: the order locks across them', async function () {
      const [v] = await victims(1);
      const apps = [app, second!.app];
      for (let s = 0; s < 5; s++) {
        const chat = await webchat(apps[s % 2], `192.0.2.${200 + s}`);
        await chat.say(`order ${v.id} zip 0000${s}`, apps[s % 2]);
      }
      const last = await webchat(second!.app, '192.0.2.250');
      const right = await last.say(`order ${v.id} zip ${v.postcode}`, second!.app);
      expectNothingRevealed(v, right);
      expect(right.at(-1)!.wismo.handoff).to.equal(true);
    });
  });
});
