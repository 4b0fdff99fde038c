/**
 * `npm run seed`: (re)seeds the demo shop into the configured store (DATABASE_URL,
 * DATABASE_SCHEMA, DATA_DIR), whatever SEED_DEMO says. Sending the demo orders again
 * replaces them, so it can run any number of times.
 */
import { OrderRepository } from '../src/orders/repository';
import { seedDemoShop } from '../src/app/seed';
import { runWithStore } from './with-store';

runWithStore('seed', async (store, config) => {
  const orders = new OrderRepository(store.db);
  const n = await seedDemoShop(orders);
  const where = store.kind === 'postgres' ? `PostgreSQL (schema ${store.schemaName})` : store.kind === 'pglite' ? `the embedded store in ${config.DATA_DIR}` : 'an in-memory store (gone when this exits)';
  console.log(`seeded ${n} demo orders into ${where}; the store now holds ${await orders.count()} orders`);
  return 0;
});
