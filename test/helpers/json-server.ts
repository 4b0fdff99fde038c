import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** A local server for fakes of JSON APIs: each request with its whole body, answered as JSON. */
export async function startJsonServer(handle: (req: http.IncomingMessage, body: string, send: Send) => void) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
