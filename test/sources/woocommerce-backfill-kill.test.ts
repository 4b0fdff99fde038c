import { expect } from 'chai';
import { startFakeWooRest, wooShopOrder } from '../helpers/fake-woocommerce-rest';
import { botProcess } from '../helpers/bot-process';
import { pgQuery, requireServer } from '../helpers/db';
import { waitFor } from '../helpers/twilio-test-kit';

const KEY = 'ck_kill_test_0123456789abcdef';
const SECRET = 'cs_kill_test_0123456789abcdef';
const ADMIN = 'backfill-admin-key-0123456789';
const ORDERS = 5000;

/** The bot as a real process, killed with SIGKILL in the middle of a WooCommerce backfill: started again, it carries on by itself at the stored page and imports every order. */
describe('sources: a WooCommerce backfill survives the process being killed', function () {
  this.timeout(300_000);
  before(requireServer('postgres'));
  let woo: Awaited<ReturnType<typeof startFakeWooRest>>;
  let bot: Awaited<ReturnType<typeof botProcess>>;

  before(async () => {
    const now = Date.now();
    const orders = Array.from({ length: ORDERS }, (_, i) => wooShopOrder(i, new Date(now - 20 * 86_400_000 + i * 60_000)));
    woo = await startFakeWooRest({ consumerKey: KEY, consumerSecret: SECRET, orders, rateLimitEvery: 9, delayMs: 20 });
    bot = await botProcess({
      ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: 'backfill-directline-secret-0123',
      WOOCOMMERCE_BASE_URL: woo.baseUrl, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET,
    });
  });
  after(async () => {
    await bot?.cleanup();
    await woo?.close();
  });

  const status = async () => JSON.parse((await bot.request('GET', '/api/v1/sources/woocommerce/backfill', undefined, { authorization: `Bearer ${ADMIN}` })).body);

  it('resumes after SIGKILL at the page after the stored one and finishes with every order once', async () => {
    await bot.start();
    const started = await bot.request('POST', '/api/v1/sources/woocommerce/backfill', JSON.stringify({ days: 30 }), { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' });
    expect(started.status).to.equal(202);
    await waitFor(() => woo.state.pages >= 15, 120_000, 'the backfill to be well under way');
    await bot.kill();
    const [cut] = await pgQuery<{ pages: number; cursor: string; finished_at: Date | null }>(`SELECT pages, cursor, finished_at FROM "${bot.schema}".source_backfills`);
    expect(cut.finished_at).to.equal(null);
    expect(cut.pages).to.be.within(10, 49);
    expect(cut.cursor).to.equal(String(cut.pages));
    const servedBeforeKill = woo.state.pagesServed.length;

    await bot.start();
    await waitFor(async () => (await status()).finishedAt, 240_000, 'the resumed backfill to finish');
    const done = await status();
    expect(done).to.deep.include({ orders: ORDERS, pages: 50 });
    const [{ count }] = await pgQuery<{ count: number }>(`SELECT count(*)::int AS count FROM "${bot.schema}".orders`);
    expect(count).to.equal(ORDERS);
    // The restarted process asked for the page after the stored one (at most the page in hand at the kill again), and went on from there.
    const resumedFrom = woo.state.pagesServed[servedBeforeKill];
    expect(resumedFrom).to.equal(cut.pages + 1);
    expect(woo.state.pagesServed.slice(servedBeforeKill)).to.deep.equal(Array.from({ length: 50 - cut.pages }, (_, i) => cut.pages + 1 + i));
    expect(woo.state.pages).to.be.within(50, 51);
  });
});
