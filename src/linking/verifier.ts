import type { OrderCredentials, OrderRepository } from '../orders/repository';
import { emailKey, orderLookupKey, postalKey } from '../orders/keys';
import { toE164 } from './phone';
import { identityKey, type Attempter, type AttemptTarget, type VerificationThrottle } from './throttle';

export interface Details {
  emails: string[];
  phones: string[];
  postcodes: string[];
  /** Detail written without a label or a known shape (src/linking/unlabelled.ts): the order's postcode or phone, however typed. */
  unlabelled?: string[];
}

export interface Identity {
  email?: string;
  phone?: string;
}

/** Contract §6-§7 and the per-message budget: at most this many details, and order numbers, are considered in one message. */
export const DETAILS_PER_MESSAGE = 3;

/** One order number claimed, with the details offered for it. */
export interface Claim {
  typed: string;
  details: Details;
}

export type AttemptOutcome =
  | { kind: 'verified'; orderId: string; identity: Identity }
  /** Counted as failures; never says whether the order exists. `attempterLocked`: those failures used up the attempter's limit. */
  | { kind: 'failed'; attempterLocked: boolean }
  /** Past a limit: the attempter may no longer try, or the order (or a typed email/phone) may no longer be verified by typed details. */
  | { kind: 'locked'; who: 'attempter' | 'target' };

/**
 * Contract §6: an order is verified by its number together with its email, phone or
 * shipping postcode, or by an identity the conversation already proved. Every typed
 * attempt goes through the throttle: it is refused past a limit, and each detail that
 * fails counts once against the conversation, the sender, the client address, the order
 * and the typed email or phone. A wrong detail and a missing order look the same.
 */
export class OrderVerifier {
  constructor(
    private readonly orders: OrderRepository,
    private readonly throttle: VerificationThrottle,
    readonly budget = DETAILS_PER_MESSAGE,
  ) {}

  /** Whether an identity already proven (verified earlier, or by the channel) covers this order: no guess involved, never throttled. */
  async coveredBy(typedNumber: string, known: Identity[]): Promise<string | undefined> {
    if (known.length === 0) return undefined;
    const cred = await this.orders.credentialsByNumber(typedNumber);
    if (!cred) return undefined;
    for (const id of known) {
      if (id.email && emailKey(id.email) === cred.email) return cred.orderId;
      if (id.phone && cred.phone && id.phone === cred.phone) return cred.orderId;
    }
    return undefined;
  }

  /** The attempter is past its limit: details are no longer checked at all. */
  async attempterLocked(attempter: Attempter): Promise<boolean> {
    return (await this.throttle.state(attempter)) === 'attempter';
  }

  /**
   * Tries the claims in order (at most the budget of them, each with at most the budget of
   * details); `tokens` is how many details and numbers the shopper offered, the failures counted
   * when nothing verifies.
   */
  async attempt(attempter: Attempter, claimsIn: Claim[], tokens: number): Promise<AttemptOutcome> {
    const claims = claimsIn.slice(0, this.budget).map((c) => ({ typed: c.typed, details: capDetails(c.details, this.budget) }));
    const found = await Promise.all(claims.map((c) => this.orders.credentialsByNumber(c.typed)));
    const target: AttemptTarget = {
      // An unknown number is counted under what was typed, exactly like a known one under its id.
      orders: claims.map((c, i) => orderLookupKey(found[i]?.orderId ?? c.typed)).filter((k) => k !== ''),
      identities: dedupe(claims.flatMap((c, i) => typedIdentities(c.details, found[i]?.country))),
    };
    const state = await this.throttle.state(attempter, target);
    if (state !== 'open') {
      await this.throttle.recordFailures(attempter, target, tokens);
      return { kind: 'locked', who: state };
    }
    for (const [i, claim] of claims.entries()) {
      const cred = found[i];
      const reading = cred ? readDetails(cred, claim.details) : undefined;
      if (!cred || !reading?.identity) continue;
      // Each detail that did not match is a failed guess, even beside one that did.
      if (reading.wrong > 0) await this.throttle.recordFailures(attempter, target, reading.wrong);
      return { kind: 'verified', orderId: cred.orderId, identity: reading.identity };
    }
    return { kind: 'failed', attempterLocked: await this.throttle.recordFailures(attempter, target, tokens) };
  }

  /**
   * A message with more details or order numbers than the budget: answered without any check,
   * and counted as the budget's worth of failures; resolves with whether that used up the attempter's limit.
   */
  async overBudget(attempter: Attempter, claimed: string[], details: Details): Promise<boolean> {
    const target: AttemptTarget = {
      orders: claimed.slice(0, this.budget).map(orderLookupKey).filter((k) => k !== ''),
      identities: typedIdentities(capDetails(details, this.budget), undefined),
    };
    return this.throttle.recordFailures(attempter, target, this.budget);
  }
}

/**
 * Which of the order's credentials the details prove, and how many details were wrong. Two
 * or more values of one kind (several postcodes, several emails) are a list of guesses: one
 * right value among them proves nothing.
 */
function readDetails(cred: OrderCredentials, details: Details): { identity?: Identity; wrong: number } {
  const emails = details.emails.map(emailKey);
  const phones = details.phones.map((p) => toE164(p, cred.country));
  const postcodes = details.postcodes.map(postalKey);
  // Read as a postcode with and without trailing letters ("1016 GV" or "78701 pls"), and as a phone.
  const unlabelled = (details.unlabelled ?? []).map((u) => ({ postcodes: [postalKey(u), postalKey(u.replace(/(?<![\s-])[\s-]+\p{L}{2,3}$/u, ''))], phone: toE164(u, cred.country) }));
  const kinds = [
    { hits: emails.map((e) => e === cred.email), identity: { email: cred.email } as Identity },
    { hits: phones.map((p) => !!p && p === cred.phone), identity: { phone: cred.phone ?? undefined } as Identity },
    { hits: postcodes.map((p) => !!p && !!cred.postalKey && samePostcode(p, cred.postalKey)), identity: {} as Identity },
    { hits: unlabelled.map((u) => !!cred.phone && u.phone === cred.phone), identity: { phone: cred.phone ?? undefined } as Identity },
    { hits: unlabelled.map((u) => u.postcodes.some((p) => !!p && !!cred.postalKey && samePostcode(p, cred.postalKey))), identity: {} as Identity },
  ];
  // An unlabelled detail is one detail, read both ways: wrong only when neither reading matches.
  const unlabelledWrong = unlabelled.filter((_, i) => !kinds[3].hits[i] && !kinds[4].hits[i]).length;
  const wrong = kinds.slice(0, 3).reduce((n, k) => n + k.hits.filter((h) => !h).length, 0) + unlabelledWrong;
  const proving = kinds.find((k) => k.hits.length > 0 && k.hits.every(Boolean));
  return { identity: proving?.identity, wrong };
}

/** Keys of the emails and phones typed (a phone read in the order's country when known). */
function typedIdentities(details: Details, country: string | undefined): string[] {
  const keys = [
    ...details.emails.map((email) => identityKey({ email })),
    ...details.phones.map((p) => toE164(p, country)).map((phone) => (phone ? identityKey({ phone }) : undefined)),
    // An unlabelled detail is tried as a phone too (readDetails): counted as one when it can only be a phone, never when it
    // may be a postcode, which many shoppers share (a shared counter would lock them all out).
    ...(details.unlabelled ?? []).map((u) => onlyAPhone(u, country)).map((phone) => (phone ? identityKey({ phone }) : undefined)),
  ];
  return keys.filter((k): k is string => !!k);
}

/**
 * An unlabelled detail as a phone (E.164) when it cannot be a postcode: a valid number of the
 * country with at least 8 digits (postcodes have at most 8, and Brazil's 8-digit ones are no valid
 * phone there).
 */
function onlyAPhone(typed: string, country: string | undefined): string | undefined {
  if (typed.replace(/\D/g, '').length < 8) return undefined;
  return toE164(typed, country, { valid: true });
}

/** At most `budget` details in all, in the order given (emails, phones, postcodes). */
export function capDetails(details: Details, budget: number): Details {
  const out: Details = { emails: [], phones: [], postcodes: [], ...(details.unlabelled ? { unlabelled: [] } : {}) };
  let left = budget;
  for (const kind of ['emails', 'phones', 'postcodes', 'unlabelled'] as const) {
    for (const value of dedupe(details[kind] ?? [])) {
      if (left === 0) return out;
      out[kind]!.push(value);
      left -= 1;
    }
  }
  return out;
}

export function detailCount(details: Details): number {
  return dedupe(details.emails).length + dedupe(details.phones).length + dedupe(details.postcodes).length + dedupe(details.unlabelled ?? []).length;
}

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/** US ZIP+4 typed against a 5-digit ZIP (and the reverse) is the same postcode. */
function samePostcode(typed: string, stored: string): boolean {
  if (typed === stored) return true;
  if (/^\d{9}$/.test(typed) && /^\d{5}$/.test(stored)) return typed.startsWith(stored);
  if (/^\d{5}$/.test(typed) && /^\d{9}$/.test(stored)) return stored.startsWith(typed);
  return false;
}
