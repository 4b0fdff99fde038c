import escapeHtml from 'escape-html';
import { LinkifyIt } from 'linkify-it';
import { z } from 'zod';
import type { ProactiveMessage } from '../../src/vocabulary';
import { withoutControlCharacters } from '../../src/vocabulary';

/** What a notice email is made of, before nodemailer turns it into MIME. */
export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  /** The List-Unsubscribe URL, when the message carries one. */
  unsubscribe?: string;
}

const MAX_SUBJECT = 200;
const recipientSchema = z.email();

/** The shopper's address, or undefined when it is not one plain email address. */
export function recipientOf(senderId: string): string | undefined {
  const parsed = recipientSchema.safeParse(senderId);
  return parsed.success ? parsed.data : undefined;
}

/** Subject line: the message's own, else the shop's name and a short default; one line, bounded. */
export function subjectOf(message: ProactiveMessage, shopName: string): string {
  const given = message.subject === undefined ? '' : withoutControlCharacters(message.subject.replace(/\s+/g, ' ')).trim();
  const subject = given || `${shopName}: an update on your order`;
  return subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject;
}

/** The plain-text body: the message, then its suggestions, one a line. */
export function plainTextOf(message: ProactiveMessage): string {
  const text = withoutControlCharacters(message.text).trim();
  const suggestions = (message.suggestions ?? []).map((s) => withoutControlCharacters(s).trim()).filter(Boolean);
  return suggestions.length > 0 ? `${text}\n\n${suggestions.map((s) => `- ${s}`).join('\n')}\n` : `${text}\n`;
}

const linkify = new LinkifyIt().set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
const LINKABLE = /^(https?:\/\/|mailto:)/i;

/** One line of text as HTML: everything escaped, http(s) and mailto links made clickable. */
function lineToHtml(line: string): string {
  let html = '';
  let at = 0;
  for (const match of linkify.match(line) ?? []) {
    if (!LINKABLE.test(match.url)) continue;
    html += escapeHtml(line.slice(at, match.index));
    html += `<a href="${escapeHtml(match.url)}">${escapeHtml(match.text)}</a>`;
    at = match.lastIndex;
  }
  return html + escapeHtml(line.slice(at));
}

/** The HTML alternative made from the text: paragraphs, line breaks, links, the suggestions as a list. */
export function htmlFromText(message: ProactiveMessage, subject: string): string {
  const text = withoutControlCharacters(message.text).replace(/\r\n?/g, '\n').trim();
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(lineToHtml).join('<br>\n')}</p>`)
    .join('\n');
  const suggestions = (message.suggestions ?? []).map((s) => withoutControlCharacters(s).trim()).filter(Boolean);
  const list = suggestions.length > 0 ? `\n<ul>\n${suggestions.map((s) => `<li>${lineToHtml(s)}</li>`).join('\n')}\n</ul>` : '';
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: -apple-system, BlinkMacSystemFont, \'Segoe UI\', Roboto, Helvetica, Arial, sans-serif; line-height: 1.5;">',
    paragraphs + list,
    '</body></html>',
    '',
  ].join('\n');
}

/** The unsubscribe URL when it is an absolute https, http or mailto URL. */
export function unsubscribeUrlOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return ['https:', 'http:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The email for a proactive message (the caller has checked the unsubscribe URL). */
export function composeEmail(message: ProactiveMessage, shopName: string): ComposedEmail {
  const subject = subjectOf(message, shopName);
  return {
    subject,
    text: plainTextOf(message),
    html: message.html ?? htmlFromText(message, subject),
    unsubscribe: message.unsubscribeUrl === undefined ? undefined : unsubscribeUrlOf(message.unsubscribeUrl),
  };
}
