import { findFromIsoCode, lookupViaCity } from 'city-timezones';
import { getCountry } from 'countries-and-timezones';
import { DateTime } from 'luxon';
import { memo } from '../knowledge/memo';

/**
 * The shopper's time zone from the shipping address: the city in its country (and region, when
 * the name is in several), else the country's only zone, else the shop's zone when the shop is in
 * that country, else the zone of the country's largest city. Notices respect the shopper's night.
 */
export function shopperTimeZone(address: { city?: string; region?: string; country: string }, shopTimeZone: string): string {
  // The city list is searched linearly: a dispatch round of many orders to the same cities looks each up once.
  return zones(`${address.city ?? ''}\u0000${address.region ?? ''}\u0000${address.country}\u0000${shopTimeZone}`, () => lookUpZone(address, shopTimeZone));
}

/** Addresses whose zone is remembered, and the ends of quiet hours per zone and minute. */
const ZONE_CACHE = 10_000;
const zones = memo<string, string>(ZONE_CACHE);

function lookUpZone(address: { city?: string; region?: string; country: string }, shopTimeZone: string): string {
  const country = address.country.toUpperCase();
  if (address.city) {
    const cities = lookupViaCity(address.city).filter((c) => c.iso2 === country);
    const region = address.region?.toLowerCase();
    const inRegion = region ? cities.filter((c) => c.state_ansi?.toLowerCase() === region || c.province?.toLowerCase() === region) : [];
    const best = (inRegion.length > 0 ? inRegion : cities).sort((a, b) => b.pop - a.pop)[0];
    if (best?.timezone) return best.timezone;
  }
  const zones = getCountry(country)?.timezones ?? [];
  if (zones.length === 1) return zones[0];
  if ((zones as string[]).includes(shopTimeZone) || zones.length === 0) return shopTimeZone;
  const largest = findFromIsoCode(country).sort((a, b) => b.pop - a.pop)[0];
  return largest?.timezone ?? zones[0];
}

/** "21:00" to minutes after midnight. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The first instant at or after `now` outside the quiet hours in `timeZone` (from "21:00" to
 * "08:00" spans midnight). A notice due in the night is held until the morning; the end is a
 * wall-clock time (luxon), so a daylight-saving change in the night does not move it.
 */
export function outsideQuietHours(now: Date, quiet: { from: string; to: string }, timeZone: string): Date {
  // A dispatch round asks for its one `now` in a few zones, once per notice: the answer is the same for the whole minute.
  const end = mornings(`${timeZone} ${quiet.from} ${quiet.to} ${Math.floor(now.getTime() / 60_000)}`, () => {
    const morning = quietEnd(now, quiet, timeZone);
    return morning.getTime() === now.getTime() ? QUIET_NOT : morning.getTime();
  });
  return end === QUIET_NOT ? now : new Date(end);
}

/** In the cache of mornings: the minute is outside the quiet hours. */
const QUIET_NOT = -1;
const mornings = memo<string, number>(ZONE_CACHE);

function quietEnd(now: Date, quiet: { from: string; to: string }, timeZone: string): Date {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return now;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minutes = local.hour * 60 + local.minute;
  const quietNow = from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
  if (!quietNow) return now;
  const day = minutes >= to ? local.plus({ days: 1 }) : local;
  return day.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 }).toJSDate();
}
