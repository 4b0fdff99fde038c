import type { Activity } from 'botbuilder';

/**
 * One rendering policy for the direct channels: a bot reply (text in light markdown, and
 * suggestions) becomes what a channel can show, by its capabilities. A channel then only maps
 * the parts and buttons to its own wire format (TwiML or a REST body, a Send API message).
 * Web chat and the Azure channels take the Activity itself; voice speaks (channels/voice).
 */
export interface Capabilities {
  /** How text is written: 'plain' (markdown removed), 'gsm' (plain, emoji and typographic characters swapped for GSM-7 ones), 'whatsapp' (WhatsApp's *bold* and _italic_). */
  markup: 'plain' | 'gsm' | 'whatsapp';
  /** How suggestions travel: tappable buttons within limits, a bulleted list under the text, or not at all. */
  suggestions: { as: 'buttons'; max: number; titleMax: number; payloadMax: number } | { as: 'lines' } | { as: 'none' };
  /** The longest message: longer replies are split at paragraph, sentence, then word boundaries (a URL is never cut). */
  maxChars: number;
}

export interface Button {
  title: string;
  /** What comes back as the shopper's text when tapped: the whole suggestion. */
  payload: string;
}

export interface Rendered {
  parts: string[];
  /** Buttons go with the last part. */
  buttons: Button[];
}

export function suggestionsOf(activity: Partial<Activity>): Button[] {
  return (activity.suggestedActions?.actions ?? [])
    .map((a) => {
      const title = String(a.title ?? a.value ?? '');
      return { title, payload: typeof a.value === 'string' && a.value !== '' ? a.value : title };
    })
    .filter((b) => b.title !== '');
}

/** A reply as the channel can show it. Empty parts: nothing to send. */
export function renderReply(activity: Partial<Activity>, caps: Capabilities): Rendered {
  if ((activity.type ?? 'message') !== 'message') return { parts: [], buttons: [] };
  return renderText(activity.text ?? '', suggestionsOf(activity), caps);
}

/** Text and suggestions (an agent's reply, a notification) as the channel can show them. */
export function renderText(textIn: string, suggestions: Button[], caps: Capabilities): Rendered {
  let text = caps.markup === 'whatsapp' ? markdownToWhatsApp(textIn)
    : caps.markup === 'gsm' ? toGsmFriendly(stripEmoji(markdownToPlain(textIn)))
    : markdownToPlain(textIn);
  if (caps.suggestions.as === 'lines' && suggestions.length > 0) text += `\n\n${suggestions.map((s) => `• ${s.title}`).join('\n')}`;
  const parts = splitMessage(tidy(text), caps.maxChars);
  const buttons = caps.suggestions.as === 'buttons' && parts.length > 0 ? limitedButtons(suggestions, caps.suggestions) : [];
  return { parts, buttons };
}

/** At most `max` buttons, titles cut to `titleMax` characters, one per payload. */
function limitedButtons(suggestions: Button[], limits: { max: number; titleMax: number; payloadMax: number }): Button[] {
  const seen = new Set<string>();
  const buttons: Button[] = [];
  for (const s of suggestions) {
    const title = truncate(s.title.trim(), limits.titleMax);
    const payload = truncate((s.payload || s.title).trim(), limits.payloadMax);
    if (title === '' || seen.has(payload)) continue;
    seen.add(payload);
    buttons.push({ title, payload });
    if (buttons.length === limits.max) break;
  }
  return buttons;
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

/** One curly quote would make an SMS UCS-2 and halve the characters per segment. */
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
 * then word boundaries; a URL is never cut, nor a character made of two UTF-16 units.
 */
export function splitMessage(text: string, max: number): string[] {
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
        if (word.length <= max) out.push(word);
        else out.push(...hardCut(word, max));
      }
    }
  }
  return out;
}

/** A single "word" longer than a message (no spaces at all) is cut hard, between characters. */
function hardCut(word: string, max: number): string[] {
  const out: string[] = [];
  let rest = word;
  while (rest.length > max) {
    const cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== '') out.push(rest);
  return out;
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
