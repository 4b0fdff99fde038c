import { getCountries, getCountryCallingCode, Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as typed, read in the order's shipping country when it has no '+'
 * (contract §7), as E.164; undefined when it cannot be a phone number (`valid`: when it is not
 * one of the country's numbering plan either).
 */
export function toE164(typed: string, country?: string, options: { valid?: boolean } = {}): string | undefined {
  const cleaned = typed.trim().replace(/^whatsapp:/i, '');
  const parsed = parsePhoneNumberFromString(cleaned, (country?.toUpperCase() as CountryCode) || undefined);
  if (!parsed || !parsed.isPossible() || (options.valid && !parsed.isValid())) return undefined;
  return parsed.number;
}

/**
 * Every country's calling code and national prefix (the trunk "0" of "030 1234567"), from
 * libphonenumber's metadata: enough for SQL to guess a nationally written phone's E.164 in an
 * order's country before the turn runs (a guess: the turn reads again what it missed). Built once.
 */
let plans: { country: string; callingCode: string; nationalPrefix: string }[] | undefined;
export function phonePlans(): { country: string; callingCode: string; nationalPrefix: string }[] {
  if (!plans) {
    const metadata = new Metadata();
    plans = getCountries().map((country) => {
      metadata.selectNumberingPlan(country);
      // Not in the library's typings, though in its metadata API since 1.0 (test/linking/phone.test.ts checks it); a
      // country without one answers 0 (the compressed metadata's empty slot).
      const prefix = (metadata.numberingPlan as unknown as { nationalPrefix(): unknown } | undefined)?.nationalPrefix();
      return { country, callingCode: getCountryCallingCode(country), nationalPrefix: typeof prefix === 'string' ? prefix : '' };
    });
  }
  return plans;
}
