/**
 * Finds order numbers, emails, phone numbers and postcodes in shopper text.
 *
 * Matches are found in a fixed order (emails, postcodes named by a keyword, phones, unmistakable
 * postcodes, order numbers) and each match is blanked out of the working text, so a digit run is
 * claimed by one kind only: "zip 77002" is never an order number, "(512) 555-0101" never a postcode.
 */
import type { Entities, Expecting } from './types';

export interface EntityContext {
  expecting?: Expecting;
  /** Merchant prefix such as "SH-": lets "sh 20931" (space instead of dash) count as an order number. */
  orderPrefix?: string;
}

// Latin keywords need \b; Cyrillic/Han ones use letter look-arounds instead (\b is ASCII-only).
const POSTCODE_KEYWORD =
  /(?:\b(?:zip(?:\s*code)?|post\s*code|postal\s*code|code\s+postal|c\.?p|plz|postleitzahl|cap|c\.a\.p|cep|c[oó]digo\s+postal|codice\s+postale)\b\.?|(?<!\p{L})(?:почтовый\s+индекс|индекс)(?!\p{L})|邮编|邮政编码|郵遞區號|郵政編碼|郵編|邮递区号)/giu;
/** Words between a postcode keyword and its value: "is", "es el", "c'est", "ist", "é o", ":"... */
const POSTCODE_CONNECTOR = /^\s*(?:(?:(?:is|es|est|c['’]est|ist|lautet|è|é|el|la|le|o|der|die|это)(?!\p{L})|是|[:=\-–—])\s*){0,3}/iu;
const POSTCODE_VALUES: RegExp[] = [
  /^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/i, // UK
  /^[A-Z]\d[A-Z][\s-]?\d[A-Z]\d\b/i, // CA
  /^\d{5}-?\d{3}\b/, // BR (CEP)
  /^[A-Z]\d{4}[A-Z]{3}\b/i, // AR (CPA)
  /^\d{4}-\d{3}\b/, // PT
  /^\d{5}-\d{4}\b/, // US ZIP+4
  /^\d{4}\s?[A-Z]{2}\b/i, // NL (after a postcode keyword, "3511 az" is one)
  /^\d{3,6}\b/, // 5-digit EU/US, 4-digit CH/AT/BE/NL/PT short, 6-digit RU/CN/IN
  /^\d{3}\s\d{2}\b/, // SE/CZ style "114 55"
];

const PHONE_KEYWORD =
  /(?:\b(?:phone|tel|tlf|telephone|mobile|mob|cell|cellphone|m[oó]vil|tel[eé]fono|t[eé]l[eé]phone|portable|handy|handynummer|telefon|telefonnummer|cellulare|telem[oó]vel|celular|whatsapp)\b|(?<!\p{L})(?:телефон|тел|мобильный|номер\s+телефона)(?!\p{L})|手机号?码?|电话号?码?)/iu;
/** At most 26 characters: a phone has at most 15 digits, and a bounded candidate keeps the scan linear. */
const PHONE_CANDIDATE = /(?<![\w@.#-])\+?\(?\d[\d\s().-]{5,24}\d(?![\w@])/g;

export const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
export const URL = /\b(?:https?:\/\/|www\.)\S+/gi;

const ORDER_KEYWORD =
  /(?:\b(?:orders?|ordr|oder|ordre|order\s*(?:no|nr|num|number|id)|pedido|commande|cmd|bestell(?:ung|nr|nummer)?|ordine|encomenda|n[°º]|no\.|nr\.?|num\.?|number)\b\.?|№|(?<!\p{L})заказ[а-я]*(?!\p{L})|订单号?|单号)/giu;
const ORDER_KEYWORD_BEFORE = new RegExp(`(?:${ORDER_KEYWORD.source})\\s*$`, 'iu');
const ORDER_CONNECTOR = /^\s*(?:no\.?|nr\.?|n[°º]|num(?:ber|ero|éro)?\.?|#|:|is|es|est|ist|è|é|№|номер|号|是|-)?\s*/iu;
const ORDER_VALUE = /^#?(?:[a-z]{1,4}[-\s]?)?\d{3,10}(?![\w@])/i;

/** "EU-3318", and glued "ORD55012", "NL90817", "A7781" (a letter prefix, then at least three digits). */
const LETTER_PREFIXED_ORDER = /(?<![\w@.#])#?[a-z]{1,4}-?\d{3,10}(?![\w@-])/gi;
const HASH_ORDER = /(?<![\w@])#[a-z]{0,4}-?\d{3,10}(?![\w@])/gi;
const BARE_NUMBER = /(?<![\w@.,/:+\-#$€£¥])\d{4,8}(?![\w@/:-]|[.,]\d)/g;

const UK_POSTCODE = /(?<![\w@-])[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}(?![\w@])/gi;
/** Canada: letter-digit-letter, digit-letter-digit ("M5V 2A2", "m5v2a2"). */
const CA_POSTCODE = /(?<![\w@-])[a-z]\d[a-z][\s-]?\d[a-z]\d(?![\w@])/gi;
const DISTINCT_POSTCODES = [
  /(?<![\w@-])\d{4}-\d{3}(?![\w@-])/g, // PT
  /(?<![\w@-])\d{5}-\d{4}(?![\w@-])/g, // US ZIP+4
  /(?<![\w@-])\d{5}-\d{3}(?![\w@-])/g, // BR CEP
  /(?<![\w@-])[A-Z]\d{4}[A-Z]{3}(?![\w@])/g, // AR CPA
];
const NL_POSTCODE = /(?<![\w@-])\d{4}\s?(?!OR\b|ON\b|IS\b|OK\b|AM\b|PM\b|EU\b|SH\b|NO\b|IN\b|AT\b|TO\b|DE\b|ET\b|EN\b)[A-Z]{2}(?![\w@])/g;

/** A number followed by one of these is a quantity, an amount or a duration, not an order. */
const UNIT_AFTER =
  /^\s*(?:weeks?|days?|hours?|hrs?|mins?|minutes?|months?|years?|times|x|pcs|items?|km|kg|g|ml|eur|euros?|usd|dollars?|pounds?|€|\$|£|semanas?|d[ií]as?|horas?|meses|jours?|semaines?|heures?|mois|ans?|tage?n?|wochen?|stunden?|monate?n?|jahre?n?|giorni|settimane?|ore|mesi|anni|дн|недел|час|месяц|руб|天|周|小时|元|块)(?!\p{L})/iu;
const STREET_AFTER = /^\s+[a-z]+\.?\s+(?:st|street|ave|avenue|rd|road|blvd|dr|drive|lane|ln|way|court|ct)\b/i;
const YEAR = /^(?:19[89]\d|20[0-3]\d)$/;

const US_STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
/** "Boise, ID 83702": a capitalised city, a state and a ZIP (not "Bestellung DE 88123": see takeAddresses). */
const US_CITY_LINE = new RegExp(`(?<=\\p{Lu}\\p{Ll}{1,20},?\\s)(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?(?![\\p{N}])`, 'gu');

/**
 * Where an address starts: a house number before a street word ("12 Lake Rd"), a street word
 * before its number ("calle Mayor 5", "rue de la Paix 3", "Hauptstraße 12", "via Roma 10",
 * "ул. Ленина 5", "中山路88号"), or a US city line ("Boise, ID 83702"). Its numbers are never
 * order numbers.
 */
const ADDRESS_STARTS: RegExp[] = [
  /(?<![\p{L}\p{N}])\d{1,5}[a-z]?\s+(?:[\p{L}'’.-]{1,20}\s+){1,3}(?:st|street|rd|road|ave|avenue|blvd|boulevard|dr|drive|lane|ln|ct|court|hwy|highway|terrace|cres|crescent|sq|square)(?![\p{L}])\.?/giu,
  /(?<![\p{L}])(?:calle|c\/|avenida|avda\.?|paseo|plaza|rue|boulevard|chemin|allée|impasse|via|viale|piazza|corso|rua|travessa|largo|praça|ул\.?|улица|проспект|переулок)\s{1,3}[\p{L}'’. -]{2,40}?,?\s{0,3}\d{1,5}(?![\p{N}])/giu,
  /(?<![\p{L}])[\p{L}-]{2,30}(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm)\s*\d{1,5}[a-z]?(?![\p{N}])/giu,
  /[\p{Script=Han}]{1,10}(?:路|街|道|巷)\d{1,5}[号號]/gu,
  US_CITY_LINE,
];
/** An address runs to the end of its sentence, to "instead" or to the next order number, at most this far. */
const ADDRESS_END = /[.!?\n;#]|(?<!\p{L})(?:instead|en su lugar|à la place|stattdessen|invece|em vez|orders?|pedido|commande|bestellung|bestellnummer|ordine|encomenda|заказ|订单|訂單)(?!\p{L})/iu;
const ADDRESS_MAX_CHARS = 80;
/** The postcode of an address, kept as a detail while the bot waits for one (it may be the shipping address). */
const ADDRESS_POSTCODE = /(?<![\p{L}\p{N}])(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][\s-]?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{4}-\d{3}|\d{5}-\d{3}|\d{6})(?![\p{L}\p{N}])/iu;

/** Longer messages are cut: no shopper types details after 20,000 characters. */
const MAX_SCANNED_CHARS = 20_000;

/** Replaces a span with spaces so later patterns cannot reuse it, keeping offsets stable. */
function blank(text: string, start: number, length: number): string {
  return text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);
}

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}

function pushUnique(list: string[], value: string, key: (v: string) => string = (v) => v): void {
  if (!list.some((v) => key(v) === key(value))) list.push(value);
}

const orderKey = (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, '');
const phoneKey = (v: string) => v.replace(/\D/g, '');
const postcodeKey = (v: string) => v.toUpperCase().replace(/\s/g, '');

interface Scan {
  rest: string;
  found: Entities;
}

function takeEmails(scan: Scan): void {
  for (const m of scan.rest.matchAll(URL)) scan.rest = blank(scan.rest, m.index!, m[0].length);
  for (const m of scan.rest.matchAll(EMAIL)) {
    pushUnique(scan.found.emails, m[0].toLowerCase().replace(/(?<!\.)\.+$/, ''));
    scan.rest = blank(scan.rest, m.index!, m[0].length);
  }
}

/** Addresses are parsed as addresses: their numbers are blanked so no other finder reads them as orders. */
function takeAddresses(scan: Scan, expecting: Expecting | undefined): void {
  for (const pattern of ADDRESS_STARTS) {
    for (const m of scan.rest.matchAll(pattern)) {
      const start = m.index!;
      // "Pedido MX 20455", "Bestellung DE 88123": an order number with a prefix, not a city line.
      if (pattern === US_CITY_LINE && ORDER_KEYWORD_BEFORE.test(scan.rest.slice(Math.max(0, start - 24), start))) continue;
      const tail = scan.rest.slice(start + m[0].length, start + ADDRESS_MAX_CHARS);
      const end = start + m[0].length + (ADDRESS_END.exec(tail)?.index ?? tail.length);
      const span = scan.rest.slice(start, end);
      const postcode = ADDRESS_POSTCODE.exec(span.slice(pattern === US_CITY_LINE ? 2 : 0));
      if (postcode && expecting === 'verification') pushUnique(scan.found.postcodes, postcode[0], postcodeKey);
      scan.rest = blank(scan.rest, start, end - start);
    }
  }
}

function takeKeywordPostcodes(scan: Scan): void {
  for (const kw of scan.rest.matchAll(POSTCODE_KEYWORD)) {
    const afterKeyword = kw.index! + kw[0].length;
    const connector = POSTCODE_CONNECTOR.exec(scan.rest.slice(afterKeyword))![0];
    const valueStart = afterKeyword + connector.length;
    const tail = scan.rest.slice(valueStart);
    for (const pattern of POSTCODE_VALUES) {
      const value = pattern.exec(tail);
      if (!value) continue;
      pushUnique(scan.found.postcodes, value[0].trim(), postcodeKey);
      scan.rest = blank(scan.rest, valueStart, value[0].length);
      break;
    }
  }
}

/** A digit run is a phone when something besides its length says so (see the brief of the module). */
function looksLikePhone(candidate: string, keywordBefore: boolean): boolean {
  const digits = digitCount(candidate);
  if (digits < 7 || digits > 15) return false;
  if (candidate.startsWith('+') || keywordBefore) return true;
  if (/^\(\d{2,4}\)/.test(candidate) || /^\d\s?\(\d{3}\)/.test(candidate)) return digits >= 9;
  if (candidate.startsWith('0') && digits >= 9 && digits <= 12) return true;
  if (/^\d{3}[\s.-]\d{3}[\s.-]\d{3,4}$/.test(candidate)) return true;
  // Grouped with a dash or dot inside, like Russian "8 913 903-55-12" or "06.12.34.56.78".
  if (digits >= 10 && /[-.]/.test(candidate) && /^\d{1,4}(?:[\s.-]\d{2,4}){2,5}$/.test(candidate)) return true;
  return /^\d{10,13}$/.test(candidate);
}

function takePhones(scan: Scan): void {
  for (const m of scan.rest.matchAll(PHONE_CANDIDATE)) {
    let candidate = m[0].replace(/(?<![\s.(-])[\s.(-]+$/, '');
    let start = m.index!;
    const before = scan.rest.slice(Math.max(0, start - 24), start);
    const keywordBefore = PHONE_KEYWORD.test(before);
    // "1042 07700 900147": drop leading groups until the rest reads as a phone.
    while (!looksLikePhone(candidate, keywordBefore)) {
      const next = /^\S+\s+(?=\S)/.exec(candidate);
      if (!next || candidate.startsWith('+')) break;
      start += next[0].length;
      candidate = candidate.slice(next[0].length);
    }
    if (!looksLikePhone(candidate, keywordBefore)) continue;
    const typed = (candidate.startsWith('+') ? '+' : '') + candidate.replace(/\D/g, '');
    pushUnique(scan.found.phones, typed, phoneKey);
    scan.rest = blank(scan.rest, start, candidate.length);
  }
}

function takeDistinctPostcodes(scan: Scan, expecting: Expecting | undefined): void {
  const patterns = [UK_POSTCODE, CA_POSTCODE, ...DISTINCT_POSTCODES];
  if (expecting === 'verification') patterns.push(NL_POSTCODE);
  for (const pattern of patterns) {
    for (const m of scan.rest.matchAll(pattern)) {
      if (pattern === UK_POSTCODE && !/\d[a-z]{2}$/i.test(m[0])) continue;
      pushUnique(scan.found.postcodes, m[0], postcodeKey);
      scan.rest = blank(scan.rest, m.index!, m[0].length);
    }
  }
}

function takeOrder(scan: Scan, start: number, value: string): void {
  pushUnique(scan.found.orderNumbers, value.trim(), orderKey);
  scan.rest = blank(scan.rest, start, value.length);
}

function takeOrderNumbers(scan: Scan, opts: EntityContext): void {
  const prefixLetters = (opts.orderPrefix ?? '').replace(/[^a-z]/gi, '');
  if (prefixLetters) {
    const merchant = new RegExp(`(?<![\\w@.])#?${prefixLetters}[\\s-]?\\d{3,10}(?![\\w@])`, 'gi');
    for (const m of scan.rest.matchAll(merchant)) takeOrder(scan, m.index!, m[0]);
  }
  for (const m of scan.rest.matchAll(LETTER_PREFIXED_ORDER)) takeOrder(scan, m.index!, m[0]);
  for (const m of scan.rest.matchAll(HASH_ORDER)) takeOrder(scan, m.index!, m[0]);
  for (const kw of scan.rest.matchAll(ORDER_KEYWORD)) {
    const afterKeyword = kw.index! + kw[0].length;
    const connector = ORDER_CONNECTOR.exec(scan.rest.slice(afterKeyword))![0];
    const value = ORDER_VALUE.exec(scan.rest.slice(afterKeyword + connector.length));
    // After "order", even a year-like number ("order 2001") is an order number.
    if (value) takeOrder(scan, afterKeyword + connector.length, value[0]);
  }
}

/** Bare digit runs left over: order numbers, or postcode candidates while verifying. */
function takeBareNumbers(scan: Scan, opts: EntityContext): void {
  const verifying =
    opts.expecting === 'verification' && scan.found.emails.length === 0 && scan.found.phones.length === 0;
  for (const m of scan.rest.matchAll(BARE_NUMBER)) {
    const after = scan.rest.slice(m.index! + m[0].length);
    const before = scan.rest.slice(0, m.index!);
    if (UNIT_AFTER.test(after) || STREET_AFTER.test(after) || /[$€£¥]\s*$/.test(before)) continue;
    if (verifying && m[0].length <= 6) {
      pushUnique(scan.found.postcodes, m[0]);
      scan.rest = blank(scan.rest, m.index!, m[0].length);
      continue;
    }
    // A bare year-like number is a year, unless the bot just asked for an order number.
    if (YEAR.test(m[0]) && opts.expecting !== 'order_number' && opts.expecting !== 'order_choice') continue;
    takeOrder(scan, m.index!, m[0]);
  }
}

/** Runs every finder in order; returns the entities and the text with each of them blanked out. */
export function scanEntities(text: string, opts: EntityContext = {}): { entities: Entities; rest: string } {
  // Bounded input keeps every pattern linear-time in practice, whatever is pasted in.
  const bounded = typeof text === 'string' ? text.slice(0, MAX_SCANNED_CHARS) : '';
  const scan: Scan = { rest: bounded, found: { orderNumbers: [], emails: [], phones: [], postcodes: [] } };
  takeEmails(scan);
  takeAddresses(scan, opts.expecting);
  takeKeywordPostcodes(scan);
  takePhones(scan);
  takeDistinctPostcodes(scan, opts.expecting);
  takeOrderNumbers(scan, opts);
  takeBareNumbers(scan, opts);
  return { entities: scan.found, rest: scan.rest };
}

export function extractEntities(text: string, opts: EntityContext = {}): Entities {
  return scanEntities(text, opts).entities;
}
