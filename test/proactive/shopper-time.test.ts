import { expect } from 'chai';
import { outsideQuietHours, shopperTimeZone } from '../../src/proactive/shopper-time';

const QUIET = { from: '21:00', to: '08:00' };

describe('proactive: the shopper\'s time zone and quiet hours', () => {
  it('reads the zone from the shipping city, its region when the name is in several, else the country', () => {
    expect(shopperTimeZone({ city: 'Boise', region: 'ID', country: 'US' }, 'America/New_York')).to.equal('America/Boise');
    expect(shopperTimeZone({ city: 'Austin', region: 'TX', country: 'us' }, 'America/New_York')).to.equal('America/Chicago');
    expect(shopperTimeZone({ city: 'Las Palmas', country: 'ES' }, 'Europe/Madrid')).to.equal('Atlantic/Canary');
    // Unknown city: a one-zone country's zone; the shop's zone when the shop is in that country.
    expect(shopperTimeZone({ city: 'Nirgendwo', country: 'DE' }, 'America/New_York')).to.equal('Europe/Berlin');
    expect(shopperTimeZone({ city: 'Nowhere', country: 'US' }, 'America/Los_Angeles')).to.equal('America/Los_Angeles');
  });

  it('holds a notice found in the night until the end of the quiet hours, local time', () => {
    // 23:30 in New York (EST, UTC-5) on Thursday 19 November: held until 08:00 on Friday.
    expect(outsideQuietHours(new Date('2026-11-20T04:30:00Z'), QUIET, 'America/New_York').toISOString()).to.equal('2026-11-20T13:00:00.000Z');
    // 06:59 in Madrid: held one minute.
    expect(outsideQuietHours(new Date('2026-11-24T05:59:00Z'), QUIET, 'Europe/Madrid').toISOString()).to.equal('2026-11-24T07:00:00.000Z');
    // Daytime: now.
    const noon = new Date('2026-11-24T11:00:00Z');
    expect(outsideQuietHours(noon, QUIET, 'Europe/Madrid')).to.equal(noon);
    // Quiet hours within one day (13:00-14:00).
    expect(outsideQuietHours(new Date('2026-11-24T12:30:00Z'), { from: '13:00', to: '14:00' }, 'Europe/Madrid').toISOString()).to.equal('2026-11-24T13:00:00.000Z');
  });

  it('ends the quiet hours at 08:00 local time across a daylight-saving change in the night', () => {
    // Sunday 1 November 2026, New York falls back at 02:00: 01:30 EDT is 05:30 UTC; 08:00 EST is 13:00 UTC.
    expect(outsideQuietHours(new Date('2026-11-01T05:30:00Z'), QUIET, 'America/New_York').toISOString()).to.equal('2026-11-01T13:00:00.000Z');
    // Sunday 29 March 2026, Madrid springs forward at 02:00: 01:30 CET is 00:30 UTC; 08:00 CEST is 06:00 UTC.
    expect(outsideQuietHours(new Date('2026-03-29T00:30:00Z'), QUIET, 'Europe/Madrid').toISOString()).to.equal('2026-03-29T06:00:00.000Z');
  });
});
