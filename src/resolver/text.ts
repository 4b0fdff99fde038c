/** Text helpers shared by the language detector, the classifier and the rules. */

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CYRILLIC = /[\u0400-\u04ff]/;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

/**
 * Lower-cases and removes Latin diacritics so "Dónde" and "donde" (and typed-without-accents
 * text) look the same. Cyrillic й/ё keep their marks: stripping them would merge distinct words.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u00c0-\u024f]/g, (ch) => ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/ß/g, 'ss')
    .replace(/[’‘`´]/g, "'");
}

/** Words of a folded text: Latin/Cyrillic letter runs (apostrophes split "dov'è"), Han chars one by one. */
export function words(folded: string): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (HAN.test(w)) {
      for (const part of w.split(/([\u3400-\u9fff\uf900-\ufaff])/u)) if (part) out.push(part);
    } else out.push(w);
  }
  return out;
}

/** Letters-only words (numbers dropped), used where digits carry no meaning. */
export function letterWords(folded: string): string[] {
  return words(folded).filter((w) => /\p{L}/u.test(w));
}
