import type { Knowledge, Rate, Zone } from './schema';

/** SKU patterns use * as a wildcard; comparison ignores case. */
export function skuMatches(sku: string, patterns: string[]): boolean {
  return patterns.some((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`, 'i').test(sku));
}

export function tagMatches(tags: string[], wanted: string[]): boolean {
  const lower = new Set(tags.map((t) => t.toLowerCase()));
  return wanted.some((w) => lower.has(w.toLowerCase()));
}

/** An item matches a sku/tag pair when every part given matches (none given: no match). */
export function itemMatches(item: { sku: string; tags: string[] }, rule: { sku?: string[]; tag?: string[] }): boolean {
  if (!rule.sku && !rule.tag) return false;
  return (!rule.sku || skuMatches(item.sku, rule.sku)) && (!rule.tag || tagMatches(item.tags, rule.tag));
}

export interface ZoneMatch { zone: Zone; index: number }

/** The first zone that covers the address (zones are listed specific-first). */
export function zoneFor(knowledge: Pick<Knowledge, 'shipping'>, address: { country: string; region?: string; postalCode?: string }): ZoneMatch | undefined {
  const country = address.country.toUpperCase();
  const region = address.region?.trim().toLowerCase();
  const postcode = address.postalCode?.replace(/\s+/g, '').toUpperCase();
  const index = knowledge.shipping.zones.findIndex((zone) => {
    if (!zone.countries.includes(country)) return false;
    const byRegion = zone.regions ? region !== undefined && zone.regions.some((r) => r.toLowerCase() === region) : undefined;
    const byPostcode = zone.postcodes ? postcode !== undefined && zone.postcodes.some((p) => postcode.startsWith(p.replace(/[\s*]/g, '').toUpperCase())) : undefined;
    // A zone narrowed by region and postcode matches when either names the address.
    if (byRegion === undefined && byPostcode === undefined) return true;
    return byRegion === true || byPostcode === true;
  });
  return index === -1 ? undefined : { zone: knowledge.shipping.zones[index], index };
}

/** The zone's rate for a shipping method; unknown or missing method: "standard", else the zone's first rate. */
export function rateFor(zone: Zone, method: string | undefined): { method: string; rate: Rate } {
  const wanted = method?.trim().toLowerCase();
  const key = Object.keys(zone.rates).find((m) => m.toLowerCase() === wanted) ?? ('standard' in zone.rates ? 'standard' : Object.keys(zone.rates)[0]);
  return { method: key, rate: zone.rates[key] };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
