/**
 * `npm run backfill -- shopify [days]` or `npm run backfill -- woocommerce [days]` (or
 * `--days 30`; default 30): imports the shop's past orders through its API into the configured
 * store (Shopify: SHOPIFY_ADMIN_TOKEN and SHOPIFY_SHOP_DOMAIN or SHOPIFY_API_BASE_URL;
 * WooCommerce: WOOCOMMERCE_BASE_URL, WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET),
 * waits for the end and prints where it stands. An unfinished backfill (a crash, Ctrl-C) resumes
 * where it stopped; the same is `POST /api/v1/sources/<shopify|woocommerce>/backfill` on a running bot.
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
  const typed = daysAt >= 0 ? rest[daysAt + 1] : rest[0];
  const days = typed === undefined ? 30 : Number(typed);
  const needs: Record<string, string> = {
    shopify: 'SHOPIFY_ADMIN_TOKEN and SHOPIFY_SHOP_DOMAIN (or SHOPIFY_API_BASE_URL)',
    woocommerce: 'WOOCOMMERCE_BASE_URL, WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET',
  };
  if (!source || !Object.hasOwn(needs, source) || !Number.isInteger(days) || days < 1) {
    console.error('usage: npm run backfill -- shopify|woocommerce [days] (default 30; or --days 30)');
    return 2;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const orders = new OrderService(new OrderRepository(store.db));
  const sources = createSources({ config, orders, db: store.db, queue: JobQueue.disabled(logger), logger });
  const backfill = sources.backfills.get(source);
  if (!backfill) {
    console.error(`set ${needs[source]} first`);
    return 1;
  }
  const { resumed } = await backfill.start(days);
  console.log(resumed ? 'resuming the unfinished backfill' : `importing orders updated in the last ${days} days`);
  await backfill.idle();
  const status = await backfill.status();
  console.log(JSON.stringify(status, null, 2));
  return status?.finishedAt ? 0 : 1;
});
