import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import type { Logger } from '../../log/logger';
import type { Db } from '../../store/db';
import { RetryLater, SourceBackfill, type BackfillPage } from '../backfill';
import type { WooOrder } from './mapping';
import { WOOCOMMERCE, isWooOrder, type WooWebhooks } from './webhooks';

const PAGE_SIZE = 100;
/** A page that takes longer than this is a network error (tried again). */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Past orders through the WooCommerce REST API v3 (orders modified in the last N days) with
 * WooCommerce's official client: `GET /wp-json/wc/v3/orders?modified_after=&dates_are_gmt=true`,
 * 100 per page, page by page. Over https the client sends the consumer key and secret by HTTP
 * Basic auth, over plain http it signs each request with OAuth 1.0a (as WooCommerce requires).
 *
 * The page number is the cursor the shared runner (../backfill.ts) stores after each page, so a
 * backfill cut short resumes at the next page. Pages are sorted by order id, not by date
 * modified: an order modified while the backfill runs keeps its place (sorted by date modified
 * it would jump to the end and shift every later order one place back, so the order at the
 * next page's start would be skipped; its webhook brings the modified order anyway), and ids
 * never tie. A 429, a 5xx or a network error is tried again, after Retry-After when the answer
 * has one, with exponential backoff otherwise; any other refusal (a wrong or revoked key)
 * stops the backfill with WooCommerce's message in its status. Orders go through the webhooks'
 * mapping and versions (WooWebhooks.applyOrders): an older copy never replaces a newer
 * version a webhook brought.
 */
export function createWooBackfill(deps: {
  db: Db;
  webhooks: WooWebhooks;
  /** WOOCOMMERCE_BASE_URL: the shop's address (where /wp-json is). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}): SourceBackfill<WooOrder> {
  const api = new WooCommerceRestApi({
    url: deps.baseUrl, consumerKey: deps.consumerKey, consumerSecret: deps.consumerSecret, version: 'wc/v3', timeout: REQUEST_TIMEOUT_MS,
  });
  return new SourceBackfill(WOOCOMMERCE, {
    fetchPage: (cursor, since) => fetchPage(api, cursor ? Number(cursor) + 1 : 1, since),
    apply: (orders) => deps.webhooks.applyOrders(orders),
  }, deps);
}

/** What the client (axios) gives back, or throws with `response` for a 4xx/5xx. */
interface ClientResponse {
  status: number;
  headers: Record<string, string | undefined>;
  data: unknown;
}

/** One try at page `page` of the orders modified after `since`. */
async function fetchPage(api: WooCommerceRestApi, page: number, since: Date): Promise<BackfillPage<WooOrder>> {
  let res: ClientResponse;
  try {
    res = await api.get('orders', {
      // A GMT time without a zone, read as GMT (otherwise WooCommerce reads it in the shop's time zone).
      modified_after: since.toISOString().slice(0, 19), dates_are_gmt: 'true',
      orderby: 'id', order: 'asc', per_page: PAGE_SIZE, page,
    }) as ClientResponse;
  } catch (err) {
    const response = (err as { response?: ClientResponse }).response;
    if (!response) throw new RetryLater(`WooCommerce could not be reached: ${(err as Error).message}`);
    if (response.status === 429 || response.status >= 500) throw new RetryLater(`WooCommerce answered ${response.status}`, retryAfterMs(response.headers['retry-after']));
    throw new Error(`WooCommerce refused the request (${response.status}${wooError(response.data)}): check WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET (a key with read permission)`);
  }
  if (!Array.isArray(res.data)) throw new Error('WooCommerce answered without a list of orders: is WOOCOMMERCE_BASE_URL the shop (where /wp-json is)?');
  const orders = (res.data as WooOrder[]).filter(isWooOrder);
  const totalPages = Number(res.headers['x-wp-totalpages']);
  // X-WP-TotalPages as counted now (orders keep coming); a short page is the last one anyway.
  const hasNextPage = res.data.length === PAGE_SIZE && (!Number.isFinite(totalPages) || page < totalPages);
  return { orders, cursor: String(page), hasNextPage };
}

/** Retry-After: seconds, or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** ": code: message" of a WordPress REST error body. */
function wooError(data: unknown): string {
  const e = data as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return '';
  return `: ${e.code}${typeof e.message === 'string' ? `: ${e.message.slice(0, 200)}` : ''}`;
}
