import type { AnswerHandoffHint, HandoffSignals } from '../conversation/ports';
import type { HandoffReason } from '../vocabulary';
import { INTENT_TABLE, type CasePriority, type Lang, type ProblemKind } from '../vocabulary';

/**
 * When the bot hands a conversation to a person. `handoffReason` is pure: the engine
 * gathers the signals of one turn, the rules decide. The first rule that matches wins,
 * in this order (most pressing first):
 *
 *  1. verification_lockout  too many failed verification attempts (contract §6-7)
 *  2. abusive               abusive words in any supported language
 *  3. merchant_keyword      a word from HANDOFF_KEYWORDS ("lawyer", "chargeback"...)
 *  4. requested             the shopper asked for a person
 *  5. carrier_exception,    the answer itself needs a person (the answer's hint)
 *     returned, stuck,      (also: damaged / wrong / missing item reported; a change
 *     delivery_problem,     of address or items, or a cancellation, which a person makes)
 *     change_order
 *  6. late_shipment         the ship-by promise passed more than HANDOFF_LATE_DAYS ago
 *  7. high_value            a question about an order worth more than HANDOFF_ORDER_VALUE_OVER
 *  8. negative_sentiment    strongly negative tone while the bot is already struggling
 *  9. not_understood        too many misunderstood turns in a row
 */
export { HANDOFF_REASONS, type HandoffReason } from '../vocabulary';

export type { HandoffSignals, AnswerHandoffHint } from '../conversation/ports';


export interface HandoffRuleSettings {
  /** HANDOFF_LATE_DAYS. */
  lateDays: number;
  /** HANDOFF_KEYWORDS, split. */
  keywords: string[];
  /** HANDOFF_ORDER_VALUE_OVER. */
  orderValueOver?: number;
  /** Misunderstood turns before a person is brought in (the engine rephrases once, offers a person once). */
  maxMisunderstood?: number;
}

export function ruleSettingsFrom(config: { HANDOFF_LATE_DAYS: number; HANDOFF_KEYWORDS?: string; HANDOFF_ORDER_VALUE_OVER?: number }): HandoffRuleSettings {
  return {
    lateDays: config.HANDOFF_LATE_DAYS,
    keywords: (config.HANDOFF_KEYWORDS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    orderValueOver: config.HANDOFF_ORDER_VALUE_OVER,
  };
}

/** Problems the bot cannot fix by explaining: a person must arrange a replacement or refund. */
const PROBLEMS_FOR_PEOPLE = new Set<ProblemKind>(['damaged', 'wrong_item', 'missing_item']);
const ANSWER_HINTS = new Set<string>(['carrier_exception', 'returned', 'delivery_problem', 'stuck', 'change_order']);

export function handoffReason(input: HandoffSignals, settings: HandoffRuleSettings): HandoffReason | undefined {
  if (input.verificationLocked) return 'verification_lockout';
  if (containsAbuse(input.text)) return 'abusive';
  if (containsAnyWord(input.text, settings.keywords)) return 'merchant_keyword';
  if (input.askedForPerson ?? input.intent === 'human_agent') return 'requested';
  if (input.answerHint && ANSWER_HINTS.has(input.answerHint)) return input.answerHint as AnswerHandoffHint;
  if (!input.answered && input.intent === 'delivery_problem' && input.problem && PROBLEMS_FOR_PEOPLE.has(input.problem)) return 'delivery_problem';
  if (input.daysPastShipBy !== undefined && input.daysPastShipBy > settings.lateDays) return 'late_shipment';
  if (settings.orderValueOver !== undefined && input.orderValue !== undefined && input.orderValue > settings.orderValueOver && INTENT_TABLE[input.intent].valueRuleApplies) return 'high_value';
  // A negative tone alone is answered; negative while the bot keeps missing the point is not.
  if (input.negative && input.misunderstoodTurns >= 1) return 'negative_sentiment';
  if (input.misunderstoodTurns >= (settings.maxMisunderstood ?? 3)) return 'not_understood';
  return undefined;
}

/** How soon a case needs a person, from its reason. */
export type { CasePriority } from '../vocabulary';

const PRIORITY: Record<HandoffReason, CasePriority> = {
  verification_lockout: 'high',
  abusive: 'high',
  merchant_keyword: 'urgent',
  requested: 'normal',
  carrier_exception: 'high',
  returned: 'high',
  stuck: 'normal',
  delivery_problem: 'high',
  change_order: 'normal',
  late_shipment: 'normal',
  high_value: 'high',
  negative_sentiment: 'normal',
  not_understood: 'normal',
};

export function priorityOf(reason: string): CasePriority {
  return PRIORITY[reason as HandoffReason] ?? 'normal';
}

/** English labels for agents (case summaries, Slack, tickets). */
export const REASON_LABELS: Record<HandoffReason, string> = {
  verification_lockout: 'Verification locked',
  abusive: 'Abusive messages',
  merchant_keyword: 'Merchant keyword',
  change_order: 'Change or cancellation request',
  requested: 'Asked for a person',
  carrier_exception: 'Carrier exception',
  returned: 'Returned to sender',
  stuck: 'Shipment stuck',
  delivery_problem: 'Delivery problem',
  late_shipment: 'Late shipment',
  high_value: 'High-value order',
  negative_sentiment: 'Frustrated shopper',
  not_understood: 'Bot did not understand',
};

export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason as HandoffReason] ?? reason.replace(/_/g, ' ');
}

/**
 * Abusive words per language. A trailing '*' matches any word starting with the stem
 * (inflections); words in scripts without spaces (zh) match anywhere in the text.
 * All languages are checked whatever the conversation's language: abuse is often mixed in.
 */
export const ABUSE_WORDS: Record<Lang, string[]> = {
  en: ['fuck*', 'motherfuck*', 'shit', 'shitty', 'bullshit', 'asshole*', 'bitch*', 'bastard*', 'moron*', 'idiot*', 'dickhead*', 'cunt*', 'wanker*', 'scumbag*'],
  es: ['mierda', 'joder', 'puta*', 'puto*', 'pendej*', 'idiota*', 'gilipoll*', 'cabrón', 'cabron*', 'imbécil*', 'imbecil*', 'estúpid*', 'estupid*', 'coño'],
  fr: ['merde*', 'putain*', 'connard*', 'connasse*', 'salope*', 'salaud*', 'enculé*', 'encule*', 'abruti*', 'crétin*', 'débile*', 'ta gueule', 'nique*'],
  de: ['scheiß*', 'scheiss*', 'arschloch*', 'wichser*', 'hurensohn*', 'fick*', 'vollidiot*', 'idiot*', 'mistkerl*', 'penner*'],
  it: ['cazzo*', 'merda*', 'stronz*', 'vaffanculo', 'fanculo', 'coglion*', 'idiota*', 'bastard*', 'porca puttana', 'puttan*'],
  pt: ['merda*', 'porra*', 'caralho*', 'idiota*', 'foda-se', 'fodase', 'filho da puta', 'otário*', 'otario*', 'babaca*', 'cacete*', 'imbecil*'],
  ru: ['бля*', 'сука', 'суки', 'хуй*', 'хуе*', 'пизд*', 'идиот*', 'мудак*', 'нахуй', 'ебан*', 'дебил*', 'говно*', 'урод*'],
  zh: ['傻逼', '傻b', '他妈的', '操你', '去死', '混蛋', '王八蛋', '狗屎', '废物', '白痴', '妈的'],
};

const ALL_ABUSE = Object.values(ABUSE_WORDS).flat();

export function containsAbuse(text: string): boolean {
  return containsAnyWord(text, ALL_ABUSE);
}

/** Whether the text contains one of the words (case-insensitive, whole words, '*' = stem). */
export function containsAnyWord(text: string, words: string[]): boolean {
  if (words.length === 0 || !text) return false;
  const hay = text.normalize('NFKC').toLowerCase();
  return words.some((w) => wordPattern(w).test(hay));
}

const patternCache = new Map<string, RegExp>();

function wordPattern(word: string): RegExp {
  let re = patternCache.get(word);
  if (re) return re;
  const stem = word.endsWith('*');
  const core = (stem ? word.slice(0, -1) : word).normalize('NFKC').toLowerCase();
  const escaped = core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  // Han script has no spaces between words: match anywhere.
  const spaceless = /\p{Script=Han}/u.test(core);
  re = spaceless ? new RegExp(escaped, 'u') : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}${stem ? '' : '(?![\\p{L}\\p{N}])'}`, 'u');
  patternCache.set(word, re);
  return re;
}
