import { expect } from 'chai';
import { openTestStore, type TestStore } from '../helpers/db';
import { InsightsQueries } from '../../src/insights/measures';
import { expectedTotals, planMonth, writeMonth } from '../../scripts/insights/month';

/**
 * The seeded month (npm run seed:insights): the SQL measures equal the same definitions counted
 * in plain TypeScript over the generator's plan, for the whole month and for a part of it.
 */
describe('insights: a seeded month', function () {
  this.timeout(120_000);
  let t: TestStore;
  const end = new Date('2026-11-30T12:00:00Z');
  const plan = planMonth({ seed: 7, days: 30, perDay: 40, end });

  before(async () => {
    t = await openTestStore();
    await writeMonth(t.store.db, plan);
  });
  after(() => t?.cleanup());

  for (const [label, from, to] of [
    ['the whole month', new Date(end.getTime() - 31 * 86_400_000), end],
    ['its second week', new Date(end.getTime() - 23 * 86_400_000), new Date(end.getTime() - 16 * 86_400_000)],
  ] as const) {
    it(`${label}: SQL and the plan agree`, async () => {
      const { totals } = await new InsightsQueries(t.store.db).compute({ from, to, groupBy: 'day', timeZone: 'UTC', costPerContact: 12 });
      const expected = expectedTotals(plan, from, to);
      expect(expected.conversations).to.be.greaterThan(100);
      expect(expected.repeatContacts).to.be.greaterThan(0);
      expect(totals).to.deep.include(expected);
      expect(totals.estimatedSaving).to.equal(expected.automatedResolutions * 12);
    });
  }
});
