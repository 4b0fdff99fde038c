import { withoutTrailingSlashes } from '../url';
import { createAdminApiClient, type AdminApiClient } from '@shopify/admin-api-client';
import type { Logger } from '../../log/logger';
import type { Db } from '../../store/db';
import { RetryLater, SourceBackfill, type BackfillPage } from '../backfill';
import type { ShopifyFulfillment, ShopifyOrder } from './mapping';
import { SHOPIFY, type ShopifyWebhooks } from './webhooks';

export const SHOPIFY_API_VERSION = '2026-10';
const PAGE_SIZE = 100;

const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      legacyResourceId name createdAt updatedAt cancelledAt email phone customerLocale
      customer { firstName lastName email phone }
      shippingAddress { firstName lastName address1 address2 city provinceCode countryCodeV2 zip phone }
      shippingLine { title }
      totalPriceSet { shopMoney { amount currencyCode } }
      lineItems(first: 100) { nodes { id sku title variantTitle quantity } }
      fulfillments(first: 20) {
        legacyResourceId status updatedAt displayStatus
        trackingInfo(first: 1) { company number url }
        fulfillmentLineItems(first: 100) { nodes { quantity lineItem { id sku } } }
      }
    }
  }
}`;

/**
 * Past orders through the GraphQL Admin API (orders updated in the last N days), page by
 * page with cursor pagination, within Shopify's cost-based rate limit: a throttled page waits
 * as long as the bucket needs to refill, a failed one is retried with backoff. The shared
 * runner (../backfill.ts) stores the cursor after each page, so a backfill cut short (the
 * process killed) resumes where it was. Orders go through the same mapping and order service
 * as webhooks, and never overwrite a newer version a webhook brought.
 */
export function createShopifyBackfill(deps: {
  db: Db;
  webhooks: ShopifyWebhooks;
  /** SHOPIFY_API_BASE_URL, or https://<SHOPIFY_SHOP_DOMAIN>/admin/api. */
  apiBaseUrl: string;
  token: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}): SourceBackfill<ShopifyOrder> {
  const client = shopifyClient(deps.apiBaseUrl, deps.token);
  return new SourceBackfill(SHOPIFY, {
    fetchPage: (after, since) => fetchPage(client, after, `updated_at:>='${since.toISOString()}'`),
    apply: (orders) => deps.webhooks.applyOrders(orders),
  }, deps);
}

/**
 * Shopify's official Admin API client (`@shopify/admin-api-client`), its own retries off (the
 * backfill's are the cost-aware ones). It builds https://<shop>/admin/api/<version>/graphql.json;
 * the request goes to the same path under SHOPIFY_API_BASE_URL when that is set (a proxy, a test's fake).
 */
function shopifyClient(apiBaseUrl: string, token: string): AdminApiClient {
  const base = withoutTrailingSlashes(apiBaseUrl);
  return createAdminApiClient({
    storeDomain: new URL(base).host,
    apiVersion: SHOPIFY_API_VERSION,
    accessToken: token,
    retries: 0,
    customFetchApi: (_url, init) => fetch(`${base}/${SHOPIFY_API_VERSION}/graphql.json`, init),
  });
}

/** One try at a page: THROTTLED waits out the cost-based throttle, a 429, a 5xx or a network error is tried again. */
async function fetchPage(client: AdminApiClient, after: string | null, query: string): Promise<BackfillPage<ShopifyOrder>> {
  let res: Awaited<ReturnType<AdminApiClient['request']>>;
  try {
    res = await client.request(ORDERS_QUERY, { variables: { first: PAGE_SIZE, after, query } });
  } catch (err) {
    throw new RetryLater(`Shopify could not be reached: ${(err as Error).message}`);
  }
  const errors = res.errors;
  const status = errors?.networkStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) throw new RetryLater(`Shopify answered ${status}`);
  if (status !== undefined && status >= 400) throw new Error(`Shopify refused the query (${status}): check SHOPIFY_ADMIN_TOKEN and its read_orders scope`);
  const graphQLErrors = errors?.graphQLErrors ?? [];
  // Throttling is expected: it is not a failure.
  if (graphQLErrors.some((e) => (e.extensions as { code?: string } | undefined)?.code === 'THROTTLED')) {
    throw new RetryLater('Shopify throttled the query', waitForCost(res.extensions as GraphQLResponse['extensions']), false);
  }
  if (graphQLErrors.length > 0) throw new Error(`Shopify GraphQL error: ${graphQLErrors.map((e) => e.message).join('; ').slice(0, 300)}`);
  // No status and no GraphQL error: the request itself failed (network, an answer that is not JSON).
  if (errors) throw new RetryLater(`Shopify could not be reached: ${errors.message ?? 'no answer'}`);
  const orders = (res.data as GraphQLResponse['data'])?.orders;
  if (!orders) throw new Error('Shopify answered without orders');
  return { orders: orders.nodes.map(restShapeOf), cursor: orders.pageInfo.endCursor, hasNextPage: orders.pageInfo.hasNextPage };
}

interface GraphQLResponse {
  data?: { orders?: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphQLOrder[] } };
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } };
}

/** How long until the bucket holds the query's cost again (Shopify's leaky bucket). */
function waitForCost(extensions: GraphQLResponse['extensions']): number {
  const cost = extensions?.cost;
  const needed = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
  const rate = cost?.throttleStatus?.restoreRate || 50;
  return Math.max(100, Math.ceil((needed / rate) * 1000));
}

interface GraphQLOrder {
  legacyResourceId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  email: string | null;
  phone: string | null;
  customerLocale: string | null;
  customer: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  shippingAddress: { firstName: string | null; lastName: string | null; address1: string | null; address2: string | null; city: string | null; provinceCode: string | null; countryCodeV2: string | null; zip: string | null; phone: string | null } | null;
  shippingLine: { title: string | null } | null;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } } | null;
  lineItems: { nodes: { id: string; sku: string | null; title: string | null; variantTitle: string | null; quantity: number }[] };
  fulfillments: {
    legacyResourceId: string; status: string; updatedAt: string; displayStatus: string | null;
    trackingInfo: { company: string | null; number: string | null; url: string | null }[];
    fulfillmentLineItems: { nodes: { quantity: number; lineItem: { id: string; sku: string | null } }[] };
  }[];
}

/** "gid://shopify/LineItem/123" -> 123. */
const gidNumber = (gid: string) => Number(gid.split('/').pop());

/** A GraphQL order in the REST shape the webhooks' mapping reads (formats.md §5). */
function restShapeOf(o: GraphQLOrder): ShopifyOrder {
  const a = o.shippingAddress;
  return {
    id: Number(o.legacyResourceId),
    name: o.name,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    cancelled_at: o.cancelledAt,
    email: o.email,
    phone: o.phone,
    customer_locale: o.customerLocale,
    customer: o.customer ? { first_name: o.customer.firstName, last_name: o.customer.lastName, email: o.customer.email, phone: o.customer.phone } : null,
    shipping_address: a ? { first_name: a.firstName, last_name: a.lastName, address1: a.address1, address2: a.address2, city: a.city, province_code: a.provinceCode, country_code: a.countryCodeV2, zip: a.zip, phone: a.phone } : null,
    shipping_lines: o.shippingLine?.title ? [{ title: o.shippingLine.title }] : [],
    total_price: o.totalPriceSet?.shopMoney.amount ?? null,
    currency: o.totalPriceSet?.shopMoney.currencyCode ?? null,
    line_items: o.lineItems.nodes.map((li) => ({ id: gidNumber(li.id), sku: li.sku, title: li.title, variant_title: li.variantTitle, quantity: li.quantity })),
    fulfillments: o.fulfillments.map((f): ShopifyFulfillment => ({
      id: Number(f.legacyResourceId),
      status: f.status.toLowerCase(),
      tracking_company: f.trackingInfo[0]?.company ?? null,
      tracking_number: f.trackingInfo[0]?.number ?? null,
      tracking_url: f.trackingInfo[0]?.url ?? null,
      shipment_status: f.displayStatus ? f.displayStatus.toLowerCase() : null,
      line_items: f.fulfillmentLineItems.nodes.map((n) => ({ id: gidNumber(n.lineItem.id), sku: n.lineItem.sku, quantity: n.quantity })),
      updated_at: f.updatedAt,
    })),
  };
}
