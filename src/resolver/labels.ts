/**
 * The words that label a detail ("código postal", "my email is", "PLZ", "邮箱是") belong to the
 * detail: they are blanked with it before the classifier reads a message, and in training too,
 * so "did you deliver order X yet? postcode Y" reads as the question it asks, not as the
 * address corrections and detail-only answers those label words fill in the corpus.
 */

/** Words that name a detail. */
const NOUNS = [
  'order', 'ordr', 'number', 'no', 'nr', 'num', 'id', 'ref', 'reference', 'e-?mail', 'mail', 'zip', 'code', 'postcode', 'post', 'postal',
  'phone', 'tel', 'mobile', 'cell',
  'pedido', 'n[uú]mero', 'correo', 'm[oó]vil', 'celular', 'tel[eé]fono', 'c[oó]digo', 'cp',
  'commande', 'courriel', 'portable', 'cellulaire', 't[eé]l[eé]phone', 'n[°º]',
  'bestellung', 'bestellnummer', 'bestellnr', 'nummer', 'telefon', 'handy', 'plz', 'postleitzahl',
  'ordine', 'cellulare', 'cap', 'codice', 'postale',
  'encomenda', 'telem[oó]vel', 'telefone', 'cep',
  'заказ\\p{L}{0,3}', 'номер\\p{L}{0,3}', 'почт\\p{L}{0,3}', 'телефон\\p{L}{0,3}', 'тел', 'индекс\\p{L}{0,3}',
  'zakaz\\p{L}{0,3}', 'nomer\\p{L}{0,3}', 'pocht\\p{L}{0,3}', 'indeks',
];
/** Possessives, articles and "is" around a detail's name ("my email is"): blanked only with a name. */
const GLUE = [
  'is', 'my', 'the', "it'?s", 'it’s', 'es', 'mi', 'el', 'la', 'de', 'est', "c'est", 'c’est', 'mon', 'ma', 'le', 'ist', 'meine?', 'die',
  '[eèé]', 'il', 'mio', 'mia', 'o', 'a', 'meu', 'minha', 'мой', 'моя', 'мои', 'это', 'moi', 'moy', 'eto',
];
const wordAtEnd = (alternatives: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})[\\s:：=#№.\\-]*$`, 'iu');
const NOUN = wordAtEnd(NOUNS);
const GLUE_WORD = wordAtEnd(GLUE);
const HAN_LABEL = /(?:我的)?(?:订单编号|订单号|订单|单号|邮箱|电邮|电子邮件|手机号码|手机号|手机|电话号码|电话|邮编|邮政编码|号码)(?:是|为|：|:|\s)*$/u;
const MAX_LABEL_WORDS = 5;
/** How far back one label word may start (the longest with its separators). */
const LOOKBACK = 40;

/** `rest` (entities blanked in `original`) with the label words before each blanked detail blanked too. */
export function withoutDetailLabels(original: string, rest: string): string {
  let out = rest;
  for (let i = rest.length - 1; i >= 0; i--) {
    const startsDetail = rest[i] === ' ' && original[i] !== ' ' && (i === 0 || rest[i - 1] !== ' ' || original[i - 1] === ' ');
    if (!startsDetail) continue;
    // Walk back word by word; glue counts only once a name is found at or left of it ("my email is X", not "where is X").
    let cut = i;
    let blankFrom = i;
    let named = false;
    for (let n = 0; n < MAX_LABEL_WORDS; n++) {
      const from = Math.max(0, cut - LOOKBACK);
      const before = out.slice(from, cut);
      const noun = NOUN.exec(before) ?? HAN_LABEL.exec(before);
      const match = noun ?? GLUE_WORD.exec(before);
      if (!match || match[0].length === 0) break;
      cut = from + match.index;
      if (noun) named = true;
      if (named) blankFrom = cut;
    }
    if (blankFrom < i) out = out.slice(0, blankFrom) + ' '.repeat(i - blankFrom) + out.slice(i);
  }
  return out;
}
