import type { Intent, Lang, ProblemKind, Expecting } from '../vocabulary';

export { INTENTS, LANGUAGES, languageOfLocale, type Intent, type Lang, type ProblemKind, type Expecting } from '../vocabulary';

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
