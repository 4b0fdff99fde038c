import { expect } from 'chai';
import { renderPolicyAnswer } from '../../src/answers/policy-answer';
import { placeNamedIn } from '../../src/answers/places';
import { createAnswerPort } from '../../src/app/answers';
import type { Knowledge } from '../../src/knowledge/schema';
import { LANGUAGES } from '../../src/resolver/types';
import { demoKnowledge, OrderFactory } from './fixtures';

const NOW = new Date('2026-11-23T15:00:00Z');

describe('policy answers', () => {
  let knowledge: Knowledge;
  before(async () => {
    knowledge = await demoKnowledge();
  });

  it('gives the times and prices of a country named in the question', () => {
    const a = renderPolicyAnswer('shipping_policy', { lang: 'en', knowledge, question: 'how long does shipping usually take to canada and how much does it cost?', now: NOW });
    expect(a.text).to.contain('Shipping to Canada: Standard: 5-8 business days, $12.95 (free on orders over $150.00). Express: 2-4 business days, $29.95.');
    expect(a.facts.facts.find((x) => x.key === 'shipping.ca.standard.cost')).to.include({ value: '$12.95', source: 'knowledge:shipping.yaml#shipping.zones[2]' });
  });

  it('recognises places in any language and inflection', () => {
    const cases: [string, string][] = [
      ['¿Cuánto tardan los envíos a Canarias?', 'es-canarias'],
      ['Versendet ihr auch in die Schweiz?', 'ch'],
      ['quanto costa la spedizione in Germania?', 'eu-core'],
      ['сколько идёт доставка в Германию?', 'eu-core'],
      ['доставляете в Канаду?', 'ca'],
      ['你们寄到瑞士吗？', 'ch'],
      ['shipping to Hawaii?', 'us-remote'],
      ['do you ship to the UK?', 'gb'],
      ['Livrez-vous en Belgique ?', 'eu-core'],
    ];
    for (const [question, zone] of cases) expect(placeNamedIn(question, knowledge)?.zone?.id, question).to.equal(zone);
    expect(placeNamedIn('where is my parcel? it is late', knowledge)).to.equal(undefined);
    expect(placeNamedIn('сколько стоит доставка того заказа?', knowledge), 'a common word is not Togo').to.equal(undefined);
  });

  it('answers in the language with local prices and the notice in force', () => {
    // Intl puts a no-break space between amount and currency.
    const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    const es = renderPolicyAnswer('shipping_policy', { lang: 'es', knowledge, question: '¿Cuánto tardan los envíos a Canarias? y cuánto cuesta', now: NOW });
    es.text = spaced(es.text);
    expect(es.text).to.contain('Envíos a Canarias: Estándar: 7-12 días laborables, 14,90 €.');
    expect(es.text).to.contain('Los trámites de aduana para Canarias');
    const ru = renderPolicyAnswer('shipping_policy', { lang: 'ru', knowledge, question: 'сколько идёт доставка в Германию и сколько стоит?', now: NOW });
    ru.text = spaced(ru.text);
    expect(ru.text).to.contain('Доставка — Германия: Стандартная доставка: 4–7 рабочих дней, 6,90 €');
    const later = renderPolicyAnswer('shipping_policy', { lang: 'es', knowledge, question: 'envíos a Canarias', now: new Date('2027-02-01T12:00:00Z') });
    expect(later.text, 'the notice ended').not.to.contain('aduana');
  });

  it('says when the shop does not ship to a country', () => {
    expect(renderPolicyAnswer('shipping_policy', { lang: 'en', knowledge, question: 'do you ship to Japan?', now: NOW }).text).to.contain("we don't ship to Japan");
    expect(renderPolicyAnswer('shipping_policy', { lang: 'de', knowledge, question: 'Liefert ihr nach Japan?', now: NOW }).text).to.contain('nicht nach Japan');
  });

  it('gives the general article without a place, with its placeholders filled', () => {
    for (const lang of LANGUAGES) {
      const a = renderPolicyAnswer('shipping_policy', { lang, knowledge, now: NOW });
      expect(a.text, lang).not.to.match(/\{[a-z_]+\}/);
      expect(a.text, lang).to.equal(a.facts.facts[0].value);
    }
    expect(renderPolicyAnswer('shipping_policy', { lang: 'en', knowledge }).text).to.contain('before 2:00 PM (New York time)');
    expect(renderPolicyAnswer('shipping_policy', { lang: 'de', knowledge }).text).to.contain('vor 14:00 Uhr');
  });

  it('answers returns and order changes from the articles', () => {
    const returns = renderPolicyAnswer('returns', { lang: 'pt', knowledge, question: 'como faço para devolver um produto?' });
    expect(returns.text).to.contain('até 30 dias após a entrega').and.contain('5-10 dias úteis');
    expect(returns.facts.facts[0].source).to.equal('knowledge:policies/#policies.pt.returns');
    const change = renderPolicyAnswer('change_order', { lang: 'fr', knowledge });
    expect(change.text).to.contain("modifier l'adresse").and.contain('annulée gratuitement');
  });

  it('reads the knowledge in force through the answer port (hot reload applies to the next answer)', () => {
    let current = knowledge;
    const port = createAnswerPort({ knowledge: { current: () => current }, timeZone: 'America/New_York' });
    const f = new OrderFactory(NOW);
    expect(port.policy('returns', { lang: 'en', question: 'return?' }).text).to.contain('within 30 days');
    current = { ...knowledge, returns: { ...knowledge.returns, window_days: 14 } };
    expect(port.policy('returns', { lang: 'en', question: 'return?' }).text).to.contain('within 14 days');
    const order = port.order(f.order(), { lang: 'en', now: NOW, focus: 'status' });
    expect(order.text).to.contain('1042');
    expect(port.message('fr', 'thanks', {})).to.contain('plaisir');
  });
});
