import type { Activity } from 'botbuilder';
import { renderReply, splitMessage as split, type Capabilities } from '../kit/render';

/** Twilio's longest message body; longer replies are split. */
export const MAX_MESSAGE_CHARS = 1600;

/**
 * SMS: plain text only. Markdown goes, links stay as bare URLs (the tracking link is the
 * most useful part), suggestions are dropped, and typographic characters are swapped for
 * GSM-7 ones so one curly quote does not halve the characters per segment (UCS-2).
 */
const SMS: Capabilities = { markup: 'gsm', suggestions: { as: 'none' }, maxChars: MAX_MESSAGE_CHARS };
/** WhatsApp: light formatting is kept (WhatsApp's own *bold*), suggestions as a short list. */
const WHATSAPP: Capabilities = { markup: 'whatsapp', suggestions: { as: 'lines' }, maxChars: MAX_MESSAGE_CHARS };

export function renderSms(activity: Partial<Activity>): string[] {
  return renderReply(activity, SMS).parts;
}

export function renderWhatsApp(activity: Partial<Activity>): string[] {
  return renderReply(activity, WHATSAPP).parts;
}

export function splitMessage(text: string, max = MAX_MESSAGE_CHARS): string[] {
  return split(text, max);
}
