import type { Activity } from 'botbuilder';

/** Twilio's longest message body; longer replies are split. */
export const MAX_MESSAGE_CHARS = 1600;

/**
 * SMS: plain text only. Markdown goes, links stay as bare URLs (the tracking link is the
 * most useful part), suggestions are dropped, and typographic characters are swapped for
 * GSM-7 ones so one curly quote does not halve the characters per segment (UCS-2).
 */
export function renderSms(activity: Partial<Activity>): string[] {
  const text = toGsmFriendly(stripEmoji(markdownToPlain(activity.text ?? '')));
  return splitMessage(tidy(text));
}

/** WhatsApp: light formatting is kept (WhatsApp's own *bold*), suggestions as one short line. */
export function renderWhatsApp(activity: Partial<Activity>): string[] {
  let text = markdownToWhatsApp(activity.text ?? '');
  const suggestions = suggestionsOf(activity);
  if (suggestions.length > 0) text += `\n\n${suggestions.map((s) => `• ${s}`).join('\n')}`;
  return splitMessage(tidy(text));
}

export function suggestionsOf(activity: Partial<Activity>): string[] {
  return (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? '')).filter((s) => s !== '');
}

function markdownToPlain(text: string): string {
  return text
    .replace(/\[([^[\]]+)\]\((https?:\/\/[^()[\]\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label}: ${url}`))
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|$|[.,!?])/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^[ \t]*[-*][ \t]+/gm, '- ');
}

function markdownToWhatsApp(text: string): string {
  return text
    .replace(/\[([^[\]]+)\]\((https?:\/\/[^()[\]\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label}: ${url}`))
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/__(.+?)__/g, '_$1_')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

const GSM_SWAPS: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u2033]/g, '"'],
  [/[\u2013\u2014\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2007\u202F]/g, ' '],
  [/\u2022/g, '-'],
];

function toGsmFriendly(text: string): string {
  return GSM_SWAPS.reduce((t, [re, to]) => t.replace(re, to), text);
}

function stripEmoji(text: string): string {
  return text.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '').replace(/ {2,}/g, ' ');
}

function tidy(text: string): string {
  return text.replace(/(?<![ \t])[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Splits a reply into messages of at most `max` characters, at paragraph, then sentence,
 * then word boundaries; a URL is never cut.
 */
export function splitMessage(text: string, max = MAX_MESSAGE_CHARS): string[] {
  if (text === '') return [];
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim() !== '') parts.push(current.trim());
    current = '';
  };
  for (const piece of pieces(text, max)) {
    if (current === '') current = piece;
    else if ((current + piece).length <= max) current += piece;
    else {
      push();
      current = piece.replace(/^\s+/, '');
    }
  }
  push();
  return parts;
}

/** Paragraphs, then sentences, then words: the largest units that fit. */
function pieces(text: string, max: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/(?<=\n\n)/)) {
    if (paragraph.length <= max) { out.push(paragraph); continue; }
    for (const sentence of paragraph.split(/(?<=[.!?。！？])\s+(?=\S)/).map((s, i, all) => (i < all.length - 1 ? s + ' ' : s))) {
      if (sentence.length <= max) { out.push(sentence); continue; }
      for (const word of sentence.split(/(?<=\s)/)) {
        // A single "word" longer than a message (no spaces at all) is cut hard.
        if (word.length <= max) out.push(word);
        else for (let i = 0; i < word.length; i += max) out.push(word.slice(i, i + max));
      }
    }
  }
  return out;
}
