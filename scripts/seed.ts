/**
 * `npm run seed`: (re)seeds the demo shop into the configured store (DATABASE_URL,
 * DATABASE_SCHEMA, DATA_DIR), whatever SEED_DEMO says. Sending the demo orders again
 * replaces them, so it can run any number of times.
 */
import { ConfigError, loadConfig } from '../src/config';
import { openStore } from '../src/store/db';
import { OrderRepository } from '../src/orders/repository';
import { seedDemoShop } from '../src/app/seed';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`cannot seed: the configuration has ${err.problems.length} problem(s):`);
    for (const p of err.problems) console.error(`  ${p}`);
    return 1;
  }
  const store = await openStore({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, schemaName: config.DATABASE_SCHEMA });
  try {
    const orders = new OrderRepository(store.db);
    const n = await seedDemoShop(orders);
    const where = store.kind === 'postgres' ? `PostgreSQL (schema ${store.schemaName})` : store.kind === 'pglite' ? `the embedded store in ${config.DATA_DIR}` : 'an in-memory store (gone when this exits)';
    console.log(`seeded ${n} demo orders into ${where}; the store now holds ${await orders.count()} orders`);
  } finally {
    await store.close();
  }
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error('seeding failed:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
