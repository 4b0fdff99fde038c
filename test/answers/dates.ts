import type { Lang } from '../../src/resolver/types';

/**
 * An independent check that a text names a calendar day: the day number right beside the
 * month's name (as the evaluation checker reads it), or 11月25日 in Chinese. Month names
 * are written out here rather than taken from Intl, so a formatting bug cannot hide.
 */
const MONTHS: Record<Exclude<Lang, 'zh'>, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
};

export function mentionsDay(text: string, ymd: string, lang: Lang): boolean {
  const [, m, d] = ymd.split('-').map(Number);
  if (lang === 'zh') return new RegExp(`(?<!\\d)${m}月${d}日`).test(text);
  const month = MONTHS[lang][m - 1];
  const day = `(?<![\\d.,:/])${d}(?!\\d)`;
  return new RegExp(`${day}[^\\d\\n]{0,14}?${month}(?!\\p{L})|(?<!\\p{L})${month}[^\\d\\n]{0,8}?${day}`, 'iu').test(text);
}
