/** Why a conversation is handed to a person (src/handoff/rules.ts decides which). */
export const HANDOFF_REASONS = [
  'verification_lockout', 'abusive', 'merchant_keyword', 'requested',
  'carrier_exception', 'returned', 'stuck', 'delivery_problem', 'change_order',
  'late_shipment', 'high_value', 'negative_sentiment', 'not_understood',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];
