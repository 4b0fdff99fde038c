import path from 'node:path';
import type { Order, Shipment } from '../../src/orders/types';
import type { TrackingStatus } from '../../src/orders/contract';
import { loadKnowledgeDir } from '../../src/knowledge/loader';
import type { Knowledge } from '../../src/knowledge/schema';

export const KNOWLEDGE_DIR = path.resolve(__dirname, '..', '..', 'knowledge');

/** The shop's own knowledge folder, loaded once. */
let demo: Promise<Knowledge> | undefined;
export function demoKnowledge(): Promise<Knowledge> {
  demo ??= loadKnowledgeDir(KNOWLEDGE_DIR).then((r) => {
    if (!r.ok) throw new Error(`demo knowledge is invalid: ${JSON.stringify(r.problems)}`);
    return r.knowledge;
  });
  return demo;
}

const H = 3_600_000;
const D = 24 * H;

/** Builds orders with times relative to a fixed `now`. */
export class OrderFactory {
  constructor(readonly now: Date) {}

  at(offsetMs: number): Date {
    return new Date(this.now.getTime() + offsetMs);
  }
  hoursAgo(h: number): Date {
    return this.at(-h * H);
  }
  daysAgo(d: number): Date {
    return this.at(-d * D);
  }
  /** A calendar date d days from now (UTC). */
  day(d: number): string {
    return this.at(d * D).toISOString().slice(0, 10);
  }

  order(overrides: Partial<Order> = {}): Order {
    return {
      id: '1042',
      placedAt: this.daysAgo(4),
      status: 'open',
      customer: { name: 'Ana Whitfield', email: 'ana@example.com', phone: '+15125550101', locale: 'en-US' },
      shippingAddress: { line1: '12 Oak St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      shippingMethod: 'standard',
      items: [{ sku: 'THROW-MAR', name: 'Marigold linen throw', quantity: 1, tags: ['home'] }],
      shipments: [],
      merchantEvents: [],
      ...overrides,
    };
  }

  shipment(overrides: Partial<Shipment> & { status: TrackingStatus }): Shipment {
    return {
      id: 'S1',
      carrier: 'ups',
      trackingNumber: '1Z999AA10123456784',
      trackingUrl: 'https://carrier.example/track/1Z999AA10123456784',
      items: [{ sku: 'THROW-MAR', quantity: 1 }],
      events: [],
      ...overrides,
    };
  }
}
