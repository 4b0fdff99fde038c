/**
 * The closed value sets stored in the database's status-like columns. The schema checks each
 * column against its list (src/store/schema.ts), so a value outside it fails at the write.
 */

/** An order as the shop reports it (contract §1). */
export const ORDER_STATUSES = ['open', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where a handoff case stands. */
export const CASE_STATUSES = ['open', 'assigned', 'resolved', 'handed_back'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How soon a case needs a person. */
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const AGENT_ROLES = ['agent', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** An inbox login session, or an API token for the agent API. */
export const AGENT_TOKEN_KINDS = ['session', 'api'] as const;
export type AgentTokenKind = (typeof AGENT_TOKEN_KINDS)[number];

/** Where an order stood when the bot answered about it (analytics: pre-shipment vs in transit vs delivered questions). */
export const ORDER_STAGES = ['pre_shipment', 'in_transit', 'delivered', 'cancelled'] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

/** A transcript line from the shopper ('in'), the bot ('out') or a person ('agent'). */
export const MESSAGE_DIRECTIONS = ['in', 'out', 'agent'] as const;

/** A case event sent to a helpdesk integration. */
export const INTEGRATION_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** What became of a data source's webhook event (GET /api/v1/sources/events). */
export const SOURCE_EVENT_OUTCOMES = ['applied', 'duplicate', 'stale', 'ignored', 'rejected'] as const;
export type SourceEventOutcome = (typeof SOURCE_EVENT_OUTCOMES)[number];

/**
 * What the delay and exception detection finds (src/proactive): each is recorded once per order
 * and kind, and may become a proactive notice.
 */
export const NOTICE_KINDS = [
  'ship_by_passed', 'fulfilment_delayed', 'eta_passed', 'eta_later', 'stale', 'exception', 'failed_attempt', 'customs_hold', 'returned',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Channels a proactive notice can go out on, in the merchant's order of preference. */
export const NOTICE_CHANNELS = ['whatsapp', 'sms', 'messenger', 'webchat', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/** Where a notice stands: waiting (quiet hours, the daily limit), sent, failed, or never to be sent, and why. */
export const NOTICE_STATES = ['pending', 'sent', 'delivered', 'failed', 'suppressed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
