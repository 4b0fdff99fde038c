import { expect } from 'chai';
import { scanEntities } from '../../src/resolver/entities';
import { withoutDetailLabels } from '../../src/resolver/labels';

/** What the classifier reads once the details and the words that name them are blanked. */
function classified(text: string): string {
  return withoutDetailLabels(text, scanEntities(text, { expecting: null }).rest).replace(/\s+/g, ' ').trim();
}

describe('resolver: a detail\'s label goes with the detail', () => {
  it('blanks the name of a detail with its possessive and "is"', () => {
    expect(classified('did it ship? my email is kim@example.com')).to.equal('did it ship?');
    expect(classified('¿ya salió? código postal 28013')).to.equal('¿ya salió?');
    expect(classified('Bestellnr. 4471, PLZ 80331, wann kommt das?')).to.equal(', , wann kommt das?');
    expect(classified('Мой заказ 4471 где?')).to.equal('где?');
    expect(classified('订单号是4471，到哪了')).to.equal('，到哪了');
  });

  it('keeps "is", "the" and "my" when no detail name stands beside them', () => {
    expect(classified('where is 1042?')).to.equal('where is ?');
    expect(classified('can you look at the 4471 one')).to.equal('can you look at the one');
  });
});
