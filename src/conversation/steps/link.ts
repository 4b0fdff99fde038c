import { capDetails, detailCount, type AttemptOutcome, type Claim, type Details } from '../../linking/verifier';
import { unlabelledDetail } from '../../linking/unlabelled';
import { orderDigitsKey, orderLookupKey } from '../../orders/keys';
import { INTENT_TABLE } from '../../vocabulary';
import { bareNumbers, type Turn } from '../turn';
import { handOff } from './handoff';

/**
 * Link and verify: the order numbers and details of the message (with those given before)
 * are checked against the order (contract §6-7) within the per-message budget and the limits
 * on failed attempts. 'stop' when this turn's answer is a question or a refusal.
 */
/** Links the conversation to an order when the message (with what came before) allows it. */
export async function link(turn: Turn): Promise<'stop' | 'continue'> {
  const m = turn.memory;
  const e = turn.u.entities;
  const typedDetails: Details = { emails: e.emails, phones: e.phones, postcodes: e.postcodes };
  const newDetails = detailCount(typedDetails) > 0;
  // While the bot waits for a detail, one written without label or known shape ("d02x285") counts too.
  const waitingClaim = e.orderNumbers.length === 0 && m.expecting === 'verification' ? m.pendingOrder : undefined;
  if (e.orderNumbers.length === 0 && !newDetails && !(waitingClaim && unlabelledDetail(turn.msg.text, waitingClaim, false))) return 'continue';
  const budget = turn.deps.verifier.budget;

  // More candidates than the budget is a search, not an answer: nothing is checked, and it counts as failures.
  if (e.orderNumbers.length > budget || detailCount(typedDetails) > budget) return overBudget(turn);

  const details = capDetails({
    emails: [...e.emails, ...(m.pendingDetails?.emails ?? [])],
    phones: [...e.phones, ...(m.pendingDetails?.phones ?? [])],
    postcodes: [...e.postcodes, ...(m.pendingDetails?.postcodes ?? [])],
  }, budget);
  const hasDetails = detailCount(details) > 0;
  const typed = pickOrderNumber(turn);

  // An identity already proven (by the channel, or verified in this conversation) is no guess.
  if (typed !== undefined) {
    const covered = await turn.deps.verifier.coveredBy(typed, turn.knownIdentities());
    if (covered) return turn.linkTo(covered, {}), 'continue';
  }
  if (await turn.deps.verifier.attempterLocked(turn.attempter)) {
    await handOff(turn, 'verification_lockout', true);
    return 'stop';
  }

  // The message's detail read against the claimed order however it is written: no label, a
  // local format, run together with the number ("4471 90210", "138 1234 5678", "〒150-0002").
  const claimed = typed !== undefined ? [typed, ...e.orderNumbers] : m.pendingOrder ? [m.pendingOrder] : [];
  // While verifying, a bare number is read as a postcode; it may also be a corrected order number.
  const corrected: Claim[] = typed === undefined && m.pendingOrder && m.failedDetails
    ? bareNumbers(e.postcodes).map((number) => ({ typed: number, details: m.failedDetails! }))
    : [];
  const unlabelled = unlabelledClaims(turn, claimed, details, typed !== undefined);
  if (unlabelled.length > 0) return tryVerify(turn, [...unlabelled, ...corrected], detailCount(unlabelled[0].details));

  if (typed !== undefined) {
    // A corrected order number after a failed attempt is tried with the details given then.
    if (!hasDetails && m.failedDetails) return tryVerify(turn, [{ typed, details: m.failedDetails }], 1);
    if (!hasDetails) {
      turn.rememberGoal();
      m.pendingOrder = typed;
      m.expecting = 'verification';
      if (m.linkedOrderId) turn.say('other_order_needs_verification', { orderNumber: typed });
      else turn.askClarifying('ask_verification', { orderNumber: typed });
      return 'stop';
    }
    return tryVerify(turn, [{ typed, details }], detailCount(details));
  }

  // Details without a number in this message.
  if (m.pendingOrder) return tryVerify(turn, [{ typed: m.pendingOrder, details }, ...corrected], detailCount(details));
  if (m.linkedOrderId) return 'continue';
  // Contract §7: an email alone verifies nothing and never reveals which orders it has.
  m.pendingDetails = details;
  if (INTENT_TABLE[turn.intent].answeredWithoutOrder && !m.linkedOrderId) return 'continue';
  turn.rememberGoal();
  m.expecting = 'order_number';
  turn.askClarifying('ask_order_number_for_details', {});
  return 'stop';
}

/**
 * An order the channel vouches for (web chat opened from the order's tracking page, whose link
 * only a conversation verified for it was given: contract §6) is linked once, the first time,
 * as a verification would; after that the shopper may move to other orders as usual.
 */
export function linkVouchedOrder(turn: Turn): void {
  const vouched = turn.msg.verifiedOrderId;
  if (!vouched || turn.memory.verifiedOrderIds.includes(vouched)) return;
  turn.linkTo(vouched, {});
  // Linked before this message rather than by it: a greeting stays a greeting, not an order answer.
  turn.linkedNow = false;
}

/**
 * A reply to a proactive notice (an SMS or WhatsApp sent to the order's phone) lands with that
 * order linked, when the channel proves the identity the order has (contract §6: the sender's
 * number is the order's phone). Nothing is linked for anyone else.
 */
export async function linkNoticedOrder(turn: Turn): Promise<void> {
  if (turn.memory.linkedOrderId || !turn.deps.notifications.noticedOrder) return;
  const known = turn.knownIdentities();
  if (known.length === 0) return;
  const noticed = await turn.deps.notifications.noticedOrder(turn.conversationKey);
  const covered = noticed ? await turn.deps.verifier.coveredBy(noticed, known) : undefined;
  if (!covered) return;
  turn.linkTo(covered, {});
  turn.linkedNow = false;
}

/** Each claimed order number with the one unlabelled detail run beside it, if the message has one. */
function unlabelledClaims(turn: Turn, numbers: string[], details: Details, typedHere: boolean): Claim[] {
  const e = turn.u.entities;
  // The run holds every phone and postcode this message had: they are read as the run instead.
  const earlier: Details = {
    emails: details.emails,
    phones: details.phones.filter((p) => !e.phones.includes(p)),
    postcodes: details.postcodes.filter((p) => !e.postcodes.includes(p)),
  };
  return [...new Set(numbers)].slice(0, turn.deps.verifier.budget).flatMap((typed) => {
    const run = unlabelledDetail(turn.msg.text, typed, typedHere);
    return run ? [{ typed, details: capDetails({ ...earlier, unlabelled: [run] }, turn.deps.verifier.budget) }] : [];
  });
}

/** One attempt: the claims are tried together; `tokens` details and numbers are counted if none verifies. */
async function tryVerify(turn: Turn, claims: Claim[], tokens: number): Promise<'stop' | 'continue'> {
  const m = turn.memory;
  const outcome: AttemptOutcome = await turn.deps.verifier.attempt(turn.attempter, claims, tokens);
  if (outcome.kind === 'verified') {
    turn.linkTo(outcome.orderId, outcome.identity);
    return 'continue';
  }
  m.failedAttempts += 1;
  m.failedDetails = capDetails(claims[0].details, turn.deps.verifier.budget);
  m.pendingDetails = undefined;
  m.pendingOrder = claims[0].typed;
  m.expecting = 'verification';
  // Past a limit a person takes over: the order (or a typed detail) was guessed at too often, or this shopper failed too often.
  if (outcome.kind === 'locked' || outcome.attempterLocked) {
    await handOff(turn, 'verification_lockout', true);
    return 'stop';
  }
  turn.rememberGoal();
  turn.say('verification_failed', {});
  return 'stop';
}

/** Too many order numbers or details in one message: a short request for one of each, counted as failures. */
async function overBudget(turn: Turn): Promise<'stop'> {
  const m = turn.memory;
  const e = turn.u.entities;
  const claimed = [...(m.pendingOrder ? [m.pendingOrder] : []), ...e.orderNumbers];
  const details: Details = {
    emails: [...e.emails, ...(m.failedDetails?.emails ?? [])],
    phones: [...e.phones, ...(m.failedDetails?.phones ?? [])],
    postcodes: e.postcodes,
  };
  const locked = await turn.deps.verifier.overBudget(turn.attempter, claimed, details);
  m.failedAttempts += 1;
  m.pendingDetails = undefined;
  if (locked) {
    await handOff(turn, 'verification_lockout', true);
    return 'stop';
  }
  turn.rememberGoal();
  m.expecting = m.pendingOrder ? 'verification' : 'order_number';
  turn.say('too_many_details', {});
  return 'stop';
}

/** The order number this message names: one of the offered choices first. */
function pickOrderNumber(turn: Turn): string | undefined {
  const numbers = turn.u.entities.orderNumbers;
  if (numbers.length === 0) return undefined;
  const choices = turn.memory.choices ?? [];
  return numbers.find((n) => choices.some((c) => sameNumber(c, n))) ?? numbers[0];
}

/** An offered order ("SH-1012") and what the shopper typed ("sh1012", "1012") name the same order. */
function sameNumber(offered: string, typed: string): boolean {
  return orderLookupKey(offered) === orderLookupKey(typed) || orderDigitsKey(offered) === orderLookupKey(typed);
}
