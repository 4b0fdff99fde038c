import type { OrderRepository } from '../orders/repository';
import { emailKey, postalKey } from '../orders/keys';
import { toE164 } from './phone';

export interface Details {
  emails: string[];
  phones: string[];
  postcodes: string[];
}

export interface Identity {
  email?: string;
  phone?: string;
}

export type VerifyResult = { ok: true; orderId: string; identity: Identity } | { ok: false };

/**
 * Contract §6: an order is verified by its number together with its email, phone or
 * shipping postcode, or by an identity the conversation already proved. The result says
 * only yes or no: a wrong detail and a missing order look the same to the caller.
 */
export class OrderVerifier {
  constructor(private readonly orders: OrderRepository) {}

  async verify(typedNumber: string, details: Details, known: Identity[] = []): Promise<VerifyResult> {
    const cred = await this.orders.credentialsByNumber(typedNumber);
    if (!cred) return { ok: false };
    const orderId = cred.orderId;
    const emails = details.emails.map(emailKey);
    const phones = details.phones.map((p) => toE164(p, cred.country)).filter((p): p is string => !!p);
    const postcodes = details.postcodes.map(postalKey).filter((p): p is string => !!p);
    for (const id of known) {
      if (id.email && emailKey(id.email) === cred.email) return { ok: true, orderId, identity: { email: cred.email } };
      if (id.phone && cred.phone && id.phone === cred.phone) return { ok: true, orderId, identity: { phone: cred.phone } };
    }
    if (emails.includes(cred.email)) return { ok: true, orderId, identity: { email: cred.email } };
    if (cred.phone && phones.includes(cred.phone)) return { ok: true, orderId, identity: { phone: cred.phone } };
    if (cred.postalKey && postcodes.some((p) => samePostcode(p, cred.postalKey!))) return { ok: true, orderId, identity: {} };
    return { ok: false };
  }

  /** Whether an identity already proven (verified earlier, or by the channel) covers this order. */
  async coveredBy(typedNumber: string, known: Identity[]): Promise<string | undefined> {
    if (known.length === 0) return undefined;
    const result = await this.verify(typedNumber, { emails: [], phones: [], postcodes: [] }, known);
    return result.ok ? result.orderId : undefined;
  }
}

/** US ZIP+4 typed against a 5-digit ZIP (and the reverse) is the same postcode. */
function samePostcode(typed: string, stored: string): boolean {
  if (typed === stored) return true;
  if (/^\d{9}$/.test(typed) && /^\d{5}$/.test(stored)) return typed.startsWith(stored);
  if (/^\d{5}$/.test(typed) && /^\d{9}$/.test(stored)) return stored.startsWith(typed);
  return false;
}
