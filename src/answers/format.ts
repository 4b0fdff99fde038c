import type { Lang } from '../vocabulary';

/**
 * Language-neutral formatting with Intl: dates, times, money, lists and carrier names.
 * Calendar dates (YYYY-MM-DD) are formatted in UTC so they are shown exactly as given;
 * timestamps are formatted in the shop's time zone.
 */

const DEFAULT_LOCALE: Record<Lang, string> = {
  en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', it: 'it-IT', pt: 'pt-PT', ru: 'ru-RU', zh: 'zh-CN',
};

/** The shopper's locale when it is in the answer's language (en-GB for English), else the language's default. */
export function localeFor(lang: Lang, locale?: string): string {
  if (locale) {
    try {
      const [canonical] = Intl.getCanonicalLocales(locale);
      if (canonical && canonical.split('-')[0].toLowerCase() === lang) return canonical;
    } catch {
      // An invalid locale tag falls back to the language's default.
    }
  }
  return DEFAULT_LOCALE[lang];
}

/**
 * Russian and Portuguese sentences put dates after prepositions ("до 25 ноября",
 * "até 24 de novembro"): the bare date fits them all, a leading weekday
 * ("среда, 25 ноября", "em terça-feira") would need the preposition to change.
 */
const withWeekday = (locale: string) => !/^(ru|pt)\b/i.test(locale);

/** Intl formatters are costly to build and every answer formats several dates: built once per locale and options. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, build: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    if (formatters.size > 2000) formatters.clear();
    f = build();
    formatters.set(key, f);
  }
  return f;
}

/** "Wednesday, November 25", "miércoles, 25 de noviembre", "11月25日星期三"; the year only when it is not `currentYear`. */
export function formatCalendarDay(day: string, locale: string, currentYear?: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  const withYear = currentYear !== undefined && date.getUTCFullYear() !== currentYear;
  return cached(`day|${locale}|${withYear}`, () => new Intl.DateTimeFormat(locale, {
    ...(withWeekday(locale) ? { weekday: 'long' } : {}), month: 'long', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC',
  })).format(date);
}

/** "Sunday, November 22 at 1:00 PM" in the shop's time zone. */
export function formatTimestamp(at: Date, locale: string, timeZone: string): string {
  return cached(`ts|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { ...(withWeekday(locale) ? { weekday: 'long' } : {}), month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone })).format(at);
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  return cached(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(amount);
}

/** "A, B and C" in the locale's words. */
export function formatList(items: string[], locale: string): string {
  return cached(`list|${locale}`, () => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })).format(items);
}

/** An item as named on the order, with its quantity when more than one. */
export function itemLabel(item: { name: string; quantity: number }): string {
  return item.quantity > 1 ? `${item.quantity} × ${item.name}` : item.name;
}

const CARRIER_NAMES: Record<string, string> = {
  ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL', royalmail: 'Royal Mail', correos: 'Correos', colissimo: 'Colissimo',
  dpd: 'DPD', gls: 'GLS', postnl: 'PostNL', tnt: 'TNT', ctt: 'CTT', brt: 'BRT', sda: 'SDA', mrw: 'MRW', seur: 'SEUR', cdek: 'CDEK',
  ems: 'EMS', sfexpress: 'SF Express', laposte: 'La Poste', posteitaliane: 'Poste Italiane', deutschepost: 'Deutsche Post',
  canadapost: 'Canada Post', dhlexpress: 'DHL Express', inpost: 'InPost', evri: 'Evri', bpost: 'bpost', chronopost: 'Chronopost',
};

/** The carrier as shoppers know it: ups → UPS, royal_mail → Royal Mail, else capitalised words. */
export function carrierName(code: string): string {
  const key = code.toLowerCase().replace(/[\s_.-]+/g, '');
  if (CARRIER_NAMES[key]) return CARRIER_NAMES[key];
  if (/[A-Z]/.test(code.slice(1))) return code.trim(); // already written the carrier's way ("PostNord")
  return code.trim().split(/[\s_-]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
