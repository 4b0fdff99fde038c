import { expect } from 'chai';
import { startFakeShopifyGraphQL } from '../helpers/fake-shopify-graphql';
import { botProcess } from '../helpers/bot-process';
import { pgQuery, requireServer } from '../helpers/db';
import { waitFor } from '../helpers/twilio-test-kit';

const TOKEN = 'shpat_kill_test_token';
const ADMIN = 'backfill-admin-key-0123456789';
const ORDERS = 10_000;

/** The bot as a real process, killed with SIGKILL in the middle of a backfill: started again, it carries on by itself and imports every order. */
describe('sources: a Shopify backfill survives the process being killed', function () {
  this.timeout(300_000);
  before(requireServer('postgres'));
  let shopify: Awaited<ReturnType<typeof startFakeShopifyGraphQL>>;
  let bot: Awaited<ReturnType<typeof botProcess>>;

  before(async () => {
    shopify = await startFakeShopifyGraphQL({ token: TOKEN, orders: ORDERS, throttleEvery: 9 });
    bot = await botProcess({ ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: 'backfill-directline-secret-0123', SHOPIFY_ADMIN_TOKEN: TOKEN, SHOPIFY_API_BASE_URL: shopify.baseUrl });
  });
  after(async () => {
    await bot?.cleanup();
    await shopify?.close();
  });

  const status = async () => JSON.parse((await bot.request('GET', '/api/v1/sources/shopify/backfill', undefined, { authorization: `Bearer ${ADMIN}` })).body);

  it('resumes after SIGKILL from the stored cursor and finishes with every order once', async () => {
    await bot.start();
    const started = await bot.request('POST', '/api/v1/sources/shopify/backfill', JSON.stringify({ days: 60 }), { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' });
    expect(started.status).to.equal(202);
    await waitFor(() => shopify.state.pages >= 25, 120_000, 'the backfill to be well under way');
    await bot.kill();
    const [cut] = await pgQuery<{ pages: number; finished_at: Date | null }>(`SELECT pages, finished_at FROM "${bot.schema}".source_backfills`);
    expect(cut.finished_at).to.equal(null);
    expect(cut.pages).to.be.within(20, 99);

    await bot.start();
    await waitFor(async () => (await status()).finishedAt, 240_000, 'the resumed backfill to finish');
    const done = await status();
    expect(done).to.deep.include({ orders: ORDERS });
    const [{ count }] = await pgQuery<{ count: number }>(`SELECT count(*)::int AS count FROM "${bot.schema}".orders`);
    expect(count).to.equal(ORDERS);
    // At most the page in hand at the kill was asked for again.
    expect(shopify.state.pages).to.be.within(100, 101);
  });
});
