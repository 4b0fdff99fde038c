import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { buildWismo, type Wismo, type WismoOptions } from './container';

export interface RunningServer {
  wismo: Wismo;
  server: http.Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes everything. */
  stop(): Promise<void>;
}

export async function startServer(options: WismoOptions & { port?: number; host?: string }): Promise<RunningServer> {
  const { config, logger } = options;
  const wismo = await buildWismo(options);
  const server = http.createServer(wismo.app);
  wismo.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.PORT, options.host ?? config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown(server, wismo, config, logger));
  return { wismo, server, url: `http://localhost:${port}`, stop };
}

async function shutdown(server: http.Server, wismo: Wismo, config: Config, logger: Logger): Promise<void> {
  logger.info('shutting down: no new connections, finishing requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'requests still in flight after the shutdown timeout; closing them');
    server.closeAllConnections();
  }, config.SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  await closed;
  clearTimeout(timer);
  await wismo.close();
  logger.info('stopped');
}
