/** Understanding what a caller said or keyed at a prompt. */

const DIGIT_WORDS: Record<string, string> = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  cero: '0', uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9',
  zéro: '0', un: '1', deux: '2', trois: '3', quatre: '4', cinq: '5', sept: '7', huit: '8', neuf: '9',
  null: '0', eins: '1', zwei: '2', drei: '3', vier: '4', fünf: '5', sechs: '6', sieben: '7', acht: '8', neun: '9',
};

/** Fewest digits an order number has (shorter runs are more likely "two items" and the like). */
const MIN_ORDER_DIGITS = 3;

/**
 * The order number in a transcript ("order one zero four two", "SH 20931", "it's 10 42")
 * or in keyed digits; letters are kept only as an uppercase prefix, as Twilio transcribes them.
 */
export function heardOrderNumber(speech?: string, digits?: string): string | undefined {
  const keyed = (digits ?? '').replace(/[^0-9]/g, '');
  if (keyed.length >= MIN_ORDER_DIGITS) return keyed;
  if (!speech) return undefined;
  const tokens = speech
    .replace(/[#,.!?]/g, ' ')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((t) => DIGIT_WORDS[t.toLowerCase()] ?? t);
  let best = '';
  let run: string[] = [];
  const close = () => {
    while (run.length > 1 && !/\d/.test(run[0]) && !/\d/.test(run[1])) run.shift();
    const joined = run.join('');
    if ((joined.match(/\d/g)?.length ?? 0) >= MIN_ORDER_DIGITS && joined.length > best.length) best = joined;
    run = [];
  };
  for (const t of tokens) {
    const digitsOnly = /^\d+$/.test(t);
    const prefixLetters = /^[A-Z]{1,4}$/.test(t) && t !== 'I' && t !== 'A';
    const mixed = /^[A-Z0-9]+$/.test(t) && /\d/.test(t);
    if (digitsOnly || mixed) run.push(t);
    else if (prefixLetters && run.every((r) => !/\d/.test(r))) run.push(t);
    else close();
  }
  close();
  return best || undefined;
}

const YES = /^(yes|yeah|yep|yup|correct|right|that's right|that is right|sure|ok|okay|sí|si|correcto|oui|ja|richtig|sì|sim|да|是|对|是的|对的)$/i;
const NO = /^(no|nope|wrong|not right|incorrect|non|nein|não|nao|нет|不|不是|不对)$/i;

/** A yes/no answer: 1 or 2 keyed, or the words in the supported languages. */
export function confirmation(speech?: string, digits?: string): 'yes' | 'no' | undefined {
  if (digits === '1') return 'yes';
  if (digits === '2') return 'no';
  const said = (speech ?? '').trim().toLowerCase().replace(/[.!?,。！]+/g, '').replace(/\s+/g, ' ');
  if (said === '') return undefined;
  if (YES.test(said) || YES.test(said.split(' ')[0])) return 'yes';
  if (NO.test(said) || NO.test(said.split(' ')[0])) return 'no';
  return undefined;
}

/** An order number read back one character at a time: "1 0 4 2", "S H 2 0 9 3 1". */
export function spellOut(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').split('').join(' ');
}
