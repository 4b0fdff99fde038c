import { LANGUAGES, type Lang } from '../vocabulary';
import { zoneFor } from '../knowledge/match';
import type { Knowledge, Zone } from '../knowledge/schema';

/**
 * Finds the destination a shipping question names, in any language the bot speaks:
 * a zone's own names and aliases first ("Canarias", "Kanaren"), then country names from
 * Intl ("Canada", "Schweiz", "Germania", "Германию": a final vowel may change and up to
 * two letters may follow, as in Russian and Italian inflection).
 *
 * Names are looked up word by word in maps built once (a regular expression per name
 * would cost a second to compile for the ~2,000 country names).
 */
export interface NamedPlace { zone?: Zone; zoneIndex?: number; country?: string }

interface Candidate { name: string; zoneIndex?: number; country: string; fromZone: boolean }

export function placeNamedIn(question: string, knowledge: Knowledge): NamedPlace | undefined {
  const words = wordsOf(question);
  const hits = [...findIn(zoneIndexFor(knowledge), question, words), ...findIn(countryIndex(), question, words)];
  if (hits.length === 0) return undefined;
  // The longest name wins; on a tie a zone's own word, then a destination we ship to.
  const ranked = hits.map((c) => {
    const zone = c.zoneIndex !== undefined ? { zone: knowledge.shipping.zones[c.zoneIndex], index: c.zoneIndex } : zoneFor(knowledge, { country: c.country });
    return { c, zone, score: c.name.length * 4 + (c.fromZone ? 2 : 0) + (zone ? 1 : 0) };
  });
  const best = ranked.reduce((a, b) => (b.score > a.score ? b : a));
  return { zone: best.zone?.zone, zoneIndex: best.zone?.index, country: best.c.country };
}

/** The place's name in the answer's language. */
export function placeName(place: NamedPlace, lang: Lang): string {
  if (place.zone?.names) return place.zone.names[lang];
  return place.country ? (displayNames(lang).of(place.country) ?? place.country) : '';
}

// ------------------------------------------------------------------ index

interface NameIndex {
  /** Normalised name (words joined by one space) → candidates. */
  exact: Map<string, Candidate[]>;
  /** Name without a final vowel → candidates (inflected forms add up to two letters). */
  stems: Map<string, Candidate[]>;
  /** Short names that are also common words ("Peru", "Того"): only as written. */
  caseSensitive: Map<string, Candidate[]>;
  /** Chinese names, found as substrings. */
  han: Candidate[];
}

const MAX_WORDS = 4;

function findIn(index: NameIndex, question: string, words: { plain: string[]; original: string[] }): Candidate[] {
  const found: Candidate[] = index.han.filter((c) => question.includes(c.name));
  for (let i = 0; i < words.plain.length; i++) {
    for (let n = 1; n <= MAX_WORDS && i + n <= words.plain.length; n++) {
      const gram = words.plain.slice(i, i + n).join(' ');
      found.push(...(index.exact.get(gram) ?? []), ...(index.caseSensitive.get(words.original.slice(i, i + n).join(' ')) ?? []));
      for (let cut = 0; cut <= 2 && gram.length - cut >= 4; cut++) found.push(...(index.stems.get(gram.slice(0, gram.length - cut)) ?? []));
    }
  }
  return found;
}

function buildIndex(entries: { name: string; candidate: Omit<Candidate, 'name'>; shortNeedsCase: boolean }[]): NameIndex {
  const index: NameIndex = { exact: new Map(), stems: new Map(), caseSensitive: new Map(), han: [] };
  const add = (map: Map<string, Candidate[]>, key: string, c: Candidate) => map.set(key, [...(map.get(key) ?? []), c]);
  for (const { name, candidate, shortNeedsCase } of entries) {
    const c = { ...candidate, name };
    if (/\p{Script=Han}/u.test(name)) {
      index.han.push(c);
      continue;
    }
    const plain = wordsOf(name).plain.join(' ');
    if (plain.length < 2) continue;
    if (plain.length <= 4) {
      if (shortNeedsCase) add(index.caseSensitive, wordsOf(name).original.join(' '), c);
      else add(index.exact, plain, c);
      continue;
    }
    add(index.exact, plain, c);
    add(index.stems, /[aeiouyаеёиоуыэюяь]$/u.test(plain) ? plain.slice(0, -1) : plain, c);
  }
  return index;
}

const zoneIndexes = new WeakMap<Knowledge['shipping'], NameIndex>();
function zoneIndexFor(knowledge: Knowledge): NameIndex {
  let index = zoneIndexes.get(knowledge.shipping);
  if (!index) {
    index = buildIndex(knowledge.shipping.zones.flatMap((zone, zoneIndex) =>
      [...zone.aliases, ...Object.values(zone.names ?? {})].map((name) => ({ name, candidate: { zoneIndex, country: zone.countries[0], fromZone: true }, shortNeedsCase: false }))));
    zoneIndexes.set(knowledge.shipping, index);
  }
  return index;
}

/** Codes Intl names that are not destinations (the EU, the UN, "unknown region", former countries). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'AA', 'XA', 'XB', 'DD', 'YU', 'CS', 'SU', 'ZR', 'TP', 'BU', 'NT', 'FX', 'YD', 'AN']);

let countries: NameIndex | undefined;
/** Every two-letter region Intl knows, named in each of the bot's languages (built once). */
function countryIndex(): NameIndex {
  if (countries) return countries;
  const entries: Parameters<typeof buildIndex>[0] = [];
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (NOT_COUNTRIES.has(code)) continue;
      const names = new Set(LANGUAGES.map((lang) => displayNames(lang).of(code)).filter((n): n is string => !!n && n !== code));
      for (const name of names) entries.push({ name, candidate: { country: code, fromZone: false }, shortNeedsCase: true });
    }
  }
  countries = buildIndex(entries);
  return countries;
}

function wordsOf(s: string): { plain: string[]; original: string[] } {
  const original = s.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return { original, plain: original.map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()) };
}

const namesCache = new Map<Lang, Intl.DisplayNames>();
function displayNames(lang: Lang): Intl.DisplayNames {
  let d = namesCache.get(lang);
  if (!d) {
    d = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    namesCache.set(lang, d);
  }
  return d;
}
