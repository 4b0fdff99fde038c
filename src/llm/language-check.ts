import type { Lang } from '../vocabulary';

/**
 * A small language guess for the bot's own drafts: script for Chinese and Russian,
 * frequent short words for the Latin-script languages. Good enough to catch a draft in
 * the wrong language; not a general detector.
 */
const COMMON_WORDS: Record<Exclude<Lang, 'zh' | 'ru'>, string[]> = {
  en: ['the', 'your', 'you', 'is', 'and', 'it', 'will', 'has', 'been', 'of', 'to', 'on', 'we', 'order', 'be', 'with', 'for', 'by', 'can', 'this', 'should', 'arrive', "it's", 'was', 'are'],
  es: ['el', 'la', 'los', 'las', 'tu', 'su', 'es', 'y', 'de', 'que', 'en', 'por', 'con', 'pedido', 'está', 'llegará', 'puedes', 'para', 'una', 'del', 'se', 'ha', 'sido', 'hola', 'gracias'],
  fr: ['le', 'la', 'les', 'votre', 'vous', 'est', 'et', 'de', 'que', 'en', 'pour', 'avec', 'commande', 'sera', 'des', 'du', 'une', 'il', 'elle', 'a', 'été', 'bonjour', 'merci', 'pouvez', 'au'],
  de: ['der', 'die', 'das', 'ihre', 'ihr', 'sie', 'ist', 'und', 'von', 'mit', 'für', 'wird', 'bestellung', 'den', 'dem', 'ein', 'eine', 'wurde', 'auf', 'zu', 'hallo', 'danke', 'können', 'nicht', 'bis'],
  it: ['il', 'la', 'le', 'tuo', 'tua', 'suo', 'è', 'e', 'di', 'che', 'per', 'con', 'ordine', 'sarà', 'del', 'della', 'una', 'un', 'stato', 'ciao', 'grazie', 'puoi', 'arriverà', 'nel', 'al'],
  pt: ['o', 'a', 'os', 'as', 'seu', 'sua', 'é', 'e', 'de', 'que', 'em', 'para', 'com', 'pedido', 'será', 'do', 'da', 'uma', 'um', 'foi', 'olá', 'obrigado', 'pode', 'chegará', 'está'],
};

export function detectLanguage(text: string): Lang | undefined {
  const letters = [...text.matchAll(/\p{L}/gu)].length;
  if (letters === 0) return undefined;
  const han = [...text.matchAll(/\p{Script=Han}/gu)].length;
  if (han / letters > 0.3) return 'zh';
  const cyrillic = [...text.matchAll(/\p{Script=Cyrillic}/gu)].length;
  if (cyrillic / letters > 0.5) return 'ru';
  const words = (text.toLowerCase().match(/[\p{L}']+/gu) ?? []);
  const scores = (Object.entries(COMMON_WORDS) as [Lang, string[]][])
    .map(([lang, common]) => ({ lang, score: words.filter((w) => common.includes(w)).length }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  // Needs a clear lead: "de" and "a" are common to several languages.
  return best.score >= 2 && best.score > second.score ? best.lang : undefined;
}

/**
 * Is the draft in the expected language? A draft too short to tell passes only when
 * the approved answer is too short to tell as well.
 */
export function isInLanguage(draft: string, expected: Lang, templateAnswer: string): boolean {
  const detected = detectLanguage(draft);
  if (detected) return detected === expected;
  return detectLanguage(templateAnswer) === undefined;
}
