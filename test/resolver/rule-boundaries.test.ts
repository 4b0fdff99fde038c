import { expect } from 'chai';
import { ruleSignals } from '../../src/resolver/rules';
import { fold } from '../../src/resolver/text';

/** Rule phrases match whole words: a phrase hidden inside other words fires nothing. */
describe('resolver rules: whole words only', () => {
  it('"lámpara de mesa" does not contain the Portuguese "para de me" (stop sending me)', () => {
    expect([...ruleSignals(fold('compré una lámpara de mesa de 40 €')).intents]).not.to.include('unsubscribe');
    expect([...ruleSignals(fold('para de me mandar mensagens')).intents]).to.include('unsubscribe');
  });

  it('paying on delivery is a payment question, not a refund ("contra reembolso", "contre remboursement")', () => {
    const intents = (text: string) => [...ruleSignals(fold(text)).intents];
    for (const text of ['¿aceptan pago contra reembolso en Canarias?', 'est-ce possible de payer contre remboursement', 'geht auch Nachnahme?', 'si può pagare in contrassegno?', 'есть наложенный платёж?', '支持货到付款吗']) {
      expect(intents(text), text).to.include('other').and.not.to.include('returns');
    }
    expect(intents('¿cuándo me hacen el reembolso?')).to.include('returns');
    expect(intents('je veux un remboursement')).to.include('returns');
  });
});
