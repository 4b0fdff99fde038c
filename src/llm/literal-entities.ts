import type { Entities } from '../resolver/types';

/**
 * Keeps only the entities that literally occur in what the shopper typed, returned as
 * typed: the model may point at an order number, never invent or complete one.
 * Order numbers and postcodes match ignoring case, spaces, dashes, dots and a leading
 * '#'; phones ignoring their separators; emails ignoring case.
 */
export function keepLiteralEntities(proposed: Partial<Entities>, shopperText: string): Partial<Entities> {
  const kept: Partial<Entities> = {};
  const orderNumbers = findEach(proposed.orderNumbers, (v) => findSpaced(v, shopperText, '#?'));
  const postcodes = findEach(proposed.postcodes, (v) => findSpaced(v, shopperText, ''));
  const phones = findEach(proposed.phones, (v) => findPhone(v, shopperText));
  const emails = findEach(proposed.emails, (v) => findEmail(v, shopperText));
  if (orderNumbers.length) kept.orderNumbers = orderNumbers;
  if (emails.length) kept.emails = emails;
  if (phones.length) kept.phones = phones;
  if (postcodes.length) kept.postcodes = postcodes;
  return kept;
}

function findEach(values: string[] | undefined, find: (value: string) => string | undefined): string[] {
  const found = new Set<string>();
  for (const value of values ?? []) {
    const hit = find(value);
    if (hit) found.add(hit);
  }
  return [...found];
}

/** Bounded: separators are a few characters, and a bound keeps the search linear. */
const SEPARATORS = '[\\s.#-]{0,3}';

/** The value's letters and digits, in order, with optional separators between them, as a whole token. */
function findSpaced(value: string, text: string, prefix: string): string | undefined {
  const chars = [...value].filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (chars.length < 2) return undefined;
  const body = chars.map(escapeRegExp).join(SEPARATORS);
  const match = new RegExp(`${prefix}(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  return match?.[0];
}

function findPhone(value: string, text: string): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return undefined;
  const plus = value.trim().startsWith('+') ? '\\+?\\s?' : '';
  const body = [...digits].join('[\\s().-]{0,3}');
  const match = new RegExp(`(?<![\\d+])${plus}\\(?${body}(?!\\d)`, 'u').exec(text);
  return match?.[0].trim();
}

function findEmail(value: string, text: string): string | undefined {
  const email = value.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email)) return undefined;
  const match = new RegExp(`(?<![A-Za-z0-9._%+-])${escapeRegExp(email)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'i').exec(text);
  return match ? match[0].toLowerCase() : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
