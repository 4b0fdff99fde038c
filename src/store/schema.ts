import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, bigint, timestamp, jsonb, serial, bigserial, index, uniqueIndex, primaryKey, boolean, date, check, type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import {
  AGENT_ROLES, AGENT_TOKEN_KINDS, CASE_PRIORITIES, CASE_STATUSES, HANDOFF_REASONS, INTEGRATION_DELIVERY_STATUSES, INTENTS, LANGUAGES,
  MESSAGE_DIRECTIONS, NOTICE_KINDS, ORDER_STAGES, NOTICE_STATES, ORDER_STATUSES, SOURCE_EVENT_OUTCOMES, TRACKING_STATUSES,
} from '../vocabulary';

/** A CHECK that keeps a column inside its closed value set (NULL stays allowed where the column allows it). */
function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  // The values are the code's own constants, never input: inlined so the constraint reads as plain SQL.
  return check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`);
}

/**
 * The one schema of the store. Migrations in ./migrations are generated from it by
 * drizzle-kit (`npm run db:generate`) and applied at start on PGlite and PostgreSQL alike.
 */

export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  /** Lower-cased email: the identity a customer is upserted by. */
  email: text('email').notNull(),
  name: text('name').notNull(),
  phone: text('phone'),
  locale: text('locale'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('customers_email_uq').on(t.email), index('customers_phone_idx').on(t.phone)]);

export const orders = pgTable('orders', {
  /** The order number as the merchant sends it and the shopper sees it. */
  id: text('id').primaryKey(),
  /** `id` lower-cased without separators or a leading '#': what shoppers' typing is matched on. */
  lookupKey: text('lookup_key').notNull(),
  /** Digits of the order number only (for "order 20931" when the merchant uses a prefix). */
  digitsKey: text('digits_key').notNull(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  status: text('status', { enum: ORDER_STATUSES }).notNull(),
  email: text('email').notNull(),
  phone: text('phone'),
  /** Shipping postcode normalised (upper case, no spaces or dashes) for verification. */
  postalKey: text('postal_key'),
  shippingAddress: jsonb('shipping_address').notNull(),
  shippingMethod: text('shipping_method'),
  locale: text('locale'),
  /** The order as last ingested (contract §1), for the admin API. */
  document: jsonb('document').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_lookup_key_uq').on(t.lookupKey),
  index('orders_digits_key_idx').on(t.digitsKey),
  index('orders_email_idx').on(t.email),
  index('orders_phone_idx').on(t.phone),
  index('orders_customer_idx').on(t.customerId),
  // The proactive scan for passed ship-by days walks open orders in placing order, a batch at a time.
  index('orders_open_placed_idx').on(t.placedAt, t.id).where(sql`${t.status} = 'open'`),
  oneOf('orders_status_check', t.status, ORDER_STATUSES),
]);

export const orderItems = pgTable('order_items', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  sku: text('sku').notNull(),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
}, (t) => [index('order_items_order_idx').on(t.orderId)]);

export const shipments = pgTable('shipments', {
  orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  id: text('id').notNull(),
  position: integer('position').notNull(),
  carrier: text('carrier').notNull(),
  trackingNumber: text('tracking_number').notNull(),
  trackingUrl: text('tracking_url'),
  status: text('status', { enum: TRACKING_STATUSES }).notNull(),
  /** A calendar date (contract §7): kept as given, never shifted by a time zone. */
  estimatedDelivery: date('estimated_delivery', { mode: 'string' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.orderId, t.id] }), index('shipments_tracking_idx').on(t.trackingNumber), oneOf('shipments_status_check', t.status, TRACKING_STATUSES)]);

export const shipmentItems = pgTable('shipment_items', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull(),
  shipmentId: text('shipment_id').notNull(),
  sku: text('sku').notNull(),
  quantity: integer('quantity').notNull(),
}, (t) => [index('shipment_items_shipment_idx').on(t.orderId, t.shipmentId)]);

export const trackingEvents = pgTable('tracking_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull(),
  shipmentId: text('shipment_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  status: text('status', { enum: TRACKING_STATUSES }).notNull(),
  description: text('description'),
  location: text('location'),
}, (t) => [index('tracking_events_shipment_idx').on(t.orderId, t.shipmentId, t.at), oneOf('tracking_events_status_check', t.status, TRACKING_STATUSES)]);

/** Merchant exception events (contract §1: fulfilment delayed, out of stock...). */
export const orderEvents = pgTable('order_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('order_events_order_idx').on(t.orderId, t.createdAt)]);

/**
 * The order events outbox: every change to an order (from ingest, a merchant event or a
 * connector) is written here in the same transaction as the change, then dispatched to the
 * subscribers (notifications, ...) and marked. `type` is one of src/orders/events.ts.
 */
export const orderChanges = pgTable('order_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
}, (t) => [index('order_changes_pending_idx').on(t.dispatchedAt, t.id)]);

export const conversations = pgTable('conversations', {
  /** `<channel>:<channel conversation id>`. */
  id: text('id').primaryKey(),
  channel: text('channel').notNull(),
  senderId: text('sender_id').notNull(),
  linkedOrderId: text('linked_order_id'),
  language: text('language', { enum: LANGUAGES }),
  handoff: boolean('handoff').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('conversations_sender_idx').on(t.channel, t.senderId), oneOf('conversations_language_check', t.language, LANGUAGES)]);

/** The transcript: every inbound and outbound message. */
export const messages = pgTable('messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  conversationId: text('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
  channel: text('channel').notNull(),
  senderId: text('sender_id').notNull(),
  text: text('text').notNull(),
  intent: text('intent', { enum: INTENTS }),
  orderId: text('order_id'),
  language: text('language', { enum: LANGUAGES }),
  /** The fact sheet an outbound answer was built from (what the bot told, with sources). */
  facts: jsonb('facts'),
  /** A bot reply's kind: its message key (`ask_verification`, `fallback_rephrase`...), `order_answer` or `policy_answer`. */
  replyKind: text('reply_kind'),
  /** For an order answer: where the order stood (pre-shipment, in transit, delivered). */
  orderStage: text('order_stage', { enum: ORDER_STAGES }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('messages_conversation_idx').on(t.conversationId, t.id),
  oneOf('messages_direction_check', t.direction, MESSAGE_DIRECTIONS),
  oneOf('messages_intent_check', t.intent, INTENTS),
  oneOf('messages_language_check', t.language, LANGUAGES),
  oneOf('messages_order_stage_check', t.orderStage, ORDER_STAGES),
  index('messages_created_idx').on(t.createdAt),
]);

/**
 * Counters of rate-limiter-flexible (RateLimiterDrizzle): failed verification attempts per
 * conversation, sender identity, order, client address and agent login, shared by every
 * instance on this database. `key` is the limiter's prefix and the counted subject.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true }),
}, (t) => [index('rate_limits_expire_idx').on(t.expire)]);

/** botbuilder Storage: conversation and user state as JSON documents with an etag. */
export const botState = pgTable('bot_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  etag: integer('etag').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Direct Line conversations and their activity log (watermark = seq). */
export const directlineConversations = pgTable('directline_conversations', {
  id: text('id').primaryKey(),
  userId: text('user_id'),
  /** The last position given to an activity of this conversation (watermarks count per conversation). */
  lastPosition: bigint('last_position', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const directlineActivities = pgTable('directline_activities', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  conversationId: text('conversation_id').notNull().references(() => directlineConversations.id, { onDelete: 'cascade' }),
  /**
   * 1, 2, 3... within the conversation: the watermark and the activity id clients see. The
   * global `seq` only orders rows; shown to clients it would tell any visitor the shop's chat volume.
   */
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  activity: jsonb('activity').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('directline_activities_conv_idx').on(t.conversationId, t.seq), uniqueIndex('directline_activities_position_uq').on(t.conversationId, t.position)]);

/** Provider message ids already taken (webhook retries are answered once). */
export const inboundReceipts = pgTable('inbound_receipts', {
  provider: text('provider').notNull(),
  messageId: text('message_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set once the message was answered (or queued durably): until then a crash may have lost it. */
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.provider, t.messageId] })]);

// ---------------------------------------------------------------- messaging channels

/** A shopper's address on a channel (phone number, PSID): consent and the last inbound time (24-hour windows). */
export const contacts = pgTable('contacts', {
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  optedOut: boolean('opted_out').notNull().default(false),
  optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.channel, t.address] })]);

/** Messages sent through a provider's API, with their latest delivery status. */
export const outboundMessages = pgTable('outbound_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  provider: text('provider').notNull(),
  providerMessageId: text('provider_message_id'),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  conversationKey: text('conversation_key'),
  status: text('status').notNull(),
  errorCode: text('error_code'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('outbound_messages_provider_id_uq').on(t.provider, t.providerMessageId)]);

/** Provider status callbacks, one row per (message, status): retried callbacks are stored once. */
export const deliveryEvents = pgTable('delivery_events', {
  provider: text('provider').notNull(),
  providerMessageId: text('provider_message_id').notNull(),
  status: text('status').notNull(),
  errorCode: text('error_code'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.provider, t.providerMessageId, t.status] })]);

/** Shoppers who asked to be told about changes to an order. */
export const subscriptions = pgTable('subscriptions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  conversationKey: text('conversation_key').notNull(),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  orderId: text('order_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('subscriptions_conv_order_uq').on(t.conversationKey, t.orderId), index('subscriptions_order_idx').on(t.orderId)]);

// ---------------------------------------------------------------- handoff

export const agents = pgTable('agents', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role', { enum: AGENT_ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('agents_email_uq').on(t.email), oneOf('agents_role_check', t.role, AGENT_ROLES)]);

/** Agent login sessions and API tokens, stored as hashes only. */
export const agentSessions = pgTable('agent_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  agentId: integer('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: AGENT_TOKEN_KINDS }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('agent_sessions_agent_idx').on(t.agentId), oneOf('agent_sessions_kind_check', t.kind, AGENT_TOKEN_KINDS)]);

/** A handoff: one conversation handed to people, with what the bot knew. */
export const cases = pgTable('cases', {
  id: serial('id').primaryKey(),
  conversationKey: text('conversation_key').notNull(),
  channel: text('channel').notNull(),
  senderId: text('sender_id').notNull(),
  orderId: text('order_id'),
  reason: text('reason', { enum: HANDOFF_REASONS }).notNull(),
  language: text('language', { enum: LANGUAGES }),
  priority: text('priority', { enum: CASE_PRIORITIES }).notNull().default('normal'),
  status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
  assignedAgentId: integer('assigned_agent_id').references(() => agents.id),
  /** Cases opened before migration 0015 keep the summary written then; later ones compose it when read (src/handoff/summary.ts). */
  summary: text('summary').notNull().default(''),
  /** The delivery problem the shopper described (damaged, not received...), for the summary. */
  problem: text('problem'),
  facts: jsonb('facts'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
}, (t) => [
  index('cases_status_idx').on(t.status, t.createdAt),
  index('cases_conversation_idx').on(t.conversationKey, t.createdAt),
  oneOf('cases_reason_check', t.reason, HANDOFF_REASONS),
  oneOf('cases_language_check', t.language, LANGUAGES),
  oneOf('cases_priority_check', t.priority, CASE_PRIORITIES),
  oneOf('cases_status_check', t.status, CASE_STATUSES),
]);

export const caseNotes = pgTable('case_notes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: integer('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  agentId: integer('agent_id').references(() => agents.id),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_notes_case_idx').on(t.caseId)]);

/** Outgoing integration deliveries (signed webhook, Slack, helpdesk), with their attempts. */
export const integrationDeliveries = pgTable('integration_deliveries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: integer('case_id'),
  target: text('target').notNull(), // 'webhook' | 'slack' | 'chatwoot' | 'zendesk'
  event: text('event').notNull(),
  status: text('status', { enum: INTEGRATION_DELIVERY_STATUSES }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  responseStatus: integer('response_status'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('integration_deliveries_case_idx').on(t.caseId), oneOf('integration_deliveries_status_check', t.status, INTEGRATION_DELIVERY_STATUSES)]);

// ---------------------------------------------------------------- data sources

/** Webhook events from shop platforms and tracking providers: each taken once, with its outcome. */
export const sourceEvents = pgTable('source_events', {
  source: text('source').notNull(),
  eventId: text('event_id').notNull(),
  topic: text('topic').notNull(),
  orderId: text('order_id'),
  outcome: text('outcome', { enum: SOURCE_EVENT_OUTCOMES }).notNull(),
  detail: text('detail'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.source, t.eventId] }),
  index('source_events_received_idx').on(t.receivedAt),
  oneOf('source_events_outcome_check', t.outcome, SOURCE_EVENT_OUTCOMES),
]);

/** The newest version of each record a source has applied (its updated_at): older deliveries are stale. */
export const sourceRecords = pgTable('source_records', {
  source: text('source').notNull(),
  recordKey: text('record_key').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  /** Our id of the record (the order number a source's numeric order id stands for). */
  localId: text('local_id'),
}, (t) => [primaryKey({ columns: [t.source, t.recordKey] })]);

/** A source's backfill (past orders through its API): where it stands, so a restart resumes it. */
export const sourceBackfills = pgTable('source_backfills', {
  source: text('source').primaryKey(),
  /** Orders updated since this time are imported. */
  since: timestamp('since', { withTimezone: true }).notNull(),
  /** The API's cursor after the last page stored (null: from the start). */
  cursor: text('cursor'),
  pages: integer('pages').notNull().default(0),
  orders: integer('orders').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  error: text('error'),
});

/**
 * The tracking watch of each shipment that is not delivered yet: when the carrier was last asked
 * (the polling fallback for webhooks that went quiet) and since when it is stale (no carrier scan
 * for the knowledge's `tracking.stale_after_business_days`). Kept apart from `shipments`, which an
 * ingest rewrites.
 */
export const shipmentWatch = pgTable('shipment_watch', {
  orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  shipmentId: text('shipment_id').notNull(),
  trackingNumber: text('tracking_number').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
  /** The last poll's failure (cleared by a poll that answers). */
  pollError: text('poll_error'),
  /** The day of the last carrier scan, when the shipment is stale; null when it is not. */
  staleSince: date('stale_since', { mode: 'string' }),
}, (t) => [primaryKey({ columns: [t.orderId, t.shipmentId] }), index('shipment_watch_stale_idx').on(t.staleSince)]);

// ---------------------------------------------------------------- proactive notices

/**
 * Each delay or exception found for an order, once per kind (src/proactive), with the notice it
 * became: where it stands (pending until its time, sent, delivered, failed, or suppressed and why:
 * holdout, opted out, no channel, quiet hours are a wait, not a reason), on which channel, and
 * what it said.
 */
export const proactiveNotices = pgTable('proactive_notices', {
  orderId: text('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
  shipmentId: text('shipment_id'),
  detectedAt: timestamp('detected_at', { withTimezone: true }).notNull(),
  /** What was found (the passed date, the new estimate, the carrier status). */
  detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
  state: text('state', { enum: NOTICE_STATES }).notNull(),
  /** Why suppressed or failed, or what a pending notice waits for (quiet_hours, daily_limit). */
  reason: text('reason'),
  /** When a pending notice is due. */
  dueAt: timestamp('due_at', { withTimezone: true }),
  channel: text('channel'),
  /** The conversation the notice opened or continued (`<channel>:<id>`). */
  conversationKey: text('conversation_key'),
  language: text('language', { enum: LANGUAGES }),
  text: text('text'),
  providerMessageId: text('provider_message_id'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.orderId, t.kind] }),
  index('proactive_notices_due_idx').on(t.state, t.dueAt),
  index('proactive_notices_detected_idx').on(t.detectedAt),
  index('proactive_notices_conversation_idx').on(t.conversationKey, t.sentAt),
  oneOf('proactive_notices_kind_check', t.kind, NOTICE_KINDS),
  oneOf('proactive_notices_state_check', t.state, NOTICE_STATES),
  oneOf('proactive_notices_language_check', t.language, LANGUAGES),
]);

// ---------------------------------------------------------------- knowledge

/** Knowledge edits through the API or editor: the whole document per version, with who, when and a diff. */
export const knowledgeVersions = pgTable('knowledge_versions', {
  version: serial('version').primaryKey(),
  document: jsonb('document').notNull(),
  author: text('author').notNull(),
  source: text('source').notNull(), // 'api' | 'editor' | 'restore' | 'file'
  diff: jsonb('diff').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
