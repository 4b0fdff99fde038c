import type { OrderInput } from '../orders/contract';
import { OrderNumberConflict } from '../orders/repository';
import type { OrderService } from '../orders/service';
import type { Applied } from './event-log';

/** Stores one order a source mapped, through the order service; a number another order has is the source's mistake, not ours. */
export async function ingestFromSource(orders: OrderService, order: OrderInput): Promise<Applied> {
  try {
    await orders.ingest([order]);
    return { outcome: 'applied', orderId: order.id };
  } catch (err) {
    if (err instanceof OrderNumberConflict) return { outcome: 'rejected', detail: err.message, orderId: order.id };
    throw err;
  }
}
