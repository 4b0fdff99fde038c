import type { OrderEventInput, OrderInput } from './contract';
import type { OrderRepository } from './repository';

/**
 * The one way orders change: ingest, merchant events and (later) shop and carrier connectors
 * all come through here. Each change is stored with its typed events (`order_changes`, in the
 * same transaction, src/orders/repository.ts), then the change feed is told to deliver them.
 */
export class OrderService {
  constructor(
    readonly repository: OrderRepository,
    private readonly changes: { kick(): Promise<number> } = { kick: async () => 0 },
  ) {}

  async ingest(list: OrderInput[]): Promise<number> {
    const upserted = await this.repository.upsert(list);
    void this.changes.kick();
    return upserted;
  }

  async addMerchantEvent(orderId: string, event: OrderEventInput): Promise<{ id: number } | undefined> {
    const stored = await this.repository.addEvent(orderId, event);
    if (stored) void this.changes.kick();
    return stored;
  }
}
