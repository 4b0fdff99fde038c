import { loadConfigOrReport } from './config';
import { createLogger } from './log/logger';
import { isPostgresUrl, pgliteAssets } from './store/pglite-assets';

/** `npm start`: check the configuration, open the store, seed the demo shop if new, listen. */
async function main(): Promise<void> {
  const config = loadConfigOrReport('start wismo-bot');
  if (!config) process.exit(1);
  const logger = createLogger(config.LOG_LEVEL);
  // The embedded store's WebAssembly compiles on other threads while the app's modules load.
  if (!isPostgresUrl(config.DATABASE_URL) && config.PGLITE_THREAD === 'main') void pgliteAssets();
  const { startServer } = require('./app/server') as typeof import('./app/server');
  const { seedDemoShop, shouldSeed } = require('./app/seed') as typeof import('./app/seed');
  const running = await startServer({ config, logger });
  const { wismo } = running;
  if (await shouldSeed(config.SEED_DEMO, wismo.store.kind, wismo.orders)) {
    const n = await seedDemoShop(wismo.orders);
    logger.info({ orders: n }, 'demo shop seeded');
  }

  const off = Object.entries(Object.fromEntries(wismo.channels.map((c) => [`channel ${c.name}`, c.status()])))
    .concat(Object.entries(await wismo.queue.health().then((q) => ({ queue: q }))))
    .filter(([, s]) => !s.on)
    .map(([name, s]) => `  - ${name}: off (${s.why})`);
  const banner = [
    '',
    `wismo-bot is running for ${config.SHOP_NAME}`,
    `  open      ${config.PUBLIC_BASE_URL}/`,
    `  health    ${running.url}/health`,
    ...(running.metricsUrl ? [`  metrics   ${running.metricsUrl}/metrics`] : config.METRICS_TOKEN ? [`  metrics   ${running.url}/metrics (with METRICS_TOKEN)`] : []),
    `  store     ${wismo.store.kind}`,
    config.generated.adminKey ? `  admin key ${config.ADMIN_API_KEY}   (generated, kept in ${config.DATA_DIR}/admin-key)` : '  admin key from ADMIN_API_KEY',
    ...off,
    '',
  ];
  process.stdout.write(banner.join('\n') + '\n');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'signal received');
      running.stop().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

main().catch((err) => {
  console.error('wismo-bot failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
