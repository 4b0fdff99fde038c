import { expect } from 'chai';
import { staleSince } from '../../src/knowledge/stale';
import { knowledgeSchema } from '../../src/knowledge/schema';
import type { Knowledge } from '../../src/knowledge/schema';
import { demoKnowledge } from '../answers/fixtures';

const ZONE = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('stale shipments (tracking.stale_after_business_days, carrier days)', () => {
  let k: Knowledge;
  before(async () => {
    k = await demoKnowledge();
    expect(k.tracking.stale_after_business_days).to.equal(4);
  });

  it('counts carrier days, not calendar days: a weekend does not make a Friday scan stale by Tuesday', () => {
    // Fri 13 Nov scan; Mon 16, Tue 17 are two carrier days.
    expect(staleSince({ status: 'in_transit', lastEventAt: at('2026-11-13T15:00:00Z') }, k, at('2026-11-17T15:00:00Z'), ZONE)).to.equal(undefined);
    // Mon..Thu 19: four carrier days.
    expect(staleSince({ status: 'in_transit', lastEventAt: at('2026-11-13T15:00:00Z') }, k, at('2026-11-19T15:00:00Z'), ZONE)).to.equal('2026-11-13');
  });

  it('leaves out a carrier holiday (Thanksgiving, carriers closed)', () => {
    // Mon 23 scan; Tue 24, Wed 25, (Thu 26 closed), Fri 27 = 3; Mon 30 = 4.
    expect(staleSince({ status: 'in_transit', lastEventAt: at('2026-11-23T15:00:00Z') }, k, at('2026-11-27T20:00:00Z'), ZONE)).to.equal(undefined);
    expect(staleSince({ status: 'in_transit', lastEventAt: at('2026-11-23T15:00:00Z') }, k, at('2026-11-30T14:00:00Z'), ZONE)).to.equal('2026-11-23');
  });

  it('uses the shop time zone for the day of the scan', () => {
    // 02:00 UTC on Sat 14 is still Friday 13 in New York.
    expect(staleSince({ status: 'in_transit', lastEventAt: at('2026-11-14T02:00:00Z') }, k, at('2026-11-19T15:00:00Z'), ZONE)).to.equal('2026-11-13');
  });

  it('a delivered or returned shipment, or one without any scan, is never stale', () => {
    for (const status of ['delivered', 'returned']) {
      expect(staleSince({ status, lastEventAt: at('2026-10-01T15:00:00Z') }, k, at('2026-11-19T15:00:00Z'), ZONE)).to.equal(undefined);
    }
    expect(staleSince({ status: 'in_transit' }, k, at('2026-11-19T15:00:00Z'), ZONE)).to.equal(undefined);
  });

  it('reads the older stuck_after_days (calendar days) as business days, and refuses 0', () => {
    const { origin: _origin, ...document } = k;
    const doc = (tracking: unknown) => knowledgeSchema.safeParse({ ...document, tracking });
    const legacy = doc({ stuck_after_days: 7 });
    expect(legacy.success && legacy.data.tracking).to.deep.equal({ stale_after_business_days: 5 });
    const zero = doc({ stale_after_business_days: 0 });
    expect(zero.success).to.equal(false);
    const both = doc({ stuck_after_days: 7, stale_after_business_days: 2 });
    expect(both.success).to.equal(false);
  });
});
