/** What the command-line scripts share: the configuration checked, the store opened and closed, the exit code set. */
import { loadConfigOrReport, type Config } from '../src/config';
import { openStore, type Store } from '../src/store/db';

export function runWithStore(what: string, work: (store: Store, config: Config) => Promise<number>): void {
  const run = async (): Promise<number> => {
    const config = loadConfigOrReport(what);
    if (!config) return 1;
    const store = await openStore({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, schemaName: config.DATABASE_SCHEMA });
    try {
      return await work(store, config);
    } finally {
      await store.close();
    }
  };
  run().then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      console.error(`${what} failed:`, err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
