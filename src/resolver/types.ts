/** Intents (contract §4). */
export const INTENTS = [
  'order_status', 'shipping_policy', 'delivery_problem', 'change_order', 'returns', 'human_agent',
  'subscribe_updates', 'unsubscribe', 'greeting', 'thanks', 'provide_details', 'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Languages the bot understands and answers in. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The bot language of a locale ('pt-BR' -> 'pt'), or undefined for another language. */
export function languageOfLocale(locale?: string): Lang | undefined {
  const base = locale?.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Lang) : undefined;
}

/** Finer reading of a delivery problem, used by answers and handoff rules. */
export type ProblemKind = 'not_received' | 'damaged' | 'wrong_item' | 'missing_item' | 'stuck' | 'failed_delivery';

/** What the bot is waiting for, so a bare answer is read as `provide_details`. */
export type Expecting = 'order_number' | 'verification' | 'order_choice' | null;

export interface Entities {
  /** Order numbers as typed, cleaned of words around them ("#SH-20931", "1042"). */
  orderNumbers: string[];
  /** Lower-cased emails. */
  emails: string[];
  /** Phone numbers as typed (digits and a leading +), to be read in the order's country. */
  phones: string[];
  /** Postcodes as typed. */
  postcodes: string[];
}

export interface Understanding {
  intent: Intent;
  /** Other intents found in the same message ("where is it and can I return it?"). */
  alsoIntents: Intent[];
  /** The language the message is written in, or undefined when too short to tell. */
  language?: Lang;
  entities: Entities;
  problem?: ProblemKind;
  /** 0..1: how sure the local resolver is about `intent`. */
  confidence: number;
  /** Strongly negative tone or abuse (handoff rules use it). */
  negative: boolean;
  /** For Chinese: the script the shopper writes in (replies follow it). */
  script?: 'Hans' | 'Hant';
}

export interface UnderstandingContext {
  expecting: Expecting;
  /** Language of the conversation so far, and the channel's or browser's locale. */
  conversationLanguage?: Lang;
  locale?: string;
  /** The order's shipping country once known (for local phone formats). */
  country?: string;
  /** A merchant prefix such as "SH-" (from configuration). */
  orderPrefix?: string;
}
