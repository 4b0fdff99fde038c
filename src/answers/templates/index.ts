import type { Lang } from '../../vocabulary';
import type { LanguagePack } from './types';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { de } from './de';
import { it } from './it';
import { pt } from './pt';
import { ru } from './ru';
import { zh } from './zh';

/** Every language's wording; a missing language is a type error. */
export const LANGUAGE_PACKS: Record<Lang, LanguagePack> = { en, es, fr, de, it, pt, ru, zh };

export function languagePack(lang: Lang): LanguagePack {
  return LANGUAGE_PACKS[lang] ?? LANGUAGE_PACKS.en;
}
