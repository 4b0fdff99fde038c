import type { Lang } from '../vocabulary';
import type { MessageKey, MessageParams } from './keys';
import { languagePack } from './templates';

/** A sentence of the message catalog in the shopper's language. */
export function message<K extends MessageKey>(lang: Lang, key: K, params: MessageParams[K]): string {
  return languagePack(lang).catalog[key](params);
}

export { renderOrderAnswer, type OrderAnswer, type OrderAnswerOptions, type OrderFocus } from './order-answer';
export { renderPolicyAnswer, type PolicyTopic, type PolicyAnswerOptions } from './policy-answer';
export type { FactSheet, Fact } from './facts';
export { LANGUAGE_PACKS, languagePack } from './templates';
