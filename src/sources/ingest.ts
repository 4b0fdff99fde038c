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

/**
 * A page of orders a source mapped (a backfill), stored in one write; an order whose number
 * another order has is left out (the source's mistake) and the rest stored. `stored`: the ids stored.
 */
export async function ingestManyFromSource(orders: OrderService, list: OrderInput[]): Promise<{ stored: Set<string>; rejected: number }> {
  let rest = list;
  while (rest.length > 0) {
    try {
      await orders.ingest(rest);
      break;
    } catch (err) {
      if (!(err instanceof OrderNumberConflict) || !rest[err.index]) throw err;
      rest = rest.filter((_o, i) => i !== err.index);
    }
  }
  return { stored: new Set(rest.map((o) => o.id)), rejected: list.length - rest.length };
}
