import { startJsonServer } from './json-server';

/**
 * Shopify's GraphQL Admin API for the backfill: `orders(first, after, query)` over a generated
 * shop, cursor pagination, the `extensions.cost` block, and THROTTLED answers (HTTP 200 with a
 * `THROTTLED` error, as Shopify sends them) on every `throttleEvery`-th request.
 */
export async function startFakeShopifyGraphQL(opts: { token: string; orders: number; throttleEvery?: number }) {
  const state = { requests: 0, pages: 0, throttled: 0, failFrom: Infinity as number, cursorsServed: [] as (string | null)[] };
  const server = await startJsonServer((req, raw, send) => {
    if (req.headers['x-shopify-access-token'] !== opts.token) return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    if (req.method !== 'POST' || !/^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(req.url ?? '')) return send(404, { errors: 'Not Found' });
    state.requests += 1;
    const { variables } = JSON.parse(raw) as { variables: { first: number; after: string | null } };
    const cost = { requestedQueryCost: variables.first + 12, actualQueryCost: null as number | null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1500, restoreRate: 1000 } };
    if (opts.throttleEvery && state.requests % opts.throttleEvery === 0) {
      state.throttled += 1;
      return send(200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: { cost: { ...cost, throttleStatus: { ...cost.throttleStatus, currentlyAvailable: 20 } } } });
    }
    if (state.pages >= state.failFrom) return send(400, { errors: 'a failure the test asked for' });
    const start = variables.after ? Number(Buffer.from(variables.after, 'base64').toString('utf8')) : 0;
    const end = Math.min(opts.orders, start + variables.first);
    state.pages += 1;
    state.cursorsServed.push(variables.after);
    const nodes = Array.from({ length: end - start }, (_, k) => graphqlOrder(start + k));
    send(200, {
      data: { orders: { pageInfo: { hasNextPage: end < opts.orders, endCursor: Buffer.from(String(end)).toString('base64') }, nodes } },
      extensions: { cost: { ...cost, actualQueryCost: nodes.length + 2 } },
    });
  });
  return {
    baseUrl: `${server.origin}/admin/api`,
    state,
    /** From the n-th served page on, answer 400 (what a killed backfill never gets past). */
    failFromPage: (n: number) => { state.failFrom = n; },
    close: server.close,
  };
}

/** Order i of the generated shop, as the GraphQL Admin API returns it. */
function graphqlOrder(i: number) {
  const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  return {
    legacyResourceId: String(500000 + i), name: `#${20000 + i}`, createdAt: at, updatedAt: at, cancelledAt: null,
    email: `buyer${i}@example.com`, phone: null, customerLocale: 'en',
    customer: { firstName: 'Buyer', lastName: String(i), email: `buyer${i}@example.com`, phone: null },
    shippingAddress: { firstName: 'Buyer', lastName: String(i), address1: `${i} Elm St`, address2: null, city: 'Denver', provinceCode: 'CO', countryCodeV2: 'US', zip: '80202', phone: null },
    shippingLine: { title: 'Standard' },
    totalPriceSet: { shopMoney: { amount: '25.00', currencyCode: 'USD' } },
    lineItems: { nodes: [{ id: `gid://shopify/LineItem/${900000 + i}`, sku: `SKU-${i % 40}`, title: 'Socks', variantTitle: null, quantity: 1 }] },
    fulfillments: i % 2 === 0
      ? [{
          legacyResourceId: String(700000 + i), status: 'SUCCESS', updatedAt: at, displayStatus: 'IN_TRANSIT',
          trackingInfo: [{ company: 'UPS', number: `1ZBF${i}`, url: `https://www.ups.com/track?tracknum=1ZBF${i}` }],
          fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { id: `gid://shopify/LineItem/${900000 + i}`, sku: `SKU-${i % 40}` } }] },
        }]
      : [],
  };
}
