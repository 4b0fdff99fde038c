import { expect } from 'chai';
import { checkDraftFacts } from '../../src/llm/fact-check';
import { findDateMentions } from '../../src/llm/date-mentions';
import { detectLanguage } from '../../src/llm/language-check';
import { ORDER_1001_FACTS, TEMPLATE_EN, TEMPLATE_ES } from './fixtures';

const check = (draft: string, templateAnswer = TEMPLATE_EN, shopperTexts: string[] = []) =>
  checkDraftFacts({ draft, facts: ORDER_1001_FACTS, templateAnswer, shopperTexts, shopName: 'Demo Shop' });
const kinds = (draft: string, templateAnswer = TEMPLATE_EN) => check(draft, templateAnswer).unmatched.map((u) => u.kind);

describe('llm: fact check', () => {
  describe('date mentions', () => {
    const day = (text: string) => findDateMentions(text).map((m) => m.readings.map((r) => `${r.year ?? ''}-${r.month}-${r.day ?? ''}`).join('|'));

    it('reads dates in the bot languages and formats', () => {
      expect(day('el 25 de noviembre de 2026')).to.deep.equal(['2026-11-25']);
      expect(day('on November 25th')).to.deep.equal(['-11-25']);
      expect(day('am 25.11. oder 25. November')).to.deep.equal(['-11-25', '-11-25']);
      expect(day('预计11月25日送达')).to.deep.equal(['-11-25']);
      expect(day('доставим 25 ноября')).to.deep.equal(['-11-25']);
      expect(day('le 25 nov. 2026')).to.deep.equal(['2026-11-25']);
      expect(day('2026-11-25T08:00:00Z')).to.deep.equal(['2026-11-25']);
      expect(day('03/04/2026')).to.deep.equal(['2026-4-3|2026-3-4']);
      expect(day('in December')).to.deep.equal(['-12-']);
    });

    it('does not read amounts, phone numbers or "you may" as dates', () => {
      expect(findDateMentions('it costs 12.50, 1.5 kg, call 512-555-0101, you may wait')).to.deep.equal([]);
    });
  });

  describe('language', () => {
    it('tells the bot languages apart', () => {
      expect(detectLanguage('Your order is on its way and should arrive on Tuesday.')).to.equal('en');
      expect(detectLanguage('Tu pedido está en camino y llegará el martes.')).to.equal('es');
      expect(detectLanguage('Votre commande est en route et sera livrée mardi.')).to.equal('fr');
      expect(detectLanguage('Ihre Bestellung ist unterwegs und wird am Dienstag zugestellt.')).to.equal('de');
      expect(detectLanguage('Il tuo ordine è in viaggio e arriverà martedì.')).to.equal('it');
      expect(detectLanguage('O seu pedido está a caminho e chegará na terça-feira.')).to.equal('pt');
      expect(detectLanguage('Ваш заказ в пути.')).to.equal('ru');
      expect(detectLanguage('您的订单正在运输中。')).to.equal('zh');
      expect(detectLanguage('1Z999AA10123456784')).to.equal(undefined);
    });
  });

  it('accepts a faithful rewording in English', () => {
    const result = check('Good news, Ana! Your order 1001 is on its way with UPS and should arrive by November 25. You can follow it here: https://carrier.example/track/1Z999AA10123456784', TEMPLATE_EN, ['Hi, I am Ana, where is my order?']);
    expect(result).to.deep.equal({ ok: true, unmatched: [] });
  });

  it('accepts the same facts in another language and date format', () => {
    expect(check('¡Hola! Tu pedido 1001 ya va en camino con UPS y debería llegar el 25/11. Número de seguimiento: 1Z999AA10123456784.', TEMPLATE_ES).ok).to.equal(true);
    expect(check('您的订单1001已发货，由UPS承运，预计11月25日送达。', TEMPLATE_EN).ok).to.equal(true);
  });

  it('rejects an invented date, weekday or relative day', () => {
    expect(kinds('Your order 1001 should arrive by November 27.')).to.deep.equal(['date']);
    expect(kinds('Tu pedido llegará el 27 de noviembre.', TEMPLATE_ES)).to.deep.equal(['date']);
    expect(kinds('Your order should arrive tomorrow.')).to.deep.equal(['day']);
    // 2026-11-25 is a Wednesday.
    expect(kinds('Your order should arrive on Wednesday.')).to.deep.equal([]);
    expect(kinds('Your order should arrive on Friday.')).to.deep.equal(['day']);
  });

  it('rejects another tracking number, number, email or link', () => {
    expect(kinds('Your tracking number is 1Z999AA10123456785.')).to.deep.equal(['code']);
    expect(kinds('Your order 1002 is on its way.')).to.deep.equal(['number']);
    expect(kinds('We will email you at ana@example.com.')).to.deep.equal(['email']);
    expect(kinds('Track it at https://evil.example/track/1Z999AA10123456784')).to.deep.equal(['url']);
  });

  it('rejects another carrier, an unknown name or a status the facts do not have', () => {
    expect(kinds('Your order 1001 is on its way with FedEx.')).to.deep.equal(['carrier']);
    expect(kinds('Your order 1001 is on its way, Bob Smith.')).to.deep.equal(['name', 'name']);
    expect(kinds('Your order 1001 has been delivered.')).to.deep.equal(['status']);
    expect(kinds('Your order 1001 is out for delivery.')).to.deep.equal(['status']);
    expect(kinds('We have refunded your order 1001.')).to.deep.equal(['status']);
  });

  it('accepts a phone number written in a local format', () => {
    const facts = { ...ORDER_1001_FACTS, facts: [...ORDER_1001_FACTS.facts, { key: 'customer.phone', value: '+15125550101', source: 'order' }] };
    expect(checkDraftFacts({ draft: 'We will text you at (512) 555-0101.', facts, templateAnswer: TEMPLATE_EN }).ok).to.equal(true);
    expect(checkDraftFacts({ draft: 'We will text you at (512) 555-0199.', facts, templateAnswer: TEMPLATE_EN }).ok).to.equal(false);
  });
});
