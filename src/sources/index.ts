import type { Db } from '../store/db';
import type { OrderService } from '../orders/service';
import { off, on, type FeatureStatus } from '../vocabulary';
import { SourceEventLog } from './event-log';
import { shopifySecrets } from './shopify/signature';
import { ShopifyWebhooks } from './shopify/webhooks';
import { ShopifyBackfill } from './shopify/backfill';
import { easyPostWebhooks } from './easypost/webhooks';
import { afterShipWebhooks } from './aftership/aftership';
import { shippoWebhooks } from './shippo/shippo';
import { WooWebhooks } from './woocommerce/webhooks';
import type { TrackingWebhooks } from './tracking-webhooks';
import { TrackingRegistration } from './registration';
import { easyPostRegistry } from './easypost/registry';
import { afterShipRegistry } from './aftership/registry';
import type { JobQueue } from '../queue';
import type { Logger } from '../log/logger';
import { TrackingUpdates } from './tracking';

export { SourceEventLog, type Applied, type SourceEvent } from './event-log';
export { SHOPIFY } from './shopify/webhooks';
export { verifyEasyPostHmac } from './easypost/signature';
export { EASYPOST, easyPostEventId, easyPostTopic } from './easypost/webhooks';
export { WOOCOMMERCE } from './woocommerce/webhooks';
export { verifyBase64Hmac } from './signature';
export { SHIPPO, shippoEventId, shippoTopic, verifyShippoToken } from './shippo/shippo';
export { AFTERSHIP, afterShipEventId, afterShipTopic } from './aftership/aftership';

/**
 * Data sources (contract §9): shop platforms and tracking providers that bring orders and
 * carrier events in. Each is off until its variables are set, and every change it makes goes
 * through the order service (so it reaches subscribers and the change feed like an ingest).
 */
export interface Sources {
  /** Shopify's webhooks, when SHOPIFY_WEBHOOK_SECRET is set. */
  shopify?: { webhooks: ShopifyWebhooks; secrets: string[] };
  /** Shopify's past orders through the Admin API, when SHOPIFY_ADMIN_TOKEN and the shop (or SHOPIFY_API_BASE_URL) are set. */
  shopifyBackfill?: ShopifyBackfill;
  /** EasyPost's tracker webhooks, when EASYPOST_WEBHOOK_SECRET is set. */
  easypost?: { webhooks: TrackingWebhooks; secret: string };
  /** WooCommerce's order webhooks, when WOOCOMMERCE_WEBHOOK_SECRET is set. */
  woocommerce?: { webhooks: WooWebhooks; secret: string };
  /** Shippo's tracking webhooks, when SHIPPO_WEBHOOK_TOKEN is set. */
  shippo?: { webhooks: TrackingWebhooks; token: string };
  /** AfterShip's tracking webhooks, when AFTERSHIP_WEBHOOK_SECRET is set. */
  aftership?: { webhooks: TrackingWebhooks; secret: string };
  /** Register new tracking numbers with EasyPost and AfterShip, for each whose API key is set (subscribe them to the order changes). */
  registrations: TrackingRegistration[];
  log: SourceEventLog;
  status(): Record<string, FeatureStatus>;
}

export function createSources(deps: {
  config: {
    SHOPIFY_WEBHOOK_SECRET?: string; SHOPIFY_SHOP_DOMAIN?: string; SHOPIFY_ADMIN_TOKEN?: string; SHOPIFY_API_BASE_URL?: string; EASYPOST_WEBHOOK_SECRET?: string; EASYPOST_API_KEY?: string; EASYPOST_API_BASE_URL?: string;
    AFTERSHIP_WEBHOOK_SECRET?: string; AFTERSHIP_API_KEY?: string; AFTERSHIP_API_BASE_URL?: string; WOOCOMMERCE_WEBHOOK_SECRET?: string; SHIPPO_WEBHOOK_TOKEN?: string;
  };
  orders: OrderService;
  db: Db;
  queue: JobQueue;
  logger: Logger;
}): Sources {
  const log = new SourceEventLog(deps.db);
  const updates = new TrackingUpdates(deps.orders);
  const easypostSecret = deps.config.EASYPOST_WEBHOOK_SECRET;
  const easypost = easypostSecret ? { webhooks: easyPostWebhooks({ updates, log }), secret: easypostSecret } : undefined;
  const registries = [
    ...(deps.config.EASYPOST_API_KEY ? [easyPostRegistry(deps.config.EASYPOST_API_KEY, deps.config.EASYPOST_API_BASE_URL)] : []),
    ...(deps.config.AFTERSHIP_API_KEY ? [afterShipRegistry(deps.config.AFTERSHIP_API_KEY, deps.config.AFTERSHIP_API_BASE_URL)] : []),
  ];
  const registrations = registries.map((registry) => new TrackingRegistration({ registry, orders: deps.orders.repository, log, queue: deps.queue, logger: deps.logger }));
  const wooSecret = deps.config.WOOCOMMERCE_WEBHOOK_SECRET;
  const woocommerce = wooSecret ? { webhooks: new WooWebhooks({ orders: deps.orders, log }), secret: wooSecret } : undefined;
  const shippoToken = deps.config.SHIPPO_WEBHOOK_TOKEN;
  const shippo = shippoToken ? { webhooks: shippoWebhooks({ updates, log }), token: shippoToken } : undefined;
  const aftershipSecret = deps.config.AFTERSHIP_WEBHOOK_SECRET;
  const aftership = aftershipSecret ? { webhooks: afterShipWebhooks({ updates, log }), secret: aftershipSecret } : undefined;
  const secrets = shopifySecrets(deps.config.SHOPIFY_WEBHOOK_SECRET);
  const shopifyWebhooks = new ShopifyWebhooks({ orders: deps.orders, log });
  const shopify = secrets.length > 0 ? { webhooks: shopifyWebhooks, secrets } : undefined;
  const { SHOPIFY_ADMIN_TOKEN: token, SHOPIFY_SHOP_DOMAIN: domain, SHOPIFY_API_BASE_URL: apiBase } = deps.config;
  const shopifyBackfill = token && (apiBase || domain)
    ? new ShopifyBackfill({ db: deps.db, webhooks: shopifyWebhooks, apiBaseUrl: apiBase ?? `https://${domain}/admin/api`, token, logger: deps.logger })
    : undefined;
  return {
    shopify,
    shopifyBackfill,
    easypost,
    aftership,
    woocommerce,
    shippo,
    registrations,
    log,
    status: () => withActivity(log, {
      'source shopify': shopify
        ? on(`webhooks at /sources/shopify/webhooks${deps.config.SHOPIFY_SHOP_DOMAIN ? ` for ${deps.config.SHOPIFY_SHOP_DOMAIN}` : ''}`)
        : off('SHOPIFY_WEBHOOK_SECRET unset'),
      'source shopify backfill': shopifyBackfill ? on('POST /api/v1/sources/shopify/backfill') : off('SHOPIFY_ADMIN_TOKEN (or the shop) unset'),
      'source woocommerce': woocommerce ? on('webhooks at /sources/woocommerce/webhooks') : off('WOOCOMMERCE_WEBHOOK_SECRET unset'),
      'source easypost': easypost ? on('webhooks at /sources/easypost/webhooks') : off('EASYPOST_WEBHOOK_SECRET unset'),
      'source tracking registration': registrations.length > 0
        ? on(`new tracking numbers are registered with ${registries.map((r) => r.name).join(' and ')} (${deps.queue.available ? 'BullMQ retries' : 'in process, no queue'})`)
        : off('EASYPOST_API_KEY and AFTERSHIP_API_KEY unset'),
      'source shippo': shippo ? on('webhooks at /sources/shippo/webhooks?token=...') : off('SHIPPO_WEBHOOK_TOKEN unset'),
      'source aftership': aftership ? on('webhooks at /sources/aftership/webhooks') : off('AFTERSHIP_WEBHOOK_SECRET unset'),
    }),
  };
}

/** Each source's status with what this instance last received from it (and how many events it rejected). */
function withActivity(log: SourceEventLog, status: Record<string, FeatureStatus>): Record<string, FeatureStatus> {
  return Object.fromEntries(Object.entries(status).map(([name, st]) => {
    const seen = st.on ? log.lastSeen(name.replace(/^source /, '')) : undefined;
    if (!seen) return [name, st];
    return [name, { ...st, why: `${st.why}; last event ${seen.at.toISOString()} (${seen.outcome})${seen.rejected ? `, ${seen.rejected} rejected since start` : ''}` }];
  }));
}
