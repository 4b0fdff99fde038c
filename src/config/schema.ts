import { z } from 'zod';

/**
 * Every environment variable the bot reads, in one schema. `describe()` texts feed
 * `.env.example` and the README's configuration table (a test keeps them in step).
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ message: `expected ${what}` }).optional())
    .optional();

/** An empty value (`FOO=` in a .env file) counts as unset. */
const unsetIfBlank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const boolFlag = z
  .enum(['true', 'false', '1', '0', ''], { message: 'expected true or false' })
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('development, production or test'),
  PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  PUBLIC_BASE_URL: optionalUrl('an absolute URL such as https://bot.example.com').describe(
    'the URL the providers call (webhook signatures are computed over it); default http://localhost:PORT',
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  REQUEST_LOG: z.enum(['errors', 'all']).default('errors').describe('finished HTTP requests logged: errors (5xx at error, 4xx at info) and slow ones (warn); all: every other one too, at debug'),
  SLOW_REQUEST_MS: z.coerce.number({ message: 'expected a number of milliseconds' }).int().min(1).default(1000).describe('a request answered after this long is logged at warn'),
  DATA_DIR: z.string().default('./data').describe('folder for the embedded database and the generated admin key'),
  ADMIN_API_KEY: unsetIfBlank(z.string().min(16, { message: 'expected at least 16 characters' })).describe('bearer key of the admin API; unset: generated once and kept in DATA_DIR/admin-key'),
  DIRECTLINE_SECRET: unsetIfBlank(z.string().min(16, { message: 'expected at least 16 characters' })).describe('Direct Line secret for web chat; unset: generated once and kept in DATA_DIR/directline-secret'),
  DATABASE_URL: unsetIfBlank(z.string().regex(/^(postgres(ql)?:\/\/|pglite:\/\/)/, { message: 'expected postgres://..., pglite://memory or pglite://<folder>' })).describe('postgres://...; unset: embedded PGlite in DATA_DIR/pglite; pglite://memory: in memory'),
  DATABASE_SCHEMA: unsetIfBlank(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case SQL identifier' })).describe('PostgreSQL schema to use (default public); tests use one per run'),
  PGLITE_THREAD: z.enum(['main', 'worker']).default('main').describe('the embedded PGlite on the event loop (main) or on a worker thread of its own (worker; measured on 2 cores it made the bot slower and a one-row echo bot faster: see the README)'),
  REDIS_URL: unsetIfBlank(z.string().regex(/^rediss?:\/\//, { message: 'expected redis://host:port or rediss://...' })).describe('Redis for BullMQ; unset: queue features (outbound retries, refresh, notifications) are off'),
  QUEUE_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, { message: 'expected lower-case letters, digits, "-" or "_", starting with a letter' }).default('wismo').describe('the BullMQ key prefix: bots that share a Redis database need one each (every instance of one bot the same)'),
  SEED_DEMO: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: seed the demo shop on the first start with the embedded store and no orders'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, { message: 'expected a size such as 100kb or 5mb' }).default('5mb').describe('largest request body (larger: 413)'),
  SHOP_NAME: z.string().default('Demo Shop').describe("the shop's name, shown in web chat and replies"),
  SHOP_TIMEZONE: unsetIfBlank(z.string().refine((tz) => isTimeZone(tz), { message: 'expected an IANA time zone such as Europe/Berlin' })).describe(
    "the shop's IANA time zone (timestamps in replies, support hours); default: calendar.time_zone in knowledge/fulfilment.yaml",
  ),
  SHOP_PRIMARY_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'expected a colour such as #0b6e4f' }).default('#0b6e4f').describe('accent colour of web chat and the tracking page'),
  SHOP_ORDER_PREFIX: optionalString.describe('prefix of the order numbers, such as SH- (helps read "order SH 1001")'),
  TRACKING_PAGE_SECRET: unsetIfBlank(z.string().min(32, { message: 'expected at least 32 characters (openssl rand -base64 32)' })).describe(
    'key of the tracking page links /track/{token} (AES-256-GCM under a key derived with HKDF); unset: derived from DIRECTLINE_SECRET, so changing that secret ends every link',
  ),
  TRACKING_LINK_TTL_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(3650).default(60).describe('how long a tracking page link works'),
  STORE_USER_TOKEN_SECRET: unsetIfBlank(z.string().min(16, { message: 'expected at least 16 characters' })).describe('HMAC key for web chat user tokens signed by the store (verifies a logged-in shopper)'),
  TWILIO_ACCOUNT_SID: optionalString.describe('Twilio account SID (AC...)'),
  TWILIO_AUTH_TOKEN: optionalString.describe('Twilio auth token (signatures and REST)'),
  TWILIO_FROM: optionalString.describe('Twilio sender number (E.164 or whatsapp:+...)'),
  TWILIO_MESSAGING_SERVICE_SID: optionalString.describe('Twilio Messaging Service SID (MG...), instead of TWILIO_FROM'),
  TWILIO_API_BASE_URL: optionalUrl('an absolute URL').describe('Twilio REST base URL (tests point it at a local fake)'),
  TWILIO_WHATSAPP_CONTENT_SID: optionalString.describe('approved WhatsApp template (ContentSid HX...) for messages outside the 24-hour window'),
  TWILIO_VOICE_SUPPORT_NUMBER: optionalString.describe('phone number (E.164) a voice call is put through to on handoff'),
  MESSENGER_APP_SECRET: optionalString.describe('Meta app secret (X-Hub-Signature-256)'),
  MESSENGER_VERIFY_TOKEN: optionalString.describe('token you type in the Meta webhook settings'),
  MESSENGER_PAGE_TOKEN: optionalString.describe('Page access token for the Send API'),
  GRAPH_API_BASE_URL: optionalUrl('an absolute URL').describe('Graph API base URL, default https://graph.facebook.com/v25.0'),
  MESSENGER_HANDOVER_APP_ID: optionalString.describe('app that takes the thread on handoff (handover protocol; Page Inbox is 263902037430900)'),
  MESSENGER_OUT_OF_WINDOW: z
    .enum(['drop', 'human_agent', 'post_purchase_update'])
    .default('human_agent')
    .describe('what a send outside the 24-hour window uses: drop it, the HUMAN_AGENT tag (agent replies, 7 days) or POST_PURCHASE_UPDATE'),
  SMTP_URL: unsetIfBlank(z.string().regex(/^smtps?:\/\/[^\s/?#]+/, { message: 'expected smtp://user:pass@host:587 or smtps://user:pass@host:465' })).describe(
    'SMTP server of the outbound email channel (proactive notices by email, nodemailer); with EMAIL_FROM, email is on',
  ),
  EMAIL_FROM: unsetIfBlank(z.string().trim().regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, { message: 'expected an address such as "Shop <orders@shop.example>" or orders@shop.example' })).describe(
    'sender of notice emails, such as "Shop <orders@shop.example>" (replies go to this mailbox, not to the bot)',
  ),
  SHOPIFY_SHOP_DOMAIN: optionalString.describe('the shop, such as my-shop.myshopify.com (orders come in by webhook; contract §9)'),
  SHOPIFY_WEBHOOK_SECRET: optionalString.describe('key of X-Shopify-Hmac-Sha256 (the app client secret); during a rotation "new,old": both are accepted'),
  SHOPIFY_ADMIN_TOKEN: optionalString.describe('Admin API access token with read_orders (the backfill of past orders: POST /api/v1/sources/shopify/backfill)'),
  SHOPIFY_API_BASE_URL: optionalUrl('an absolute URL').describe('Admin API base URL, default https://<SHOPIFY_SHOP_DOMAIN>/admin/api (tests point it at a fake)'),
  WOOCOMMERCE_WEBHOOK_SECRET: optionalString.describe('secret of the WooCommerce webhooks (X-WC-Webhook-Signature) for order.created and order.updated'),
  WOOCOMMERCE_BASE_URL: optionalUrl('an absolute URL').describe('the shop, such as https://shop.example.com (where /wp-json is): the REST backfill of past orders (POST /api/v1/sources/woocommerce/backfill)'),
  WOOCOMMERCE_CONSUMER_KEY: optionalString.describe('WooCommerce REST API consumer key with read permission (for the backfill)'),
  WOOCOMMERCE_CONSUMER_SECRET: optionalString.describe('WooCommerce REST API consumer secret (for the backfill)'),
  SHIPPO_WEBHOOK_TOKEN: optionalString.describe('secret token Shippo sends in the webhook URL (?token=); track_updated events move every shipment with their tracking number'),
  SHIPPO_API_TOKEN: optionalString.describe('Shippo API token (live or test): every new tracking number (from any source or ingest) whose carrier Shippo knows is registered for Shippo\'s tracking webhooks, and read back when its webhooks go quiet'),
  SHIPPO_API_BASE_URL: optionalUrl('an absolute URL').describe('Shippo API base URL, default https://api.goshippo.com (tests point it at a fake)'),
  AFTERSHIP_WEBHOOK_SECRET: optionalString.describe('key of AfterShip\'s aftership-hmac-sha256 (the webhook secret); tracking updates move every shipment with their tracking number'),
  AFTERSHIP_API_KEY: optionalString.describe('AfterShip API key: every new tracking number (from any source or ingest) is registered as an AfterShip tracking'),
  AFTERSHIP_API_BASE_URL: optionalUrl('an absolute URL').describe('AfterShip API base URL, default https://api.aftership.com (tests point it at a fake)'),
  EASYPOST_WEBHOOK_SECRET: optionalString.describe('key of EasyPost\'s X-Hmac-Signature (the webhook secret); tracker events update every shipment with their tracking code'),
  EASYPOST_API_KEY: optionalString.describe('EasyPost API key: every new tracking number (from any source or ingest) is registered as an EasyPost Tracker'),
  EASYPOST_API_BASE_URL: optionalUrl('an absolute URL').describe('EasyPost API base URL, default https://api.easypost.com/v2 (tests point it at a fake)'),
  SEVENTEENTRACK_API_KEY: optionalString.describe('17TRACK API key (its 17token): every new tracking number (from any source or ingest) is registered with 17TRACK; also the security key of its webhook\'s sign header unless SEVENTEENTRACK_WEBHOOK_KEY is set'),
  SEVENTEENTRACK_WEBHOOK_KEY: optionalString.describe('key of 17TRACK\'s webhook sign header, when it is not SEVENTEENTRACK_API_KEY; tracking updates move every shipment with their tracking number'),
  SEVENTEENTRACK_API_BASE_URL: optionalUrl('an absolute URL').describe('17TRACK API base URL, default https://api.17track.net (tests point it at a fake)'),
  TRACKING_POLL_AFTER_HOURS: z.coerce.number({ message: 'expected a number of hours' }).positive().default(24).describe('a shipment without a carrier event for this long is asked for at the tracking providers (the fallback for webhooks that went quiet), at most once in this time'),
  TRACKING_WATCH_EVERY_MINUTES: z.coerce.number({ message: 'expected a number of minutes' }).positive().default(15).describe('how often the tracking watch runs (polling fallback and stale shipments; BullMQ with Redis, a timer without)'),
  NOTICE_RATES: z
    .string()
    .regex(/^\s*(whatsapp|sms|messenger|webchat|email)=\d+(\.\d+)?(\s*,\s*(whatsapp|sms|messenger|webchat|email)=\d+(\.\d+)?)*\s*$/, { message: 'expected channel=per-second pairs such as "sms=1,whatsapp=20"' })
    .default('sms=1,whatsapp=20,messenger=40,webchat=50,email=10')
    .describe('proactive notices sent per second per channel (SMS: 1 per long-code number, raise it for a Messaging Service or short code; Messenger: within the Graph API limits)'),
  COST_PER_CONTACT: z.coerce.number({ message: 'expected an amount' }).min(0).default(12).describe('what one contact handled by a person costs the shop (insights: the estimated saving of each automated resolution), in SHOP_CURRENCY'),
  SHOP_CURRENCY: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as EUR or USD' }).default('EUR').describe('the currency of COST_PER_CONTACT'),
  PROACTIVE_EVERY_MINUTES: z.coerce.number({ message: 'expected a number of minutes' }).positive().default(5).describe('how often delays are looked for (a ship-by day or an estimated delivery that passed) and due notices sent (held ones included)'),
  MICROSOFT_APP_ID: optionalString.describe('Azure Bot app id'),
  MICROSOFT_APP_PASSWORD: optionalString.describe('Azure Bot app password'),
  MICROSOFT_APP_TENANT_ID: optionalString.describe('Azure Bot tenant id (single-tenant bots)'),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant').describe('Azure Bot app type'),
  SUPPORT_HOURS: z
    .string()
    .regex(/^(always|(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?(,(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?)* \d{2}:\d{2}-\d{2}:\d{2})$/i, { message: 'expected "always" or days and hours such as "mon-fri 09:00-17:00"' })
    .default('mon-fri 09:00-17:00')
    .describe("when people answer handed-over conversations, in the shop's time zone"),
  SUPPORT_REPLY_HOURS: z.coerce.number({ message: 'expected a number of hours' }).positive().default(2).describe('how soon a person replies during support hours (told to the shopper)'),
  HANDOFF_LATE_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(0).default(2).describe('hand over when the ship-by promise has passed by more than this many days'),
  HANDOFF_KEYWORDS: optionalString.describe('comma-separated words that always bring a person in (e.g. lawyer,chargeback)'),
  HANDOFF_ORDER_VALUE_OVER: z.coerce.number({ message: 'expected an amount' }).positive().optional().describe('hand over questions about orders worth more than this (order total)'),
  CASE_REOPEN_HOURS: z.coerce.number({ message: 'expected a number of hours' }).min(0).default(48).describe('resolving gives the conversation back to the bot; a handoff within this many hours reopens the same case, later ones open a new case'),
  HANDOFF_WEBHOOK_URL: optionalUrl('an absolute URL').describe('signed generic webhook told about cases (HMAC-SHA256 header X-Wismo-Signature)'),
  HANDOFF_WEBHOOK_SECRET: optionalString.describe('key of the generic webhook signature'),
  SLACK_WEBHOOK_URL: optionalUrl('an absolute URL').describe('Slack incoming webhook for new cases'),
  ZENDESK_BASE_URL: optionalUrl('an absolute URL such as https://acme.zendesk.com').describe('Zendesk: create a ticket per case'),
  ZENDESK_EMAIL: optionalString.describe('Zendesk agent email for the API token'),
  ZENDESK_API_TOKEN: optionalString.describe('Zendesk API token'),
  OPENAI_API_KEY: optionalString.describe('optional LLM key; unset: the bot works without a model'),
  OPENAI_BASE_URL: optionalUrl('an absolute URL').describe('any OpenAI-compatible server'),
  OPENAI_MODEL: z.string().default('gpt-4o-mini').describe('model name for the optional LLM'),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(loopback|false|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, { message: 'expected loopback, false, a number of proxies or a list of addresses/CIDRs' })
    .default('loopback')
    .describe('which proxies may set X-Forwarded-For (the client address used in throttling): loopback, false, a number of hops, or addresses/CIDRs'),
  VERIFY_DETAILS_PER_MESSAGE: z.coerce.number({ message: 'expected a number' }).int().min(1).max(5).default(3).describe('order numbers and details checked from one message; more is answered with a request for one of each and counts as failures'),
  VERIFY_ORDER_MAX_FAILURES: z.coerce.number({ message: 'expected a number' }).int().min(1).default(5).describe('failed attempts on one order number (any conversation or channel) before typed details stop verifying it for the window'),
  VERIFY_CLIENT_MAX_FAILURES: z.coerce.number({ message: 'expected a number' }).int().min(4).default(30).describe('failed attempts from one client address (web chat) before it may not verify for the window; shoppers share proxies, so keep it high'),
  VERIFY_WINDOW_HOURS: z.coerce.number({ message: 'expected a number of hours' }).positive().default(24).describe('window of the per-sender, per-order, per-email/phone and per-client failure counts'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(0).default(10000).describe('how long shutdown waits for in-flight requests'),
  METRICS_TOKEN: unsetIfBlank(z.string().min(16, { message: 'expected at least 16 characters' })).describe(
    'bearer token of GET /metrics (Prometheus text format): without it /metrics answers 401; with neither METRICS_TOKEN nor METRICS_PORT, metrics are off and /metrics is a 404',
  ),
  METRICS_PORT: unsetIfBlank(z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535)).describe(
    'serve /metrics on this port of its own instead (a private network; no token unless METRICS_TOKEN is set too); the main port\'s /metrics is then a 404',
  ),
  METRICS_HOST: optionalString.describe('interface of the METRICS_PORT listener, such as a private address; default: HOST'),
  ENABLE_INSECURE_DEV_FLAGS: boolFlag.describe('true only in development: allows channels without credentials'),
});

export type Env = z.infer<typeof envSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Variables that are secrets: never logged, masked in /health and errors. */
export const secretKeys = new Set<keyof Env>([
  'ADMIN_API_KEY',
  'DIRECTLINE_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'STORE_USER_TOKEN_SECRET',
  'TRACKING_PAGE_SECRET',
  'TWILIO_AUTH_TOKEN',
  'MESSENGER_APP_SECRET',
  'MESSENGER_VERIFY_TOKEN',
  'MESSENGER_PAGE_TOKEN',
  'SMTP_URL',
  'SHOPIFY_WEBHOOK_SECRET',
  'SHOPIFY_ADMIN_TOKEN',
  'EASYPOST_WEBHOOK_SECRET',
  'AFTERSHIP_WEBHOOK_SECRET',
  'SHIPPO_WEBHOOK_TOKEN',
  'SHIPPO_API_TOKEN',
  'WOOCOMMERCE_WEBHOOK_SECRET',
  'WOOCOMMERCE_CONSUMER_SECRET',
  'AFTERSHIP_API_KEY',
  'EASYPOST_API_KEY',
  'SEVENTEENTRACK_API_KEY',
  'SEVENTEENTRACK_WEBHOOK_KEY',
  'MICROSOFT_APP_PASSWORD',
  'OPENAI_API_KEY',
  'HANDOFF_WEBHOOK_SECRET',
  'ZENDESK_API_TOKEN',
  'METRICS_TOKEN',
]);
