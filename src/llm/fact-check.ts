import type { FactSheetRef } from '../vocabulary/fact-sheet';
import { allowedDays, findDateMentions, findDayWordMentions, sameDay, weekdayOf, type CalendarDay } from './date-mentions';
import { findStatusClaims, statusesInFactValues } from './status-words';

/**
 * The guardrail on model drafts: every checkable claim in a draft (link, email, date,
 * weekday, tracking-like code, number, carrier, proper name, parcel status) must match
 * the order's fact sheet or the approved template answer. Anything else rejects the
 * draft, so the model can reword but never add data.
 */

export type ClaimKind = 'url' | 'email' | 'date' | 'day' | 'code' | 'number' | 'carrier' | 'name' | 'status';

export interface UnmatchedClaim {
  kind: ClaimKind;
  /** The draft's text for this claim (for tests; never log it). */
  text: string;
}

export interface FactCheckInput {
  draft: string;
  facts: FactSheetRef;
  templateAnswer: string;
  /** What the shopper wrote in this conversation: their own words may be echoed (a name), never their numbers. */
  shopperTexts?: string[];
  shopName?: string;
}

export interface FactCheckResult {
  ok: boolean;
  unmatched: UnmatchedClaim[];
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'\])]+/gi;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Letters and at least two digits, 5+ characters: tracking numbers, order numbers with a prefix, SKUs. */
const CODE = /(?<![A-Za-z0-9-])(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\d){2})[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?![A-Za-z0-9])/g;
/** Digit groups, with the separators phone numbers and amounts use. */
const NUMBER = /\+?\d+(?:[\s().,/-]{1,3}\d+)*/g;
const DIGIT_RUN = /\d+/g;

const CARRIERS = [
  'ups', 'usps', 'fedex', 'dhl', 'dpd', 'gls', 'tnt', 'hermes', 'evri', 'yodel', 'royal mail', 'parcelforce', 'canada post', 'postes canada', 'purolator',
  'ontrac', 'lasership', 'amazon', 'australia post', 'auspost', 'postnl', 'bpost', 'colissimo', 'chronopost', 'la poste', 'mondial relay', 'correos', 'seur',
  'mrw', 'nacex', 'ctt', 'correios', 'jadlog', 'loggi', 'poste italiane', 'brt', 'bartolini', 'sda', 'deutsche post', 'swiss post', 'postnord', 'inpost',
  'aramex', 'estafeta', 'sendle', 'sf express', 'ems', 'china post', 'japan post', 'yamato', 'sagawa', 'cdek', 'сдэк', 'почта россии', 'boxberry',
  '顺丰', '中通', '圆通', '申通', '韵达', '京东物流', '中国邮政', '邮政',
];
const CARRIER = new RegExp(
  CARRIERS.map((c) => (/\p{Script=Han}/u.test(c) ? c : `(?<![\\p{L}\\p{N}])${c.replace(/ /g, '\\s{1,3}')}(?![\\p{L}\\p{N}])`)).join('|'),
  'giu',
);

/** Capitalised words that name nothing: pronouns, courtesy forms, German nouns a rewrite commonly uses. */
const COMMON_CAPITALISED = new Set([
  'i', "i'm", "i'll", "i've", "i'd", 'ok', 'okay', 'faq', 'usted', 'ustedes', 'ud', 'vd', 'lei', 'sie', 'ihnen', 'ihr', 'ihre', 'ihren', 'ihrem', 'ihrer', 'ihres',
  'bestellung', 'sendung', 'paket', 'lieferung', 'zustellung', 'versand', 'sendungsnummer', 'sendungsverfolgung', 'trackingnummer', 'link', 'bestellnummer',
  'nummer', 'status', 'adresse', 'lieferadresse', 'frage', 'fragen', 'hilfe', 'dank', 'grüße', 'gruß', 'tag', 'tage', 'tagen', 'woche', 'wochen', 'werktag',
  'werktage', 'werktagen', 'zeit', 'moment', 'info', 'informationen', 'kundenservice', 'kundendienst', 'team', 'person', 'rücksendung', 'rückgabe', 'umtausch',
  'erstattung', 'artikel', 'produkt', 'ware', 'lieferdatum', 'liefertermin', 'ankunft', 'paketdienst', 'sendungsstatus', 'benachrichtigung', 'update', 'updates',
  'e-mail', 'telefonnummer', 'postleitzahl', 'problem', 'probleme', 'verzögerung', 'nachricht', 'nachrichten', 'bescheid', 'geduld', 'verständnis', 'fall',
]);

export function checkDraftFacts(input: FactCheckInput): FactCheckResult {
  const allowed = allowedValues(input);
  const unmatched: UnmatchedClaim[] = [];
  const draft = new ClaimText(input.draft);
  const check = (kind: ClaimKind, text: string, ok: boolean) => {
    if (!ok) unmatched.push({ kind, text });
  };

  draft.take(URL, (url) => check('url', url, allowed.urls.has(normaliseUrl(url))));
  draft.take(EMAIL, (email) => check('email', email, allowed.emails.has(email.toLowerCase())));
  for (const mention of findDateMentions(draft.remaining)) {
    const ok = allowed.plain.includes(plain(mention.text)) || mention.readings.some((claimed) => allowed.days.some((day) => sameDay(claimed, day)));
    check('date', mention.text, ok);
    draft.blank(mention.start, mention.end);
  }
  for (const mention of findDayWordMentions(draft.remaining)) {
    const ok = allowed.dayWords.has(mention.text.toLowerCase()) || (mention.weekday !== undefined && allowed.weekdays.has(mention.weekday));
    check('day', mention.text, ok);
    draft.blank(mention.start, mention.end);
  }
  draft.take(CODE, (code) => check('code', code, allowed.codes.has(normaliseCode(code))));
  draft.take(NUMBER, (number) => check('number', number, isAllowedNumber(number, allowed)));
  draft.take(CARRIER, (carrier) => check('carrier', carrier, allowed.carriers.has(normaliseCarrier(carrier))));
  for (const word of capitalisedWordsInsideSentences(draft.remaining, input.draft)) {
    const lower = word.toLowerCase();
    check('name', word, allowed.words.has(lower) || COMMON_CAPITALISED.has(lower));
  }
  for (const status of findStatusClaims(input.draft)) check('status', status, allowed.statuses.has(status));
  return { ok: unmatched.length === 0, unmatched };
}

interface AllowedValues {
  /** Template and fact values, lower-cased without spaces: a date written exactly as given passes. */
  plain: string;
  urls: Set<string>;
  emails: Set<string>;
  days: CalendarDay[];
  weekdays: Set<number>;
  dayWords: Set<string>;
  codes: Set<string>;
  /** Digit-only forms of every number and digit run. */
  digits: Set<string>;
  carriers: Set<string>;
  words: Set<string>;
  statuses: ReturnType<typeof statusesInFactValues>;
}

function allowedValues(input: FactCheckInput): AllowedValues {
  const factValues = [input.facts.orderId, ...input.facts.facts.map((f) => f.value).filter((v) => v !== null).map(String)];
  const sources = [input.templateAnswer, ...factValues, ...(input.shopName ? [input.shopName] : [])];
  const text = sources.join('\n');

  const days = sources.flatMap((s) => findDateMentions(s).flatMap(allowedDays));
  const digits = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(NUMBER)) digits.add(onlyDigits(m[0]));
    for (const m of source.matchAll(DIGIT_RUN)) digits.add(m[0]);
  }
  const codes = new Set([...text.matchAll(CODE)].map((m) => normaliseCode(m[0])));
  for (const value of factValues) if (/\d/.test(value)) codes.add(normaliseCode(value));

  const wordsOf = (s: string) => (s.toLowerCase().match(/[\p{L}\p{M}'’-]+/gu) ?? []).flatMap((w) => [w, ...w.split(/['’-]/)]);
  return {
    plain: plain(text),
    urls: new Set([...text.matchAll(URL)].map((m) => normaliseUrl(m[0]))),
    emails: new Set([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase())),
    days,
    weekdays: new Set(days.map(weekdayOf).filter((d): d is number => d !== undefined)),
    dayWords: new Set(findDayWordMentions(input.templateAnswer).map((m) => m.text.toLowerCase())),
    codes,
    digits,
    carriers: new Set([...text.matchAll(CARRIER)].map((m) => normaliseCarrier(m[0]))),
    words: new Set([...sources, ...(input.shopperTexts ?? [])].flatMap(wordsOf)),
    statuses: new Set([...statusesInFactValues(factValues), ...findStatusClaims(input.templateAnswer)]),
  };
}

/**
 * A number passes when it is one of the allowed numbers, a local form of an allowed
 * phone number (its trailing digits), or made only of allowed digit runs ("25, 2").
 */
function isAllowedNumber(number: string, allowed: AllowedValues): boolean {
  const digits = onlyDigits(number);
  if (allowed.digits.has(digits)) return true;
  if (digits.length >= 7 && [...allowed.digits].some((d) => d.length > digits.length && d.endsWith(digits))) return true;
  return (number.match(DIGIT_RUN) ?? []).every((run) => allowed.digits.has(run));
}

/**
 * Capitalised words not at the start of a sentence, line or list item: likely names.
 * Words come from the blanked text; sentence starts from the original (a blanked date may have ended a sentence).
 */
function capitalisedWordsInsideSentences(text: string, original: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}\p{M}'’-]*/gu)) {
    const before = original.slice(0, m.index).replace(/(?<![\s"'“”‘’«»„([¡¿*•–—-])[\s"'“”‘’«»„([¡¿*•–—-]+$/u, '');
    const startsSentence = before === '' || /[.!?:;…。！？\n]$/u.test(before);
    if (!startsSentence) words.push(m[0].replace(/(?<!['’-])['’-]+$/u, ''));
  }
  return words;
}

/** The draft, with each checked claim blanked out so later, looser patterns do not see it again. */
class ClaimText {
  private chars: string[];
  constructor(text: string) {
    // One slot per UTF-16 unit, so regex indices stay valid.
    this.chars = text.split('');
  }
  get remaining(): string {
    return this.chars.join('');
  }
  blank(start: number, end: number): void {
    for (let i = start; i < end; i++) this.chars[i] = ' ';
  }
  take(pattern: RegExp, onMatch: (text: string) => void): void {
    for (const m of this.remaining.matchAll(pattern)) {
      const text = m[0].replace(/(?<![.,;:!?])[.,;:!?]+$/, '');
      if (text.trim() === '') continue;
      onMatch(text);
      this.blank(m.index, m.index + text.length);
    }
  }
}

function plain(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}
function onlyDigits(text: string): string {
  return text.replace(/\D/g, '');
}
function normaliseCode(code: string): string {
  return code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}
function normaliseUrl(url: string): string {
  return url.replace(/(?<![.,;:!?])[.,;:!?]+$/, '').replace(/(?<!\/)\/+$/, '').replace(/^https?:\/\//i, '').toLowerCase();
}
function normaliseCarrier(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ');
}
