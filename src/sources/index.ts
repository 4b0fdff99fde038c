import type { Db } from '../store/db';
import type { OrderService } from '../orders/service';
import { off, on, type FeatureStatus } from '../vocabulary';
import { SourceEventLog } from './event-log';
import { shopifySecrets } from './shopify/signature';
import { SHOPIFY, ShopifyWebhooks } from './shopify/webhooks';
import { createShopifyBackfill } from './shopify/backfill';
import { createWooBackfill } from './woocommerce/backfill';
import type { Backfill } from './backfill';
import { EASYPOST, easyPostWebhooks } from './easypost/webhooks';
import { AFTERSHIP, afterShipWebhooks } from './aftership/aftership';
import { SHIPPO, shippoWebhooks } from './shippo/shippo';
import { WOOCOMMERCE, WooWebhooks } from './woocommerce/webhooks';
import type { TrackingWebhooks } from './tracking-webhooks';
import { TrackingRegistration } from './registration';
import { SEVENTEENTRACK, seventeenTrackWebhooks } from './seventeentrack/seventeentrack';
import { seventeenTrackRegistry } from './seventeentrack/registry';
import type { JobQueue } from '../queue';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import { TrackingUpdates } from './tracking';
import { TrackingWatch } from './tracking-watch';
import { WebhookIntake, type WebhookHandler } from './webhook-intake';
import type { Knowledge } from '../knowledge/schema';

export { SourceEventLog, type Applied, type SourceEvent } from './event-log';
export type { Backfill, BackfillStatus } from './backfill';
export { SHOPIFY } from './shopify/webhooks';
export { verifyEasyPostHmac } from './easypost/signature';
export { EASYPOST, easyPostEventId, easyPostTopic } from './easypost/webhooks';
export { WOOCOMMERCE } from './woocommerce/webhooks';
export { verifyBase64Hmac } from './signature';
export { SHIPPO, shippoEventId, shippoTopic, verifyShippoToken } from './shippo/shippo';
export { AFTERSHIP, afterShipEventId, afterShipTopic } from './aftership/aftership';
export { SEVENTEENTRACK, seventeenTrackEventId, seventeenTrackTopic, verifySeventeenTrackSign } from './seventeentrack/seventeentrack';

/**
 * Data sources (contract §9): shop platforms and tracking providers that bring orders and
 * carrier events in. Each is off until its variables are set, and every change it makes goes
 * through the order service (so it reaches subscribers and the change feed like an ingest).
 */
export interface Sources {
  /** Shopify's webhooks, when SHOPIFY_WEBHOOK_SECRET is set. */
  shopify?: { webhooks: ShopifyWebhooks; secrets: string[] };
  /** Shopify's past orders through the Admin API, when SHOPIFY_ADMIN_TOKEN and the shop (or SHOPIFY_API_BASE_URL) are set. */
  shopifyBackfill?: Backfill;
  /** WooCommerce's past orders through the REST API, when WOOCOMMERCE_BASE_URL, WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET are set. */
  woocommerceBackfill?: Backfill;
  /** The backfills that are on, by source name (the admin API's /api/v1/sources/:name/backfill). */
  backfills: ReadonlyMap<string, Backfill>;
  /** EasyPost's tracker webhooks, when EASYPOST_WEBHOOK_SECRET is set. */
  easypost?: { webhooks: TrackingWebhooks; secret: string };
  /** WooCommerce's order webhooks, when WOOCOMMERCE_WEBHOOK_SECRET is set. */
  woocommerce?: { webhooks: WooWebhooks; secret: string };
  /** Shippo's tracking webhooks, when SHIPPO_WEBHOOK_TOKEN is set. */
  shippo?: { webhooks: TrackingWebhooks; token: string };
  /** AfterShip's tracking webhooks, when AFTERSHIP_WEBHOOK_SECRET is set. */
  aftership?: { webhooks: TrackingWebhooks; secret: string };
  /** 17TRACK's tracking webhooks, when SEVENTEENTRACK_WEBHOOK_KEY or SEVENTEENTRACK_API_KEY (the key of its `sign`) is set. */
  seventeentrack?: { webhooks: TrackingWebhooks; key: string };
  /** Register new tracking numbers with EasyPost, AfterShip, 17TRACK and Shippo, for each whose API key or token is set (subscribe them to the order changes). */
  registrations: TrackingRegistration[];
  /** The polling fallback and the stale flags of shipments not delivered yet, when asked for (the app puts it on the schedule). */
  watch?: TrackingWatch;
  /** Signed webhook events go here: on BullMQ with Redis (answered at once), applied inline without. */
  intake: WebhookIntake;
  log: SourceEventLog;
  status(): Record<string, FeatureStatus>;
}

export function createSources(deps: {
  config: {
    SHOPIFY_WEBHOOK_SECRET?: string; SHOPIFY_SHOP_DOMAIN?: string; SHOPIFY_ADMIN_TOKEN?: string; SHOPIFY_API_BASE_URL?: string; EASYPOST_WEBHOOK_SECRET?: string; EASYPOST_API_KEY?: string; EASYPOST_API_BASE_URL?: string;
    AFTERSHIP_WEBHOOK_SECRET?: string; AFTERSHIP_API_KEY?: string; AFTERSHIP_API_BASE_URL?: string; WOOCOMMERCE_WEBHOOK_SECRET?: string; SHIPPO_WEBHOOK_TOKEN?: string; SHIPPO_API_TOKEN?: string; SHIPPO_API_BASE_URL?: string;
    WOOCOMMERCE_BASE_URL?: string; WOOCOMMERCE_CONSUMER_KEY?: string; WOOCOMMERCE_CONSUMER_SECRET?: string;
    SEVENTEENTRACK_API_KEY?: string; SEVENTEENTRACK_WEBHOOK_KEY?: string; SEVENTEENTRACK_API_BASE_URL?: string;
    TRACKING_POLL_AFTER_HOURS: number; TRACKING_WATCH_EVERY_MINUTES: number;
  };
  /** What the tracking watch needs (a command that only imports orders passes none). */
  watch?: { knowledge: () => Knowledge; timeZone: string };
  orders: OrderService;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  /** Counts the webhook events' outcomes (src/metrics). */
  metrics?: Metrics;
}): Sources {
  const log = new SourceEventLog(deps.db, deps.metrics);
  const updates = new TrackingUpdates(deps.orders);
  const easypostSecret = deps.config.EASYPOST_WEBHOOK_SECRET;
  const easypost = easypostSecret ? { webhooks: easyPostWebhooks({ updates, log }), secret: easypostSecret } : undefined;
  const registries = [
    // The providers' SDKs are loaded only when configured (Shippo's alone is 0.25 s of a start).
    ...(deps.config.EASYPOST_API_KEY ? [(require('./easypost/registry') as typeof import('./easypost/registry')).easyPostRegistry(deps.config.EASYPOST_API_KEY, deps.config.EASYPOST_API_BASE_URL)] : []),
    ...(deps.config.AFTERSHIP_API_KEY ? [(require('./aftership/registry') as typeof import('./aftership/registry')).afterShipRegistry(deps.config.AFTERSHIP_API_KEY, deps.config.AFTERSHIP_API_BASE_URL)] : []),
    ...(deps.config.SEVENTEENTRACK_API_KEY ? [seventeenTrackRegistry(deps.config.SEVENTEENTRACK_API_KEY, deps.config.SEVENTEENTRACK_API_BASE_URL)] : []),
    ...(deps.config.SHIPPO_API_TOKEN ? [(require('./shippo/registry') as typeof import('./shippo/registry')).shippoRegistry(deps.config.SHIPPO_API_TOKEN, deps.config.SHIPPO_API_BASE_URL)] : []),
  ];
  const registrations = registries.map((registry) => new TrackingRegistration({ registry, orders: deps.orders.repository, log, queue: deps.queue, logger: deps.logger }));
  const watch = deps.watch && new TrackingWatch({
    db: deps.db, registries, updates, ...deps.watch, logger: deps.logger,
    settings: { pollAfterMs: deps.config.TRACKING_POLL_AFTER_HOURS * 3_600_000 },
  });
  const wooSecret = deps.config.WOOCOMMERCE_WEBHOOK_SECRET;
  const wooWebhooks = new WooWebhooks({ orders: deps.orders, log });
  const woocommerce = wooSecret ? { webhooks: wooWebhooks, secret: wooSecret } : undefined;
  const { WOOCOMMERCE_BASE_URL: wooUrl, WOOCOMMERCE_CONSUMER_KEY: consumerKey, WOOCOMMERCE_CONSUMER_SECRET: consumerSecret } = deps.config;
  const woocommerceBackfill = wooUrl && consumerKey && consumerSecret
    ? createWooBackfill({ db: deps.db, webhooks: wooWebhooks, baseUrl: wooUrl, consumerKey, consumerSecret, logger: deps.logger })
    : undefined;
  const shippoToken = deps.config.SHIPPO_WEBHOOK_TOKEN;
  const shippo = shippoToken ? { webhooks: shippoWebhooks({ updates, log }), token: shippoToken } : undefined;
  const aftershipSecret = deps.config.AFTERSHIP_WEBHOOK_SECRET;
  const aftership = aftershipSecret ? { webhooks: afterShipWebhooks({ updates, log }), secret: aftershipSecret } : undefined;
  const seventeenTrackKey = deps.config.SEVENTEENTRACK_WEBHOOK_KEY ?? deps.config.SEVENTEENTRACK_API_KEY;
  const seventeentrack = seventeenTrackKey ? { webhooks: seventeenTrackWebhooks({ updates, log }), key: seventeenTrackKey } : undefined;
  const secrets = shopifySecrets(deps.config.SHOPIFY_WEBHOOK_SECRET);
  const shopifyWebhooks = new ShopifyWebhooks({ orders: deps.orders, log });
  const shopify = secrets.length > 0 ? { webhooks: shopifyWebhooks, secrets } : undefined;
  const { SHOPIFY_ADMIN_TOKEN: token, SHOPIFY_SHOP_DOMAIN: domain, SHOPIFY_API_BASE_URL: apiBase } = deps.config;
  const shopifyBackfill = token && (apiBase || domain)
    ? createShopifyBackfill({ db: deps.db, webhooks: shopifyWebhooks, apiBaseUrl: apiBase ?? `https://${domain}/admin/api`, token, logger: deps.logger })
    : undefined;
  const handlers: Record<string, WebhookHandler | undefined> = {
    [SHOPIFY]: shopify?.webhooks, [WOOCOMMERCE]: woocommerce?.webhooks, [EASYPOST]: easypost?.webhooks,
    [AFTERSHIP]: aftership?.webhooks, [SHIPPO]: shippo?.webhooks, [SEVENTEENTRACK]: seventeentrack?.webhooks,
  };
  const intake = new WebhookIntake({ queue: deps.queue, logger: deps.logger, handler: (name) => handlers[name] });
  return {
    shopify,
    shopifyBackfill,
    woocommerceBackfill,
    backfills: new Map(([[SHOPIFY, shopifyBackfill], [WOOCOMMERCE, woocommerceBackfill]] as const).flatMap(([name, b]) => (b ? [[name, b] as const] : []))),
    easypost,
    aftership,
    seventeentrack,
    woocommerce,
    shippo,
    registrations,
    watch,
    intake,
    log,
    status: () => withActivity(log, {
      'source shopify': shopify
        ? on(`webhooks at /sources/shopify/webhooks${deps.config.SHOPIFY_SHOP_DOMAIN ? ` for ${deps.config.SHOPIFY_SHOP_DOMAIN}` : ''}`)
        : off('SHOPIFY_WEBHOOK_SECRET unset'),
      'source shopify backfill': shopifyBackfill ? on('POST /api/v1/sources/shopify/backfill') : off('SHOPIFY_ADMIN_TOKEN (or the shop) unset'),
      'source woocommerce': woocommerce ? on('webhooks at /sources/woocommerce/webhooks') : off('WOOCOMMERCE_WEBHOOK_SECRET unset'),
      'source woocommerce backfill': woocommerceBackfill
        ? on('POST /api/v1/sources/woocommerce/backfill')
        : off('WOOCOMMERCE_BASE_URL, WOOCOMMERCE_CONSUMER_KEY or WOOCOMMERCE_CONSUMER_SECRET unset'),
      'source easypost': easypost ? on('webhooks at /sources/easypost/webhooks') : off('EASYPOST_WEBHOOK_SECRET unset'),
      'source tracking registration': registrations.length > 0
        ? on(`new tracking numbers are registered with ${registries.map((r) => r.name).join(' and ')} (${deps.queue.available ? 'BullMQ retries' : 'in process, no queue'})`)
        : off('EASYPOST_API_KEY, AFTERSHIP_API_KEY, SEVENTEENTRACK_API_KEY and SHIPPO_API_TOKEN unset'),
      'source shippo': shippo ? on('webhooks at /sources/shippo/webhooks?token=...') : off('SHIPPO_WEBHOOK_TOKEN unset'),
      'source aftership': aftership ? on('webhooks at /sources/aftership/webhooks') : off('AFTERSHIP_WEBHOOK_SECRET unset'),
      ...(watch && { 'tracking watch': on(`every ${deps.config.TRACKING_WATCH_EVERY_MINUTES} min (${deps.queue.available ? 'BullMQ job scheduler' : 'a timer in this process'}): stale shipments flagged; `
        + (watch.pollers.length > 0 ? `shipments quiet for ${deps.config.TRACKING_POLL_AFTER_HOURS} h polled at ${watch.pollers.join(' and ')}` : 'no polling (no tracking provider API key)')) }),
      'source 17track': seventeentrack ? on('webhooks at /sources/17track/webhooks') : off('SEVENTEENTRACK_API_KEY (or SEVENTEENTRACK_WEBHOOK_KEY) unset'),
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
