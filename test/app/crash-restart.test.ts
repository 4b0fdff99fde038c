import crypto from 'node:crypto';
import { expect } from 'chai';
import { FakeTwilio } from '../helpers/fake-twilio';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai';
import { pgQuery as query, requireServer } from '../helpers/db';
import { botProcess } from '../helpers/bot-process';
import { PUBLIC_BASE_URL, testAccountSid, twimlMessages, waitFor } from '../helpers/twilio-test-kit';

/**
 * The bot as a real process on PostgreSQL, killed with SIGKILL in the middle of a turn (while
 * it waits for the model) and started again: Twilio's retry of the message is answered once,
 * after the claim of the dead process has expired, and not again after that.
 */
describe('app: a process killed mid-turn and restarted', function () {
  this.timeout(180_000);
  before(requireServer('postgres'));

  let twilio: FakeTwilio;
  let openai: FakeOpenAi;
  let bot: Awaited<ReturnType<typeof botProcess>>;

  before(async () => {
    twilio = await new FakeTwilio(testAccountSid(), 'crash-test-auth-token-0123').start();
    openai = await startFakeOpenAi();
    bot = await botProcess({
      ADMIN_API_KEY: 'crash-admin-key-0123456789', DIRECTLINE_SECRET: 'crash-directline-secret-0123', PUBLIC_BASE_URL,
      TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: twilio.baseUrl,
    });
  });
  after(async () => {
    await bot?.cleanup();
    await twilio?.stop();
    await openai?.close();
  });

  const sms = { MessageSid: `SM${crypto.randomBytes(16).toString('hex')}`, AccountSid: '', From: '+14155550177', To: '+15005550006', Body: 'blorp quux zzzt', NumMedia: '0' };

  it('the retry after the crash is answered exactly once', async () => {
    sms.AccountSid = twilio.accountSid;
    openai.script({ content: 'never delivered', delayMs: 60_000 });
    await bot.start({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl });

    // The turn waits for the model: kill the process right there.
    const inFlight = postSms().catch(() => 'connection lost');
    await waitFor(() => openai.requests.length > 0, 30_000, 'the turn to reach the model');
    await bot.kill();
    expect(await inFlight).to.equal('connection lost');

    const receipts = await query<{ completed_at: Date | null }>(`SELECT completed_at FROM "${bot.schema}".inbound_receipts WHERE message_id = $1`, [sms.MessageSid]);
    expect(receipts).to.have.length(1);
    expect(receipts[0].completed_at).to.equal(null);

    await bot.start();
    // Within the minute a retry finds the message in hand (a live process may still be answering it).
    expect(twimlMessages((await postSms()).body)).to.deep.equal([]);
    // The dead process's claim expires: the next retry is answered.
    await query(`UPDATE "${bot.schema}".inbound_receipts SET received_at = now() - interval '2 minutes' WHERE message_id = $1`, [sms.MessageSid]);
    const answered = await postSms();
    expect(answered.status).to.equal(200);
    expect(twimlMessages(answered.body)).to.have.length.greaterThan(0);
    // And only once.
    expect(twimlMessages((await postSms()).body)).to.deep.equal([]);
  });

  function postSms(): Promise<{ status: number; body: string }> {
    const form = new URLSearchParams(sms).toString();
    const signature = twilio.sign(`${PUBLIC_BASE_URL}/channels/twilio/sms`, sms);
    return bot.request('POST', '/channels/twilio/sms', form, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
  }
});
