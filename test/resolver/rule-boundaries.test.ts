import { expect } from 'chai';
import { ruleSignals } from '../../src/resolver/rules';
import { fold } from '../../src/resolver/text';

/** Rule phrases match whole words: a phrase hidden inside other words fires nothing. */
describe('resolver rules: whole words only', () => {
  it('"lámpara de mesa" does not contain the Portuguese "para de me" (stop sending me)', () => {
    expect([...ruleSignals(fold('compré una lámpara de mesa de 40 €')).intents]).not.to.include('unsubscribe');
    expect([...ruleSignals(fold('para de me mandar mensagens')).intents]).to.include('unsubscribe');
  });
});
