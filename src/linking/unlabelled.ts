import { orderDigitsKey, orderLookupKey } from '../orders/keys';
import { EMAIL, URL } from '../resolver/entities';

/** Words and numbers; Han text is split from the digits inside it ("订单9920到了"). */
const TOKEN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAS_DIGIT = /\p{N}/u;
/** What may stand between the parts of one postcode or phone: spaces, dashes, dots, brackets, a plus, 〒. */
const JOINER = /^[\s.\-()+〒]*$/u;
/** Amounts are not details: "$45.99", "45,99 €", "1.200 руб". */
const MONEY_BEFORE = /[$€£¥₽]\s*$/u;
const MONEY_AFTER = /^\s*(?:[$€£¥₽]|eur|usd|gbp|dollars?|euros?|руб|元)/iu;

interface Token { text: string; start: number; end: number }

/**
 * The one run of detail material left in a message once the claimed order number, emails and
 * links are set aside: "4471 90210", "#4471 / d02x285", "〒150-0002", "0176 2345 6789". It is
 * compared with the order's own postcode and phone however it is written (no label, no known
 * country shape needed). Two or more separate runs, or one shaped like the order number and
 * joined to it by words ("orders 4471 and 4472"), give nothing: a list is a search, not an answer.
 *
 * `claimed`: the order number the detail is for; `typedHere`: whether the message itself names
 * it (else nothing is set aside).
 */
export function unlabelledDetail(text: string, claimed: string, typedHere = true): string | undefined {
  // Emails and links hold digits that are not details: set aside as the entity finder does.
  const blanked = [URL, EMAIL].reduce((t, pattern) => t.replace(pattern, (m) => ' '.repeat(m.length)), text);
  const tokens: Token[] = [...blanked.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
  const { rest, claim } = typedHere ? withoutClaim(tokens, orderLookupKey(claimed), orderDigitsKey(claimed), blanked) : { rest: tokens, claim: undefined };
  const kept = rest.filter((t, i) => (HAS_DIGIT.test(t.text) ? !isMoney(blanked, t) : isLetterTail(rest, i, blanked)));
  if (!kept.some((t) => HAS_DIGIT.test(t.text))) return undefined;
  // All of it must be one run: neighbours joined only by separators.
  for (let i = 1; i < kept.length; i++) if (!JOINER.test(blanked.slice(kept[i - 1].end, kept[i].start))) return undefined;
  const run = blanked.slice(kept[0].start, kept.at(-1)!.end);
  const digits = run.replace(/\D/g, '');
  if (digits.length < 3 || run.length > 24) return undefined;
  // "orders 4471 and 4472": a second order, not a detail ("91033 28004" or "#40718/97214" is one).
  if (claim && sameShapeAsOrder(run, claimed)) {
    const between = claim.end <= kept[0].start ? blanked.slice(claim.end, kept[0].start) : blanked.slice(kept.at(-1)!.end, claim.start);
    if (/\p{L}/u.test(between)) return undefined;
  }
  return run;
}

/**
 * The tokens, less those that spell the claimed order number: one token ("4471", "sh20931"), or
 * a letter prefix and its digits ("SH 20931"). Digits split over several tokens ("44 10") are
 * part of a phone, not the order.
 */
function withoutClaim(tokens: Token[], lookupKey: string, digitsKey: string, text: string): { rest: Token[]; claim?: Token } {
  const joined = (a: Token | undefined, b: Token | undefined) => !!a && !!b && HAS_DIGIT.test(a.text) && HAS_DIGIT.test(b.text) && JOINER.test(text.slice(a.end, b.start));
  for (let i = 0; i < tokens.length; i++) {
    const one = tokens[i].text.toLowerCase();
    // "8820" for order CN8820 only when it stands alone: inside "137 1234 8820" it ends a phone.
    const alone = !joined(tokens[i - 1], tokens[i]) && !joined(tokens[i], tokens[i + 1]);
    if (one === lookupKey || (one === digitsKey && alone)) return { rest: [...tokens.slice(0, i), ...tokens.slice(i + 1)], claim: tokens[i] };
    const next = tokens[i + 1]?.text.toLowerCase();
    if (next && !HAS_DIGIT.test(one) && one + next === lookupKey) {
      return { rest: [...tokens.slice(0, i), ...tokens.slice(i + 2)], claim: { text: one + next, start: tokens[i].start, end: tokens[i + 1].end } };
    }
  }
  return { rest: tokens };
}

/** Two letters right after a digit token ("1016 GV", "3511 az"): the end of a Dutch postcode. */
function isLetterTail(tokens: Token[], i: number, text: string): boolean {
  const prev = tokens[i - 1];
  return /^\p{L}{2}$/u.test(tokens[i].text) && !!prev && HAS_DIGIT.test(prev.text) && /^[\s-]?$/.test(text.slice(prev.end, tokens[i].start));
}

function isMoney(text: string, t: Token): boolean {
  return MONEY_BEFORE.test(text.slice(Math.max(0, t.start - 3), t.start)) || MONEY_AFTER.test(text.slice(t.end, t.end + 8));
}

/** Same letters-and-digits shape as the order number ("4472" beside "4471"). */
function sameShapeAsOrder(run: string, claimed: string): boolean {
  const shape = (s: string) => s.replace(/^#/, '').replace(/\p{L}/gu, 'a').replace(/\p{N}/gu, '9').replace(/[^a9]/g, '');
  return shape(run) === shape(claimed);
}
