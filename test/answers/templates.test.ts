import { expect } from 'chai';
import { message } from '../../src/answers';
import { LANGUAGE_PACKS } from '../../src/answers/templates';
import type { LanguagePack } from '../../src/answers/templates/types';
import type { MessageKey, MessageParams } from '../../src/answers/keys';
import { LANGUAGES, type Lang } from '../../src/resolver/types';

/** One set of parameters for every sentence (each takes the fields it needs). */
const PARAMS = {
  orderNumber: '1042', orderId: '1042', shopName: 'Demo Shop', eta: '[ETA]', hours: 2, opensAt: '[OPENS]',
  orders: [{ id: '1042', placedDate: '[DATE1]' }, { id: '1043', placedDate: '[DATE2]' }],
  placed: '[DATE]', date: '[DATE]', from: '[FROM]', to: '[TO]', items: '[ITEMS]', item: '[ITEM]', release: '[DATE]', restock: '[DATE]', shipBy: '[DATE]',
  carrier: 'UPS', tracking: '1Z999', when: '[WHEN]', place: '[PLACE]', where: '[WHERE]', what: '[WHAT]', since: '[DATE]', url: 'https://t.example/1',
  count: 2, n: 1, status: { status: 'in_transit', eta: '[DATE]' }, delivered: '[DATE]', until: '[UNTIL]', days: 30,
  events: ['ships', 'out_for_delivery', 'delivered', 'problem'], text: '[NOTICE]', method: '[METHOD]', cost: '[COST]', freeOver: '[FREE]', free: false, min: 3, max: 5,
};

type Sentence = (p: typeof PARAMS) => string;
/** Every sentence of a pack, rendered with PARAMS (status phrases in all their forms). */
function allSentences(pack: LanguagePack): Record<string, string> {
  const out: Record<string, string> = {};
  for (const group of ['catalog', 'order', 'policy'] as const) {
    for (const [key, fn] of Object.entries(pack[group])) out[`${group}.${key}`] = (fn as unknown as Sentence)(PARAMS);
  }
  for (const status of ['info_received', 'in_transit', 'unknown', 'out_for_delivery', 'failed_attempt', 'available_for_pickup', 'delivered', 'exception', 'returned']) {
    out[`order.packageLine.${status}`] = pack.order.packageLine({ ...PARAMS, status: { status } as never });
  }
  for (const [key, text] of Object.entries(pack.suggestions)) out[`suggestions.${key}`] = text;
  return out;
}

/** Words that give away an English sentence left in another language. */
const ENGLISH = /\b(the|your|you|please|we|will|with|order|has|been|thanks|delivery|shipped|tracking number|business days?)\b/i;

/** The register each language uses, and the one it must not slip into. */
const REGISTER: Partial<Record<Lang, { forbidden: RegExp; expected: RegExp }>> = {
  de: { forbidden: /\b(du|dich|dir|dein\w*)\b/i, expected: /\b(Sie|Ihnen|Ihr\w*)\b/ },
  fr: { forbidden: /\b(tu|toi|ton|ta|tes)\b/i, expected: /\bvous\b/i },
  es: { forbidden: /\b(usted|ustedes|su pedido)\b/i, expected: /\b(tu|te|tienes|puedes)\b/i },
  it: { forbidden: /\b(Lei|La sua|il suo ordine)\b/, expected: /\b(tuo|ti|puoi)\b/i },
  pt: { forbidden: /\b(tu|teu|tua)\b/i, expected: /\b(você|sua|seu)\b/i },
  ru: { forbidden: /(?<![\p{L}])(ты|тебя|тебе|твой|твоя|твои)(?![\p{L}])/iu, expected: /(?<![\p{L}])(вы|вас|вам|ваш\p{L}*)(?![\p{L}])/iu },
  zh: { forbidden: /你/, expected: /您/ },
};

describe('wording', () => {
  const en = allSentences(LANGUAGE_PACKS.en);

  it('has every message key in every language, and no others', () => {
    const keys = (lang: Lang) => Object.keys(LANGUAGE_PACKS[lang].catalog).sort();
    for (const lang of LANGUAGES) {
      expect(keys(lang), lang).to.deep.equal(keys('en'));
      expect(Object.keys(allSentences(LANGUAGE_PACKS[lang])).sort(), lang).to.deep.equal(Object.keys(en).sort());
    }
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang}: every sentence is translated (no English leftovers) and keeps its values`, () => {
      const sentences = allSentences(LANGUAGE_PACKS[lang]);
      for (const [key, text] of Object.entries(sentences)) {
        expect(text.trim(), `${lang} ${key}`).not.to.equal('');
        expect(text, `${lang} ${key}`).not.to.equal(en[key]);
        expect(text.replace(/\[[A-Z0-9]+\]|https?:\S+/g, ''), `${lang} ${key}: ${text}`).not.to.match(ENGLISH);
        // A value the English sentence states must be stated in the translation too.
        for (const placeholder of en[key].match(/\[[A-Z0-9]+\]|1Z999|https:\/\/t\.example\/1/g) ?? []) {
          expect(text, `${lang} ${key} lost ${placeholder}`).to.contain(placeholder);
        }
      }
    });

    it(`${lang}: one register throughout`, () => {
      const register = REGISTER[lang];
      if (!register) return;
      const all = Object.values(allSentences(LANGUAGE_PACKS[lang])).join('\n');
      expect(all).not.to.match(register.forbidden);
      expect(all).to.match(register.expected);
    });
  }

  it('message() renders a catalog sentence with its parameters', () => {
    const check = <K extends MessageKey>(lang: Lang, key: K, params: MessageParams[K], expected: string) => expect(message(lang, key, params)).to.contain(expected);
    check('en', 'ask_verification', { orderNumber: 'SH-1001' }, 'order SH-1001');
    check('de', 'greeting', { shopName: 'Kaffeeladen' }, 'Kaffeeladen');
    check('ru', 'handoff_eta_open', { hours: 2 }, '2 часов');
    check('ru', 'handoff_eta_open', { hours: 1 }, '1 часа');
    check('zh', 'choose_order', { orders: [{ id: '1', placedDate: '11月20日' }] }, '11月20日');
  });
});
