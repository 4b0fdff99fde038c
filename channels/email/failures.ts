import type { NodemailerError } from 'nodemailer';
import { maskPii } from '../../src/log/logger';
import type { DeliveryResult } from '../../src/vocabulary';

/** Nodemailer errors without an SMTP reply that the same message would meet again. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS', 'ENOAUTH']);

/**
 * A failed send as a delivery result: an SMTP 5xx reply (550 mailbox unavailable...) is
 * permanent, a 4xx reply (451, 421...) or 503 is worth a retry, and so is a connection that
 * failed (refused, timed out, TLS, DNS). The reason never holds the recipient's address.
 */
export function failureOf(err: unknown): Extract<DeliveryResult, { ok: false }> {
  const e = (err ?? {}) as NodemailerError;
  if (typeof e.responseCode === 'number') {
    const code = e.responseCode;
    const permanent = typeof e.permanent === 'boolean' ? e.permanent : code >= 500 && code < 600 && code !== 503;
    const reply = firstLine(e.response ?? e.message ?? '');
    return { ok: false, permanent, reason: maskPii(`SMTP ${code}${e.command ? ` (${e.command.split(' ')[0]})` : ''}: ${reply}`) };
  }
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const cause = e.originalCode && e.originalCode !== code ? ` ${e.originalCode}` : '';
  return { ok: false, permanent: PERMANENT_CODES.has(code), reason: maskPii(`${code}${cause}: ${firstLine(e.message ?? String(err))}`) };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300);
}
