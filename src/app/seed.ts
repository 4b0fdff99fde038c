import type { OrderRepository } from '../orders/repository';
import { orderSchema } from '../orders/contract';
import { demoOrders } from './demo-shop';

/** Loads the demo shop's orders (validated like any ingest). */
export async function seedDemoShop(orders: OrderRepository, now = new Date()): Promise<number> {
  const list = demoOrders(now).map((o) => orderSchema.parse(o));
  return orders.upsert(list);
}

/** Contract with the README: seed on the first start with the embedded store and no orders. */
export async function shouldSeed(mode: 'auto' | 'always' | 'never', storeKind: string, orders: OrderRepository): Promise<boolean> {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return storeKind !== 'postgres' && (await orders.count()) === 0;
}
