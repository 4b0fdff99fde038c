import { expect } from 'chai';
import { handoffEta, isSupportOpen, parseSupportHours } from '../../src/handoff/hours';

describe('handoff ETA from support hours', function () {
  const weekdays = parseSupportHours('mon-fri 09:00-17:00');
  const settings = { hours: weekdays, timeZone: 'Europe/Berlin', replyHours: 2 };

  it('promises a reply within SUPPORT_REPLY_HOURS while support is open', function () {
    // Tuesday 10:00 in Berlin (09:00 UTC).
    expect(handoffEta(new Date('2026-11-24T09:00:00Z'), settings)).to.deep.equal({ kind: 'open', withinHours: 2 });
  });

  it('tells when support opens outside the hours, in the shop time zone', function () {
    // Tuesday 18:30 Berlin: opens Wednesday 09:00 Berlin = 08:00 UTC.
    const eta = handoffEta(new Date('2026-11-24T17:30:00Z'), settings);
    expect(eta).to.deep.equal({ kind: 'closed', opensAt: new Date('2026-11-25T08:00:00Z') });
  });

  it('skips the weekend', function () {
    // Friday 17:00 Berlin is closed (end exclusive): Monday 09:00.
    const eta = handoffEta(new Date('2026-11-27T16:00:00Z'), settings);
    expect(eta).to.deep.equal({ kind: 'closed', opensAt: new Date('2026-11-30T08:00:00Z') });
  });

  it('before opening the same day', function () {
    const eta = handoffEta(new Date('2026-11-24T06:00:00Z'), settings);
    expect(eta).to.deep.equal({ kind: 'closed', opensAt: new Date('2026-11-24T08:00:00Z') });
  });

  it('"always" is always open; lists and overnight windows work', function () {
    expect(handoffEta(new Date('2026-11-29T03:00:00Z'), { ...settings, hours: parseSupportHours('always') }).kind).to.equal('open');
    const split = parseSupportHours('mon-fri,sun 10:00-14:00');
    expect([...split.days].sort()).to.deep.equal([1, 2, 3, 4, 5, 7]);
    const night = parseSupportHours('mon-fri 22:00-06:00');
    expect(isSupportOpen(night, new Date('2026-11-24T23:00:00Z'), 'UTC')).to.equal(true);
    expect(isSupportOpen(night, new Date('2026-11-25T05:00:00Z'), 'UTC')).to.equal(true); // Tuesday's night shift
    expect(isSupportOpen(night, new Date('2026-11-24T12:00:00Z'), 'UTC')).to.equal(false);
  });
});
