/**
 * Regional variants of a language the templates are written in one form of: Portuguese
 * (European templates, Brazilian shoppers), Spanish (Spain, Latin America) and French
 * (France, Canada). The shopper's own words decide; a message without telling words keeps the
 * conversation's variant, else the locale's.
 */
import type { Lang, RegionalVariant } from '../vocabulary';

interface Markers {
  variant: RegionalVariant;
  words: RegExp;
}

const word = (alternatives: string) => new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, 'iu');

/** Words (in the shopper's message) that one variant uses and the other does not. First match wins. */
const MARKERS: Partial<Record<Lang, Markers[]>> = {
  pt: [
    { variant: 'pt-PT', words: word('telemóvel|telemovel|morada|equipa|autocarro|ctt|portes|está a|estou a') },
    { variant: 'pt-BR', words: word('cadê|cade|você|voce|vc|vcs|celular|cep|tá|ta|pra|pro|ônibus|a gente|valeu|beleza|blz|oi|oii|moço|moça|legal|trem|demorando|rastreio') },
  ],
  es: [
    { variant: 'es-ES', words: word('vosotros|vosotras|vuestro|vuestra|vuestros|tenéis|teneis|podéis|podeis|sabéis|habéis|os|móvil|movil|ordenador|vale|tío|guay|mola') },
    { variant: 'es-419', words: word('celular|ahorita|checar|chequen|paquetería|paqueteria|platicar|computadora|ustedes me|órale|orale|chido|qué onda|que onda|acá|aca|che|boludo|plata') },
  ],
  fr: [
    { variant: 'fr-CA', words: word('courriel|cellulaire|cell|magasiner|présentement|presentement|tantôt|tantot|pantoute|icitte|char|dépanneur|depanneur|fin de semaine|bin|pis|ben là|ben la|chu') },
    { variant: 'fr-FR', words: word('portable|week-end|weekend|mail|mails') },
  ],
};

/** The variant a locale names ('pt-BR', 'es-MX', 'es-419', 'fr-CA'), for languages that have variants. */
function variantOfLocale(lang: Lang, locale?: string): RegionalVariant | undefined {
  const match = /^([a-z]{2})(?:[-_]([a-z0-9]{2,3}))?/i.exec(locale ?? '');
  if (!match || match[1].toLowerCase() !== lang) return undefined;
  const region = match[2]?.toUpperCase();
  if (!region) return undefined;
  if (lang === 'pt') return region === 'BR' ? 'pt-BR' : 'pt-PT';
  if (lang === 'es') return region === 'ES' ? 'es-ES' : 'es-419';
  if (lang === 'fr') return region === 'CA' ? 'fr-CA' : 'fr-FR';
  return undefined;
}

/** Variants stored by earlier versions ('BR', 'PT' for Portuguese). */
const LEGACY: Record<string, RegionalVariant> = { BR: 'pt-BR', PT: 'pt-PT' };

/**
 * The variant to answer in: the shopper's telling words, else the conversation's earlier
 * variant of this language, else the locale's. Undefined: the templates' own form.
 */
export function regionalVariantOf(lang: Lang, text: string, locale?: string, earlier?: string): RegionalVariant | undefined {
  const said = MARKERS[lang]?.find((m) => m.words.test(text))?.variant;
  if (said) return said;
  const kept = earlier ? (LEGACY[earlier] ?? earlier) : undefined;
  if (kept?.startsWith(`${lang}-`)) return kept as RegionalVariant;
  return variantOfLocale(lang, locale);
}
