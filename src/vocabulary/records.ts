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

/** A transcript line from the shopper ('in'), the bot ('out') or a person ('agent'). */
export const MESSAGE_DIRECTIONS = ['in', 'out', 'agent'] as const;

/** A case event sent to a helpdesk integration. */
export const INTEGRATION_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** What became of a data source's webhook event (GET /api/v1/sources/events). */
export const SOURCE_EVENT_OUTCOMES = ['applied', 'duplicate', 'stale', 'ignored', 'rejected'] as const;
export type SourceEventOutcome = (typeof SOURCE_EVENT_OUTCOMES)[number];
