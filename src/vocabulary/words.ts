/** Intents (contract §4). */
export const INTENTS = [
  'order_status', 'shipping_policy', 'delivery_problem', 'change_order', 'returns', 'human_agent',
  'subscribe_updates', 'unsubscribe', 'greeting', 'thanks', 'provide_details', 'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Languages the bot understands and answers in. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Regional variants whose replies differ in wording (templates are pt-PT, es-ES and fr-FR). */
export type RegionalVariant = 'pt-BR' | 'pt-PT' | 'es-ES' | 'es-419' | 'fr-FR' | 'fr-CA';

/** The bot language of a locale ('pt-BR' -> 'pt'), or undefined for another language. */
export function languageOfLocale(locale?: string): Lang | undefined {
  const base = locale?.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Lang) : undefined;
}

/** Finer reading of a delivery problem, used by answers and handoff rules. */
export type ProblemKind = 'not_received' | 'damaged' | 'wrong_item' | 'missing_item' | 'stuck' | 'failed_delivery';

/** What the bot is waiting for, so a bare answer is read as `provide_details`. */
export type Expecting = 'order_number' | 'verification' | 'order_choice' | null;
