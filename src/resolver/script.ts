/**
 * Writing systems the shopper may use for a language the bot knows in another form:
 * Russian typed in Latin letters ("gde moi zakaz") and Chinese in Traditional characters.
 * The resolver reads both in the script its data is in (Cyrillic, Simplified); replies in
 * Chinese go back in the shopper's script (OpenCC).
 */
import CyrillicToTranslit from 'cyrillic-to-translit-js';
import * as OpenCC from 'opencc-js';

/** Words (or their starts) that only Russian in Latin letters uses. */
const TRANSLIT_STEMS = [
  'gde', 'kogda', 'zakaz', 'posylk', 'posilk', 'dostavk', 'dostavl', 'spasib', 'privet', 'zdravstv', 'zdrastv', 'hochu', 'khochu', 'xochu',
  'pogovor', 'chelovek', 'pochemu', 'uznat', 'eshche', 'eshe', 'uzhe', 'skolko', 'prishel', 'prishla', 'prishlo', 'poluchil', 'vernut',
  'vernite', 'otmen', 'pozhalu', 'pojalu', 'dengi', 'tovar', 'kurer', 'pochta', 'pochtu', 'nomer', 'indeks', 'otslezh', 'trek', 'dobryi',
  'dobryj', 'dobriy', 'vozvrat', 'obmen', 'mne', 'menya', 'moi', 'moy', 'moj', 'moya', 'moyu', 'vash', 'pochtoi', 'paket', 'svyaz',
  'operator', 'podskazh', 'pomogit', 'pomoch', 'nuzhen', 'nuzhno', 'davno', 'nedel', 'segodnya', 'zavtra', 'adres', 'izmenit', 'pomenyat',
  'otpish', 'prekrat', 'uvedoml', 'soobsh', 'ne', 'net', 'eto', 'chto', 'kak', 'pokupk', 'prodavec', 'magazin', 'otprav', 'skazh',
  'hotya', 'khotya', 'kuda', 'edet', 'gorod', 'seichas', 'seychas', 'ladno', 'horosho', 'khorosho', 'nichego', 'voobshche', 'mozhno',
  'mozhete', 'pomogite', 'bolshe', 'ochen', 'dolgo', 'prosto', 'tolko', 'kakoi', 'kakoy', 'zdes', 'poluch', 'prishl',
];
/** Stems too short or shared with other languages to count alone ("ne", "net", "trek"...). */
const WEAK = new Set(['ne', 'net', 'eto', 'chto', 'kak', 'mne', 'moi', 'moy', 'moj', 'trek', 'paket', 'operator', 'nomer', 'adres', 'tovar', 'vash']);

function stemOf(word: string): string | undefined {
  return TRANSLIT_STEMS.find((s) => (WEAK.has(s) ? word === s : word.startsWith(s)));
}

/** Russian written in Latin letters: one strong stem in a short message, two stems (one strong) in a longer one. */
export function isTranslitRussian(foldedWords: string[]): boolean {
  const latin = foldedWords.filter((w) => /^[a-z]+$/.test(w));
  if (latin.length === 0 || latin.length < foldedWords.length / 2) return false;
  const stems = latin.map(stemOf).filter((s): s is string => !!s);
  const strong = stems.filter((s) => !WEAK.has(s)).length;
  return strong >= 1 && (stems.length >= 2 || latin.length <= 6);
}

const translit = CyrillicToTranslit({ preset: 'ru' });

/** "gde moi zakaz" -> "где мои заказ": close enough for the classifier and the rules. */
export function toCyrillic(text: string): string {
  // The library spells х as "kh"; shoppers often write a bare "h".
  return translit.reverse(text.replace(/(?<![cszk])h/gi, (h) => (h === 'H' ? 'Kh' : 'kh')));
}

/** A converter built on its first use: building one reads its dictionaries (about 0.1 s each at start). */
function converter(options: OpenCC.ConverterOptions): (text: string) => string {
  let convert: ((text: string) => string) | undefined;
  return (text) => (convert ??= OpenCC.Converter(options))(text);
}

const toSimplified = converter({ from: 'tw', to: 'cn' });
const toTaiwan = converter({ from: 'cn', to: 'tw' });
const toHongKong = converter({ from: 'cn', to: 'hk' });

export type ChineseScript = 'Hans' | 'Hant';

/**
 * A Chinese message in Simplified characters, and the script it was written in (Traditional
 * when the conversion changed it); other text as it is, with no script.
 */
export function inSimplified(text: string): { text: string; script?: ChineseScript } {
  if (!/\p{Script=Han}/u.test(text)) return { text };
  const converted = toSimplified(text);
  return { text: converted, script: converted === text ? 'Hans' : 'Hant' };
}

export function simplified(text: string): string {
  return toSimplified(text);
}

/** A Simplified Chinese reply in Traditional characters: Hong Kong forms for zh-HK/zh-MO, Taiwan forms otherwise. */
export function traditional(text: string, locale?: string): string {
  return /^zh-(hk|mo)/i.test(locale ?? '') ? toHongKong(text) : toTaiwan(text);
}

/** The script a Chinese locale implies (zh-TW, zh-HK, zh-MO, zh-Hant: Traditional). */
export function chineseScriptOfLocale(locale?: string): ChineseScript | undefined {
  if (!locale || !/^zh/i.test(locale)) return undefined;
  return /^zh-(tw|hk|mo|hant)/i.test(locale) ? 'Hant' : 'Hans';
}
