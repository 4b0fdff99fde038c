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
