import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bot Connector service: what the CloudAdapter calls at an activity's serviceUrl.
 * Records replies (`POST /v3/conversations/{id}/activities/{activityId}`) and proactive
 * messages (`POST /v3/conversations/{id}/activities`).
 */
export interface ConnectorCall {
  path: string;
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: any;
}

export interface FakeConnector {
  serviceUrl: string;
  calls: ConnectorCall[];
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      calls.push({
        path: req.url ?? '',
        conversationId: decodeURIComponent(m[1]),
        replyToId: m[2] ? decodeURIComponent(m[2]) : undefined,
        authorization: req.headers.authorization,
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { serviceUrl: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
