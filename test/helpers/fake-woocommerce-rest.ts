import crypto from 'node:crypto';
import type http from 'node:http';
import { wooOrder } from './fake-woocommerce';
import { startJsonServer, type Send } from './json-server';

/** A WooCommerce order as the REST API lists it (the fields the fake reads; the rest is passed through). */
export type WooRestOrder = ReturnType<typeof wooOrder> & { id: number; date_modified_gmt: string };

const wall = (d: Date) => d.toISOString().slice(0, 19);

/** Order i of a generated shop (id 40000 + i, number 10000 + i), modified at `modified`; every other one has a UPS tracking number. */
export function wooShopOrder(i: number, modified: Date): WooRestOrder {
  const address = { first_name: 'Buyer', last_name: String(i), address_1: `${i} Elm St`, address_2: '', city: 'Denver', state: 'CO', postcode: '80202', country: 'US' };
  return wooOrder({
    id: 40000 + i,
    number: String(10000 + i),
    status: i % 3 === 0 ? 'completed' : 'processing',
    currency: 'USD',
    total: '25.00',
    date_created_gmt: wall(new Date(modified.getTime() - 3_600_000)),
    date_modified_gmt: wall(modified),
    billing: { ...address, email: `buyer${i}@example.com`, phone: '' },
    shipping: { ...address, phone: '' },
    line_items: [{ id: 900000 + i, name: 'Socks', sku: `SKU-${i % 40}`, quantity: 1 }],
    shipping_lines: [{ method_title: 'Standard' }],
  }, i % 2 === 0 ? [{ provider: 'UPS', number: `1ZWC${i}` }] : []) as WooRestOrder;
}

/** RFC 3986 encoding (PHP's rawurlencode), as OAuth 1.0a and WooCommerce use it. */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const wpError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => ({ status, body: { code, message, data: { status, ...extra } } });

/**
 * The WooCommerce REST API v3 orders list (`GET /wp-json/wc/v3/orders`) as a plain-http shop
 * serves it: authentication by OAuth 1.0a one-legged signatures in the query string (what
 * WooCommerce requires, and its official client sends, over http; Basic auth is only accepted
 * over https), checked as WC_REST_Authentication does (consumer key, HMAC-SHA1/SHA256 signature
 * over the method, the URL and the sorted parameters, a 15-minute timestamp window, each nonce
 * once) with WordPress's 401 error bodies; `modified_after` (exclusive) against
 * `date_modified_gmt` with `dates_are_gmt=true`, otherwise against the shop's local
 * `date_modified` (the shop is `utcOffsetHours` ahead of UTC); `orderby` id/date/modified,
 * `order`, `per_page` (1..100) and `page`, with X-WP-Total, X-WP-TotalPages and Link headers;
 * and, for the tests, a 429 with `Retry-After: 1` on every `rateLimitEvery`-th request, a
 * connection reset on every `resetEvery`-th, and a revoked key from a given page on.
 */
export async function startFakeWooRest(opts: {
  consumerKey: string;
  consumerSecret: string;
  orders: WooRestOrder[];
  utcOffsetHours?: number;
  rateLimitEvery?: number;
  resetEvery?: number;
  /** Milliseconds before each page is served. */
  delayMs?: number;
}) {
  const offsetMs = (opts.utcOffsetHours ?? 0) * 3_600_000;
  const orders = new Map(opts.orders.map((o) => [o.id, { ...o }]));
  const nonces = new Set<string>();
  const state = {
    requests: 0, pages: 0, rateLimited: 0, resets: 0, unauthorized: 0,
    failFrom: Infinity as number,
    /** Page numbers served, in order. */
    pagesServed: [] as number[],
    /** Milliseconds between each 429 and the request after it. */
    retryGaps: [] as number[],
    /** The query of the last page served. */
    lastQuery: {} as Record<string, string>,
  };
  let limitedAt: number | undefined;

  const server = await startJsonServer((req, _raw, send) => {
    void handle(req, send);
  });
  const baseUrl = server.origin;

  async function handle(req: http.IncomingMessage, send: Send): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    if (!url.pathname.startsWith('/wp-json/')) return send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    state.requests += 1;
    const now = Date.now();
    if (limitedAt !== undefined) {
      state.retryGaps.push(now - limitedAt);
      limitedAt = undefined;
    }
    if (opts.resetEvery && state.requests % opts.resetEvery === 0) {
      state.resets += 1;
      req.socket.destroy();
      return;
    }
    if (opts.rateLimitEvery && state.requests % opts.rateLimitEvery === 0) {
      state.rateLimited += 1;
      limitedAt = now;
      return send(429, { code: 'rest_too_many_requests', message: 'Too many requests.', data: { status: 429 } }, { 'retry-after': '1' });
    }
    if (req.method !== 'GET' || url.pathname.replace(/\/$/, '') !== '/wp-json/wc/v3/orders') {
      return send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    }
    const params: Record<string, string> = {};
    url.searchParams.forEach((v, k) => { params[k] = v; });
    const denied = checkOAuth(req.method, `${baseUrl}${url.pathname}`, params, now);
    if (denied) {
      state.unauthorized += 1;
      return send(denied.status, denied.body);
    }
    if (state.pages >= state.failFrom) {
      state.unauthorized += 1;
      const revoked = wpError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
      return send(revoked.status, revoked.body);
    }
    const query = readQuery(params);
    if (query.error) return send(query.error.status, query.error.body);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));

    let list = [...orders.values()].filter((o) => o.status !== 'trash');
    if (query.modifiedAfter) {
      const column = (o: WooRestOrder) => (query.gmt ? o.date_modified_gmt : wall(new Date(Date.parse(`${o.date_modified_gmt}Z`) + offsetMs)));
      list = list.filter((o) => column(o) > query.modifiedAfter!);
    }
    const key = (o: WooRestOrder): string | number => (query.orderby === 'modified' ? o.date_modified_gmt : query.orderby === 'date' ? o.date_created_gmt : o.id);
    list.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return query.order === 'asc' ? c : -c;
    });
    const total = list.length;
    const totalPages = Math.ceil(total / query.perPage);
    const slice = list.slice((query.page - 1) * query.perPage, query.page * query.perPage);
    state.pages += 1;
    state.pagesServed.push(query.page);
    state.lastQuery = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith('oauth_')));
    const link = (page: number, rel: string) => `<${baseUrl}/wp-json/wc/v3/orders?page=${page}>; rel="${rel}"`;
    const links = [...(query.page > 1 ? [link(Math.min(query.page - 1, totalPages), 'prev')] : []), ...(totalPages > query.page ? [link(query.page + 1, 'next')] : [])];
    send(200, slice.map((o) => ({
      ...o,
      date_created: wall(new Date(Date.parse(`${o.date_created_gmt}Z`) + offsetMs)),
      date_modified: wall(new Date(Date.parse(`${o.date_modified_gmt}Z`) + offsetMs)),
    })), { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages), ...(links.length ? { link: links.join(', ') } : {}) });
  }

  /** WC_REST_Authentication over http: undefined when the request is signed by the key. */
  function checkOAuth(method: string, baseUri: string, params: Record<string, string>, now: number) {
    const required = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
    const missing = required.filter((k) => !params[k]);
    // No OAuth at all (Basic auth or consumer_key in the query are not read over http): an anonymous request.
    if (missing.length === required.length) return wpError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    if (missing.length > 0) return wpError(401, 'woocommerce_rest_authentication_missing_parameter', `Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    if (params.oauth_consumer_key !== opts.consumerKey) return wpError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    const { oauth_signature: given, ...signed } = params;
    const method_ = signed.oauth_signature_method;
    if (method_ !== 'HMAC-SHA1' && method_ !== 'HMAC-SHA256') return wpError(401, 'woocommerce_rest_authentication_error', 'Invalid signature - signature method is invalid.');
    const paramString = Object.keys(signed).sort().map((k) => rfc3986(`${rfc3986(k)}=${rfc3986(signed[k])}`)).join('%26');
    const base = `${method.toUpperCase()}&${rfc3986(baseUri)}&${paramString}`;
    const expected = crypto.createHmac(method_ === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${opts.consumerSecret}&`).update(base).digest('base64');
    const provided = given.replace(/ /g, '+');
    if (expected.length !== provided.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(provided))) {
      return wpError(401, 'woocommerce_rest_authentication_error', 'Invalid signature - provided signature does not match.');
    }
    const timestamp = Number(signed.oauth_timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(timestamp * 1000 - now) > 15 * 60_000) return wpError(401, 'woocommerce_rest_authentication_error', 'Invalid timestamp.');
    if (nonces.has(signed.oauth_nonce)) return wpError(401, 'woocommerce_rest_authentication_error', 'Invalid nonce - nonce has already been used.');
    nonces.add(signed.oauth_nonce);
    return undefined;
  }

  return {
    baseUrl,
    state,
    /** The stored copy of an order (as the shop has it now). */
    order: (id: number) => orders.get(id),
    /** The merchant changes an order: a new date_modified_gmt and any other fields. */
    touch(id: number, modified: Date, changes: Partial<WooRestOrder> = {}) {
      const o = orders.get(id);
      if (!o) throw new Error(`no order ${id}`);
      orders.set(id, { ...o, ...changes, date_modified_gmt: wall(modified) });
    },
    /** From the n-th served page on, answer 401 "Consumer key is invalid." (the key revoked). */
    failFromPage: (n: number) => { state.failFrom = n; },
    close: server.close,
  };
}

const ORDERBY = ['date', 'id', 'include', 'title', 'slug', 'modified'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::\d{2})?)?$/;

/** The list's query parameters, checked as the REST API's schema does (400 rest_invalid_param). */
function readQuery(params: Record<string, string>) {
  const invalid: Record<string, string> = {};
  const int = (name: string, dflt: number, min: number, max = Infinity) => {
    if (params[name] === undefined) return dflt;
    const n = Number(params[name]);
    if (!Number.isInteger(n) || n < min || n > max) invalid[name] = `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
    return n;
  };
  const perPage = int('per_page', 10, 1, 100);
  const page = int('page', 1, 1);
  const orderby = params.orderby ?? 'date';
  if (!ORDERBY.includes(orderby)) invalid.orderby = `orderby is not one of ${ORDERBY.join(', ')}.`;
  const order = params.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') invalid.order = 'order is not one of asc and desc.';
  const modifiedAfter = params.modified_after;
  if (modifiedAfter !== undefined && !RFC3339.test(modifiedAfter)) invalid.modified_after = 'Invalid date.';
  const gmtParam = params.dates_are_gmt;
  if (gmtParam !== undefined && !['true', 'false', '1', '0'].includes(gmtParam)) invalid.dates_are_gmt = 'dates_are_gmt is not of type boolean.';
  if (Object.keys(invalid).length > 0) {
    return { error: wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(invalid).join(', ')}`, { params: invalid }) };
  }
  return {
    perPage, page, orderby, order,
    // WordPress's date query reads the literal date and time (its zone is not converted) against the column.
    modifiedAfter: modifiedAfter?.slice(0, 19).replace(/[t ]/, 'T'),
    gmt: gmtParam === 'true' || gmtParam === '1',
  };
}
