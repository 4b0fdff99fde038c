import type { Activity } from 'botbuilder';
import { spellOut } from './speech';

/** The bot's languages (contract §7) as Twilio <Say>/<Gather> languages. */
const VOICE_LANGUAGES: Record<string, string> = {
  en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', it: 'it-IT', pt: 'pt-PT', ru: 'ru-RU', zh: 'zh-CN',
};
export const DEFAULT_VOICE_LANGUAGE = 'en-US';

/** A reply's locale ('es', 'es-MX'...) as a Twilio voice language; en-US when unknown. */
export function voiceLanguage(locale?: string): string {
  if (!locale) return DEFAULT_VOICE_LANGUAGE;
  const exact = Object.values(VOICE_LANGUAGES).find((l) => l.toLowerCase() === locale.toLowerCase());
  return exact ?? VOICE_LANGUAGES[locale.slice(0, 2).toLowerCase()] ?? DEFAULT_VOICE_LANGUAGE;
}

/**
 * A reply as something a speech engine reads well: no URLs, no emoji or markdown, no
 * suggestions; identifiers (the order number, tracking numbers) spelled out in groups so
 * "1Z999AA10123456784" is not read as a number in the quadrillions.
 */
export function toSpeech(activity: Partial<Activity>): string {
  const orderId = (activity.channelData as { wismo?: { orderId?: string } } | undefined)?.wismo?.orderId;
  let text = activity.text ?? '';
  text = text
    .replace(/\[([^[\]]+)\]\((?:https?:\/\/[^()[\]\s]+)\)/g, '$1')
    .replace(/\bhttps?:\/\/\S+/gi, '')
    .replace(/\bwww\.\S+/gi, '')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '')
    .replace(/[*_`#>|]/g, '')
    .replace(/^[ \t]*[-•][ \t]+/gm, '');
  if (orderId) {
    const escaped = orderId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`#?\\b${escaped}\\b`, 'gi'), spellOut(orderId));
  }
  text = text.replace(/\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z]?)[A-Z0-9]{8,}\b/g, (id) => spellInGroups(id));
  return text
    .replace(/(?<!\s)\s*:\s*(?=[.\n]|$)/g, '.')
    .replace(/\(\s*\)/g, '')
    .replace(/\n+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/(?<!\s)\s+([.,!?])/g, '$1')
    .trim();
}

/** "1Z999AA10123456784" → "1 Z 9 9, 9 A A 1, ...": groups of four with a pause between. */
export function spellInGroups(id: string): string {
  const groups: string[] = [];
  for (let i = 0; i < id.length; i += 4) groups.push(id.slice(i, i + 4).split('').join(' '));
  return groups.join(', ');
}
