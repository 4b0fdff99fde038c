import { expect } from 'chai';
import { detectLanguage, type Lang } from '../../src/resolver';

const rows: Array<[string, Lang | undefined]> = [
  ['bjr, commande n° EU-3326, elle arrive quand ?', 'fr'],
  ['Kannst du mir Bescheid geben', 'de'],
  ["dov'è il mio ordine?", 'it'],
  ['quero falar com um atendente humano', 'pt'],
  ['¿Cuánto tardan los envíos a Canarias?', 'es'],
  ['wheres my stuff', 'en'],
  ['hw long til my stuff comes?? ordr no. 1042', 'en'],
  ['Здравствуйте! Где мой заказ EU-3323?', 'ru'],
  ['позовите оператора', 'ru'],
  ['转人工', 'zh'],
  ['邮箱是 chen.yutong@example.com', 'zh'],
  ['Bonjour !', 'fr'],
  ['gracias', 'es'],
  ['obrigado', 'pt'],
  ['avete un negozio fisico a Roma?', 'it'],
  ['Versendet ihr auch in die Schweiz? Was kostet das?', 'de'],
  ['cadê meu pedido', 'pt'],
  ['ana@example.com', undefined],
  ['1042', undefined],
  ['EU-3328', undefined],
  ['(512) 555-0101', undefined],
  ['📦❓😭😭', undefined],
  ['ok', undefined],
];

describe('resolver / detectLanguage', () => {
  for (const [text, lang] of rows) {
    it(`${JSON.stringify(text)} -> ${lang}`, () => expect(detectLanguage(text)).to.equal(lang));
  }
  it('returns the fallback for text too short to tell', () => {
    expect(detectLanguage('1042', 'de')).to.equal('de');
    expect(detectLanguage('hola, dónde está mi pedido', 'de')).to.equal('es');
  });
  it('a word or two shared by languages go to the prior (the conversation or the locale)', () => {
    expect(detectLanguage('pedido 302118', undefined, 'pt')).to.equal('pt');
    expect(detectLanguage('pedido 302118', undefined, 'es')).to.equal('es');
    expect(detectLanguage('código postal 41002', undefined, 'es')).to.equal('es');
    expect(detectLanguage('hola', undefined, 'pt')).to.equal('es');
  });
});
