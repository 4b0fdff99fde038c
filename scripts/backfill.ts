/**
 * `npm run backfill -- shopify [--days 30]`: imports the shop's past orders through its Admin
 * API into the configured store (SHOPIFY_ADMIN_TOKEN, SHOPIFY_SHOP_DOMAIN or
 * SHOPIFY_API_BASE_URL), waits for the end and prints where it stands. An unfinished backfill
 * (a crash, Ctrl-C) resumes where it stopped; the same is `POST /api/v1/sources/shopify/backfill`
 * on a running bot.
 */
import { createLogger } from '../src/log/logger';
import { OrderRepository } from '../src/orders/repository';
import { OrderService } from '../src/orders/service';
import { JobQueue } from '../src/queue';
import { createSources } from '../src/sources';
import { runWithStore } from './with-store';

runWithStore('backfill', async (store, config) => {
  const [source, ...rest] = process.argv.slice(2);
  const daysAt = rest.indexOf('--days');
  const days = daysAt >= 0 ? Number(rest[daysAt + 1]) : 30;
  if (source !== 'shopify' || !Number.isInteger(days) || days < 1) {
    console.error('usage: npm run backfill -- shopify [--days 30]');
    return 2;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const orders = new OrderService(new OrderRepository(store.db));
  const sources = createSources({ config, orders, db: store.db, queue: JobQueue.disabled(logger), logger });
  if (!sources.shopifyBackfill) {
    console.error('set SHOPIFY_ADMIN_TOKEN and SHOPIFY_SHOP_DOMAIN (or SHOPIFY_API_BASE_URL) first');
    return 1;
  }
  const { resumed } = await sources.shopifyBackfill.start(days);
  console.log(resumed ? 'resuming the unfinished backfill' : `importing orders updated in the last ${days} days`);
  await sources.shopifyBackfill.idle();
  const status = await sources.shopifyBackfill.status();
  console.log(JSON.stringify(status, null, 2));
  return status?.finishedAt ? 0 : 1;
});
