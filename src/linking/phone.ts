import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as typed, read in the order's shipping country when it has no '+'
 * (contract §7), as E.164; undefined when it cannot be a phone number.
 */
export function toE164(typed: string, country?: string): string | undefined {
  const cleaned = typed.trim().replace(/^whatsapp:/i, '');
  const parsed = parsePhoneNumberFromString(cleaned, (country?.toUpperCase() as CountryCode) || undefined);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}
