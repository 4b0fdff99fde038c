import type { OrderInput } from '../src/orders/contract';

/** Generated orders for the benchmark: numbers B100000.., emails shopperN@bench.example. */
export function benchOrders(count: number, now = Date.now()): OrderInput[] {
  const out: OrderInput[] = [];
  for (let i = 0; i < count; i++) {
    const placed = new Date(now - (1 + (i % 10)) * 86_400_000).toISOString();
    const shipped = i % 3 !== 0;
    out.push({
      id: `B${100000 + i}`,
      placedAt: placed,
      status: 'open',
      customer: { name: `Shopper ${i}`, email: `shopper${i}@bench.example`, phone: `+1512555${String(i % 10000).padStart(4, '0')}` },
      shippingAddress: { line1: `${i} Main St`, city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      shippingMethod: 'standard',
      items: [{ sku: `SKU-${i % 50}`, name: `Item ${i % 50}`, quantity: 1, tags: [] }],
      shipments: shipped
        ? [{
            id: 'S1', carrier: 'ups', trackingNumber: `1ZBENCH${i}`, items: [{ sku: `SKU-${i % 50}`, quantity: 1 }],
            status: 'in_transit', estimatedDelivery: new Date(now + 2 * 86_400_000).toISOString().slice(0, 10),
            events: [{ at: new Date(now - 86_400_000).toISOString(), status: 'in_transit', description: 'Departed facility', location: 'Dallas, TX' }],
          }]
        : [],
    });
  }
  return out;
}

/** Cities around the world (with their bot language): the notices bench ships to one where it is daytime now. */
const DAYTIME_CANDIDATES = [
  { city: 'Honolulu', region: 'HI', country: 'US', locale: 'en-US' },
  { city: 'Los Angeles', region: 'CA', country: 'US', locale: 'en-US' },
  { city: 'Chicago', region: 'IL', country: 'US', locale: 'en-US' },
  { city: 'New York', region: 'NY', country: 'US', locale: 'en-US' },
  { city: 'São Paulo', region: 'SP', country: 'BR', locale: 'pt-BR' },
  { city: 'London', country: 'GB', locale: 'en-GB' },
  { city: 'Madrid', country: 'ES', locale: 'es-ES' },
  { city: 'Moscow', country: 'RU', locale: 'ru-RU' },
  { city: 'Dubai', country: 'AE', locale: 'en-AE' },
  { city: 'Delhi', country: 'IN', locale: 'en-IN' },
  { city: 'Bangkok', country: 'TH', locale: 'en-TH' },
  { city: 'Shanghai', country: 'CN', locale: 'zh-CN' },
  { city: 'Tokyo', country: 'JP', locale: 'en-JP' },
  { city: 'Sydney', region: 'NSW', country: 'AU', locale: 'en-AU' },
  { city: 'Auckland', country: 'NZ', locale: 'en-NZ' },
];

/**
 * The candidate city whose shoppers stay out of the quiet hours longest from `now` (the
 * notices' own rule, `quietFrom(at, zone)` = the first instant at or after `at` outside them,
 * and the zone the notices derive from the address), checked in 10-minute steps up to 6 hours.
 */
export function daytimeAddress(
  now: Date, zoneOf: (address: { city: string; region?: string; country: string }) => string, quietFrom: (at: Date, zone: string) => Date,
): { city: string; region?: string; country: string; locale: string; zone: string; daytimeMinutes: number } {
  const scored = DAYTIME_CANDIDATES.map((c) => {
    const zone = zoneOf(c);
    let minutes = 0;
    while (minutes < 360) {
      const at = new Date(now.getTime() + minutes * 60_000);
      if (quietFrom(at, zone).getTime() !== at.getTime()) break;
      minutes += 10;
    }
    return { ...c, zone, daytimeMinutes: minutes };
  });
  return scored.sort((a, b) => b.daytimeMinutes - a.daytimeMinutes)[0];
}

/**
 * Late orders for the notices bench: placed three weeks ago, nothing shipped (their ship-by day
 * passed), SMS consent and a distinct phone each, shipped to `address`, order numbers N100000..
 * skipping those `holdout` takes (they would get no notice by design).
 */
export function lateOrders(
  count: number, address: { city: string; region?: string; country: string; locale: string }, holdout: (id: string) => boolean, now = Date.now(),
): OrderInput[] {
  const out: OrderInput[] = [];
  for (let n = 0; out.length < count; n++) {
    const id = `N${100000 + n}`;
    if (holdout(id)) continue;
    const i = out.length;
    out.push({
      id,
      placedAt: new Date(now - 21 * 86_400_000 - i * 1000).toISOString(),
      status: 'open',
      customer: {
        name: `Shopper ${i}`, email: `notice${i}@bench.example`, phone: `+3461${String(i).padStart(7, '0')}`,
        locale: address.locale, consent: { sms: true },
      },
      shippingAddress: { line1: `${i} Bench Street`, city: address.city, ...(address.region ? { region: address.region } : {}), country: address.country },
      shippingMethod: 'standard',
      items: [{ sku: `SKU-${i % 50}`, name: `Item ${i % 50}`, quantity: 1, tags: [] }],
      shipments: [],
    });
  }
  return out;
}
