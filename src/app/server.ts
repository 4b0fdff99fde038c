import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { buildWismo, type Wismo, type WismoOptions } from './container';

export interface RunningServer {
  wismo: Wismo;
  server: http.Server;
  url: string;
  /** The METRICS_PORT listener (GET /metrics), when METRICS_PORT is set. */
  metricsServer?: http.Server;
  metricsUrl?: string;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes everything. */
  stop(): Promise<void>;
}

export async function startServer(options: WismoOptions & { port?: number; host?: string }): Promise<RunningServer> {
  const { config, logger } = options;
  const wismo = await buildWismo(options);
  const server = http.createServer(wismo.app);
  wismo.attach(server);
  await listen(server, options.port ?? config.PORT, options.host ?? config.HOST);
  const { port } = server.address() as AddressInfo;
  // Metrics on a port of their own (a private network): no other route there.
  let metricsServer: http.Server | undefined;
  if (wismo.metricsApp && config.METRICS_PORT !== undefined) {
    metricsServer = http.createServer(wismo.metricsApp);
    try {
      await listen(metricsServer, config.METRICS_PORT, config.METRICS_HOST ?? options.host ?? config.HOST);
    } catch (err) {
      server.close();
      await wismo.close();
      throw err;
    }
  }
  const metricsPort = metricsServer && (metricsServer.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown(server, wismo, config, logger, metricsServer));
  return { wismo, server, url: `http://localhost:${port}`, metricsServer, metricsUrl: metricsPort === undefined ? undefined : `http://localhost:${metricsPort}`, stop };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

async function shutdown(server: http.Server, wismo: Wismo, config: Config, logger: Logger, metricsServer?: http.Server): Promise<void> {
  logger.info('shutting down: no new connections, finishing requests in flight');
  // Scrapes are short: the metrics listener just closes.
  metricsServer?.close();
  metricsServer?.closeAllConnections();
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
