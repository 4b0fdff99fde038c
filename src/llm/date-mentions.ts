/**
 * Finds dates written in the languages the bot speaks, so a draft's dates can be
 * compared with the order's: ISO dates and timestamps, numeric dates (25.11., 11/25,
 * 25/11/2026), month names (25 de noviembre, November 25, 25. November, 25 ноября),
 * Chinese dates (11月25日), bare months (in December), weekdays and relative days.
 */

export interface CalendarDay {
  year?: number;
  month: number;
  /** Absent for a bare month ("in December"). */
  day?: number;
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  /** Every reading of the mention (11/05 can be 11 May or 5 November). */
  readings: CalendarDay[];
  /** Set for an ISO timestamp: shown in the shop's time zone, it may fall on a neighbouring day. */
  timestamp?: boolean;
}

export interface DayWordMention {
  start: number;
  end: number;
  text: string;
  /** 0 = Sunday ... 6 = Saturday, for weekday names; undefined for today/tomorrow words. */
  weekday?: number;
}

const MONTH_NAMES: Record<string, number> = {};
function months(names: string[][]): void {
  names.forEach((forms, i) => forms.forEach((form) => (MONTH_NAMES[form] = i + 1)));
}
// en
months([['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['may'], ['june', 'jun'], ['july', 'jul'], ['august', 'aug'], ['september', 'sept', 'sep'], ['october', 'oct'], ['november', 'nov'], ['december', 'dec']]);
// es
months([['enero', 'ene'], ['febrero'], ['marzo'], ['abril', 'abr'], ['mayo'], ['junio'], ['julio'], ['agosto', 'ago'], ['septiembre', 'setiembre'], ['octubre'], ['noviembre'], ['diciembre', 'dic']]);
// fr
months([['janvier', 'janv'], ['février', 'fevrier', 'févr', 'fevr'], ['mars'], ['avril', 'avr'], ['mai'], ['juin'], ['juillet', 'juil'], ['août', 'aout'], ['septembre'], ['octobre'], ['novembre'], ['décembre', 'decembre', 'déc']]);
// de
months([['januar', 'jänner'], ['februar'], ['märz', 'maerz', 'mrz'], ['april'], ['mai'], ['juni'], ['juli'], ['august'], ['september'], ['oktober', 'okt'], ['november'], ['dezember', 'dez']]);
// it
months([['gennaio', 'gen'], ['febbraio'], ['marzo'], ['aprile'], ['maggio', 'mag'], ['giugno', 'giu'], ['luglio', 'lug'], ['agosto'], ['settembre', 'set'], ['ottobre', 'ott'], ['novembre'], ['dicembre']]);
// pt
months([['janeiro'], ['fevereiro', 'fev'], ['março', 'marco'], ['abril'], ['maio'], ['junho'], ['julho'], ['agosto'], ['setembro'], ['outubro', 'out'], ['novembro'], ['dezembro']]);
// ru: genitive (25 ноября), nominative and short forms
months([['января', 'январь', 'янв'], ['февраля', 'февраль', 'фев'], ['марта', 'март'], ['апреля', 'апрель', 'апр'], ['мая', 'май'], ['июня', 'июнь', 'июн'], ['июля', 'июль', 'июл'], ['августа', 'август', 'авг'], ['сентября', 'сентябрь', 'сен'], ['октября', 'октябрь', 'окт'], ['ноября', 'ноябрь', 'ноя'], ['декабря', 'декабрь', 'дек']]);

/** Month words that are also everyday words ("you may", "march", "ago", "out") count only next to a day number. */
const AMBIGUOUS_ALONE = new Set(['may', 'march', 'mar', 'jan', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ago', 'set', 'out', 'gen', 'mag', 'giu', 'lug', 'ott', 'fev', 'dic', 'ene', 'abr', 'avr', 'janv', 'juil', 'févr', 'fevr', 'déc', 'okt', 'dez', 'mrz', 'янв', 'фев', 'апр', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек']);

const byLength = (a: string, b: string) => b.length - a.length;
const ALL_MONTHS = Object.keys(MONTH_NAMES).sort(byLength).join('|');
const LONE_MONTHS = Object.keys(MONTH_NAMES).filter((m) => !AMBIGUOUS_ALONE.has(m)).sort(byLength).join('|');

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}])';

const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)/g;
const CHINESE = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]/g;
const DAY_MONTH = new RegExp(`${NOT_LETTER_BEFORE}(\\d{1,2})(?:st|nd|rd|th|er|º|°|\\.)?\\s*(?:de\\s+|of\\s+)?(${ALL_MONTHS})${NOT_LETTER_AFTER}\\.?(?:,?\\s*(?:de\\s+)?(\\d{4})(?!\\d))?`, 'giu');
const MONTH_DAY = new RegExp(`${NOT_LETTER_BEFORE}(${ALL_MONTHS})${NOT_LETTER_AFTER}\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{N}])(?:,?\\s*(\\d{4})(?!\\d))?`, 'giu');
const MONTH_ALONE = new RegExp(`${NOT_LETTER_BEFORE}(${LONE_MONTHS})${NOT_LETTER_AFTER}(?:\\s+(?:de\\s+)?(\\d{4})(?!\\d))?`, 'giu');
const NUMERIC = /(?<![\d.,/-])(\d{1,4})([./-])(\d{1,2})(?:\2(\d{2,4}))?\.?(?![\d]|[./-]\d)/g;

/** Every date mention in the text, longest readings first, without overlaps. */
export function findDateMentions(text: string): DateMention[] {
  const found: DateMention[] = [];
  const add = (match: RegExpExecArray, readings: CalendarDay[], timestamp = false) => {
    const start = match.index;
    const end = start + match[0].length;
    if (readings.length === 0 || found.some((m) => start < m.end && m.start < end)) return;
    found.push({ start, end, text: match[0], readings, ...(timestamp ? { timestamp } : {}) });
  };
  for (const m of text.matchAll(ISO)) add(m, valid([{ year: +m[1], month: +m[2], day: +m[3] }]), m[4] !== undefined);
  for (const m of text.matchAll(CHINESE)) add(m, valid([{ year: optionalYear(m[1]), month: +m[2], day: +m[3] }]));
  for (const m of text.matchAll(DAY_MONTH)) add(m, valid([{ year: optionalYear(m[3]), month: monthOf(m[2]), day: +m[1] }]));
  for (const m of text.matchAll(MONTH_DAY)) add(m, valid([{ year: optionalYear(m[3]), month: monthOf(m[1]), day: +m[2] }]));
  for (const m of text.matchAll(NUMERIC)) add(m, numericReadings(m));
  for (const m of text.matchAll(MONTH_ALONE)) add(m, [{ year: optionalYear(m[2]), month: monthOf(m[1]) }]);
  return found.sort((a, b) => a.start - b.start);
}

function numericReadings(m: RegExpExecArray): CalendarDay[] {
  const [, first, separator, second, third] = m;
  if (first.length === 4) return third ? valid([{ year: +first, month: +second, day: +third }]) : [];
  if (first.length === 3) return [];
  // "1.5" and "12.50" are amounts more often than dates: a dotted pair needs the closing dot (25.11.).
  if (separator === '.' && !third && !m[0].endsWith('.')) return [];
  const year = third ? (third.length === 2 ? 2000 + +third : third.length === 4 ? +third : NaN) : undefined;
  if (Number.isNaN(year)) return [];
  return valid([
    { year, month: +second, day: +first },
    { year, month: +first, day: +second },
  ]);
}

function valid(days: CalendarDay[]): CalendarDay[] {
  const ok = days.filter((d) => d.month >= 1 && d.month <= 12 && (d.day === undefined || (d.day >= 1 && d.day <= 31)));
  return ok.filter((d, i) => ok.findIndex((o) => o.month === d.month && o.day === d.day && o.year === d.year) === i);
}

function monthOf(name: string): number {
  return MONTH_NAMES[name.toLowerCase()];
}

function optionalYear(text: string | undefined): number | undefined {
  return text === undefined ? undefined : +text;
}

/** The days an allowed date stands for: a timestamp may show as the day before or after in the shop's zone. */
export function allowedDays(mention: DateMention): CalendarDay[] {
  if (!mention.timestamp) return mention.readings;
  return mention.readings.flatMap((d) => [-1, 0, 1].map((shift) => shiftDay(d, shift)));
}

function shiftDay(day: CalendarDay, shift: number): CalendarDay {
  if (day.year === undefined || day.day === undefined) return day;
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + shift));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Does a date in a draft stand for one of the allowed days? Each side's missing parts are not compared. */
export function sameDay(claimed: CalendarDay, allowed: CalendarDay): boolean {
  if (claimed.month !== allowed.month) return false;
  if (claimed.day !== undefined && claimed.day !== allowed.day) return false;
  return claimed.year === undefined || allowed.year === undefined || claimed.year === allowed.year;
}

export function weekdayOf(day: CalendarDay): number | undefined {
  if (day.year === undefined || day.day === undefined) return undefined;
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
}

const WEEKDAYS: string[][] = [
  ['sunday', 'domingo', 'dimanche', 'sonntag', 'domenica', 'воскресенье', '星期日', '星期天', '周日'],
  ['monday', 'lunes', 'lundi', 'montag', 'lunedì', 'lunedi', 'segunda-feira', 'понедельник', '星期一', '周一'],
  ['tuesday', 'martes', 'mardi', 'dienstag', 'martedì', 'martedi', 'terça-feira', 'terca-feira', 'вторник', '星期二', '周二'],
  ['wednesday', 'miércoles', 'miercoles', 'mercredi', 'mittwoch', 'mercoledì', 'mercoledi', 'quarta-feira', 'среду', 'среда', '星期三', '周三'],
  ['thursday', 'jueves', 'jeudi', 'donnerstag', 'giovedì', 'giovedi', 'quinta-feira', 'четверг', '星期四', '周四'],
  ['friday', 'viernes', 'vendredi', 'freitag', 'venerdì', 'venerdi', 'sexta-feira', 'пятницу', 'пятница', '星期五', '周五'],
  ['saturday', 'sábado', 'sabado', 'samedi', 'samstag', 'sonnabend', 'sabato', 'субботу', 'суббота', '星期六', '周六'],
];
const RELATIVE_DAYS = ['today', 'tonight', 'tomorrow', 'yesterday', 'hoy', 'mañana', 'ayer', "aujourd'hui", 'aujourd’hui', 'demain', 'hier', 'heute', 'morgen', 'übermorgen', 'gestern', 'oggi', 'domani', 'ieri', 'hoje', 'amanhã', 'ontem', 'сегодня', 'завтра', 'вчера', '今天', '明天', '后天', '昨天'];

const WEEKDAY_OF: Record<string, number> = {};
WEEKDAYS.forEach((names, weekday) => names.forEach((n) => (WEEKDAY_OF[n] = weekday)));
const isChinese = (word: string) => /\p{Script=Han}/u.test(word);
const dayWords = [...Object.keys(WEEKDAY_OF), ...RELATIVE_DAYS].sort(byLength);
const SPACED_DAY_WORDS = dayWords.filter((w) => !isChinese(w)).map(escapeRegExp).join('|');
const CHINESE_DAY_WORDS = dayWords.filter(isChinese).join('|');
// "Guten Morgen" greets; it is not a date. Chinese words have no spaces around them.
const DAY_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(?<!guten\\s)(${SPACED_DAY_WORDS})(?![\\p{L}])|(${CHINESE_DAY_WORDS})`, 'giu');

/** Weekday names and today/tomorrow words: dates too, only relative. */
export function findDayWordMentions(text: string): DayWordMention[] {
  return [...text.matchAll(DAY_WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0], weekday: WEEKDAY_OF[m[0].toLowerCase()] }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
