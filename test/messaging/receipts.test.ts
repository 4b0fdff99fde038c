import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { InboundReceipts, RECLAIM_AFTER_MS } from '../../src/messaging/receipts';
import { ContactBook } from '../../src/messaging/contacts';
import { createApp } from '../../src/http/app';
import { JobQueue } from '../../src/queue';
import { createTwilioChannel } from '../../channels/twilio';
import { openTestStore, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { openWismoHarness, sampleOrder, type WismoHarness } from '../helpers/wismo-harness';
import { postSigned, testAccountSid, twilioConfig, twimlMessages } from '../helpers/twilio-test-kit';

/**
 * A webhook receipt counts once its message is answered: a process that dies mid-turn leaves
 * a claim that is taken again after RECLAIM_AFTER_MS, so the provider's retry is answered
 * exactly once; a failed turn releases its claim at once.
 */
describe('messaging: receipts that survive a crash mid-turn', function () {
  let t: TestStore;
  let receipts: InboundReceipts;
  const ago = (ms: number) => new Date(Date.now() - ms);

  before(async () => {
    t = await openTestStore();
    receipts = new InboundReceipts(t.store.db);
  });
  after(() => t?.cleanup());

  it('a message in hand or answered is not taken twice', async () => {
    expect(await receipts.claim('test', 'm1')).to.equal('new');
    expect(await receipts.claim('test', 'm1')).to.equal(false);
    await receipts.complete('test', 'm1');
    expect(await receipts.claim('test', 'm1', new Date(Date.now() + 10 * RECLAIM_AFTER_MS))).to.equal(false);
  });

  it('a claim never completed (the process died) is taken again once it is older than the reclaim time', async () => {
    expect(await receipts.claim('test', 'm2', ago(RECLAIM_AFTER_MS + 1000))).to.equal('new');
    // Taken again: the message may have been stored by the process that died.
    expect(await receipts.claim('test', 'm2')).to.equal('retaken');
    expect(await receipts.claim('test', 'm2')).to.equal(false);
  });

  it('a claim made with the contact\'s inbound record: one statement says whether it is new and whether the address said STOP', async () => {
    const contacts = new ContactBook(t.store.db);
    const at = new Date();
    expect(await receipts.claimWith('test', 'm4', contacts.inboundRecord('sms', '+15550001', at), at)).to.deep.equal({ claimed: 'new', optedOut: false });
    expect((await contacts.get('sms', '+15550001'))?.lastInboundAt?.toISOString()).to.equal(at.toISOString());
    expect(await receipts.claimWith('test', 'm4', contacts.inboundRecord('sms', '+15550001'))).to.deep.equal({ claimed: false, optedOut: false });
    await contacts.setOptedOut('sms', '+15550001', true);
    expect(await receipts.claimWith('test', 'm5', contacts.inboundRecord('sms', '+15550001'))).to.deep.equal({ claimed: 'new', optedOut: true });
    expect(await receipts.claimWith('test', 'm6', contacts.inboundRecord('sms', '+15550002'), ago(RECLAIM_AFTER_MS + 1000))).to.deep.equal({ claimed: 'new', optedOut: false });
    expect((await receipts.claimWith('test', 'm6', contacts.inboundRecord('sms', '+15550002'))).claimed).to.equal('retaken');
  });

  it('a failed turn releases its claim', async () => {
    expect(await receipts.claim('test', 'm3')).to.equal('new');
    await receipts.release('test', 'm3');
    expect(await receipts.claim('test', 'm3')).to.equal('new');
  });

  describe('Twilio: the retry after a crash mid-turn is answered', function () {
    let h: WismoHarness;
    let fake: FakeTwilio;
    let app: Express;

    before(async function () {
      this.timeout(60_000);
      h = await openWismoHarness();
      await h.orders.upsert([sampleOrder()]);
      fake = await new FakeTwilio(testAccountSid(), 'test-auth-token-crash-0123').start();
      const channel = createTwilioChannel({ config: twilioConfig(fake), bot: h.bot, logger: h.logger, queue: JobQueue.disabled(h.logger), messaging: h.messaging });
      app = createApp({ logger: h.logger, routers: [channel.router!] });
    });
    after(async () => {
      await fake?.stop();
      await h?.close();
    });

    it('answers the retry of a message a dead process had claimed, and only once', async () => {
      const params = fake.inbound({ From: '+15125550101', Body: 'where is my order?', To: '+15005550006' });
      // What a process killed mid-turn leaves behind: a claim, never completed, over a minute old.
      await h.store.db.execute(sql`INSERT INTO inbound_receipts (provider, message_id, received_at) VALUES ('twilio', ${params.MessageSid}, ${ago(RECLAIM_AFTER_MS + 5000).toISOString()})`);
      const retry = await postSigned(app, fake, '/channels/twilio/sms', params).expect(200);
      expect(twimlMessages(retry.text).join('\n')).to.contain('1Z999AA10123456784');
      const again = await postSigned(app, fake, '/channels/twilio/sms', params).expect(200);
      expect(twimlMessages(again.text)).to.have.length(0);
    });
  });
});
