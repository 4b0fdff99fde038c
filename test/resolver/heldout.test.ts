import { expect } from 'chai';
import { createResolver, LANGUAGES, type Resolver } from '../../src/resolver';
import { allUtterances } from '../../src/resolver/utterances';

/** Every 5th utterance of each intent list is kept out of training and must still be understood. */
const isHeldOut = (u: { index: number }) => u.index % 5 === 4;
const FLOOR = 0.85;

describe('resolver / held-out accuracy', () => {
  let resolver: Resolver;
  before(async () => {
    resolver = await createResolver({ trainOn: (u) => !isHeldOut(u) });
  });

  for (const lang of LANGUAGES) {
    it(`${lang} >= ${FLOOR}`, () => {
      const heldOut = allUtterances().filter((u) => u.lang === lang && isHeldOut(u));
      expect(heldOut.length).to.be.greaterThan(30);
      const misses = heldOut.filter((u) => resolver.understand(u.text, { expecting: null }).intent !== u.intent);
      const accuracy = 1 - misses.length / heldOut.length;
      expect(accuracy, misses.map((u) => `${u.intent}: ${u.text}`).join('\n')).to.be.at.least(FLOOR);
    });
  }

  it('trains all eight languages within the start-up budget', async () => {
    const start = Date.now();
    await createResolver({ trainOn: () => true });
    expect(Date.now() - start).to.be.below(3000);
  });
});
