import type { Intent } from './words';

/** What an intent means to the dialogue and the handoff rules: one table instead of lists in several files. */
export interface IntentTraits {
  /** Answered from the linked order; without one, the bot asks for it. */
  aboutAnOrder: boolean;
  /** Answered from the knowledge (or plainly) while no order is linked. */
  answeredWithoutOrder: boolean;
  /** Remembered as the shopper's goal while the bot asks for details, and answered once they come. */
  isGoal: boolean;
  /** Says too little to change the topic (details alone, a greeting, something unclear). */
  vague: boolean;
  /** A question about an order worth more than HANDOFF_ORDER_VALUE_OVER goes to a person. */
  valueRuleApplies: boolean;
}

const t = (aboutAnOrder: boolean, answeredWithoutOrder: boolean, isGoal: boolean, vague: boolean, valueRuleApplies: boolean): IntentTraits =>
  ({ aboutAnOrder, answeredWithoutOrder, isGoal, vague, valueRuleApplies });

export const INTENT_TABLE: Record<Intent, IntentTraits> = {
  //                   about an order, without order, goal,  vague, value rule
  order_status:      t(true,           false,         true,  false, true),
  shipping_policy:   t(false,          true,          true,  false, false),
  delivery_problem:  t(true,           false,         true,  false, true),
  change_order:      t(true,           true,          true,  false, true),
  returns:           t(true,           true,          true,  false, true),
  human_agent:       t(false,          false,         true,  false, false),
  subscribe_updates: t(true,           false,         true,  false, false),
  unsubscribe:       t(false,          true,          true,  false, false),
  greeting:          t(false,          true,          false, true,  false),
  thanks:            t(false,          true,          false, false, false),
  provide_details:   t(true,           false,         false, true,  true),
  other:             t(false,          false,         false, true,  false),
};
