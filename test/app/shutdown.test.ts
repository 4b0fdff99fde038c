import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import type { RunningServer } from '../../src/app/server';
import { tempDir } from '../helpers/db';

const ADMIN_KEY = 'test-admin-key-0123456789';

function order(id: string) {
  return {
    id, placedAt: '2026-11-20T14:05:00Z', status: 'open',
    customer: { name: 'Ana Lima', email: `ana+${id}@example.com` },
    shippingAddress: { line1: '12 Oak St', city: 'Austin', postalCode: '78701', country: 'US' },
    items: [{ sku: 'TEE-RED-M', name: 'Red tee (M)', quantity: 1 }],
  };
}

/** Resolves with the connection error code (ECONNREFUSED once the server stopped listening), or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('app: the real server (startServer)', () => {
  let running: RunningServer;
  let port: number;

  before(async () => {
    // Imported here so that, while the container's parts are being written, only this suite fails.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startServer } = require('../../src/app/server') as typeof import('../../src/app/server');
    const config = loadConfig({
      DATABASE_URL: 'pglite://memory', PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), NODE_ENV: 'test',
      ADMIN_API_KEY: ADMIN_KEY, SEED_DEMO: 'never',
    });
    running = await startServer({ config, logger: createLogger('silent') });
    port = (running.server.address() as net.AddressInfo).port;
  });
  after(() => running?.stop());

  it('answers /health with the database ok and the queue off without REDIS_URL', async () => {
    const res = await fetch(`${running.url}/health`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { database: { ok: boolean }; queue: { on: boolean; why: string } };
    expect(body.database.ok).to.equal(true);
    expect(body.queue).to.include({ on: false, why: 'REDIS_URL is unset' });
  });

  it('shuts down gracefully: finishes the request in flight, refuses new connections, closes the store', async () => {
    const body = Buffer.from(JSON.stringify(Array.from({ length: 200 }, (_, i) => order(`GS-${i}`))));
    const half = Math.floor(body.length / 2);

    // A bulk ingest whose body is only half sent: certainly in flight when stop() is called.
    const received = new Promise<void>((resolve) => running.server.once('request', () => resolve()));
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: '/api/v1/orders',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: `Bearer ${ADMIN_KEY}` },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, half));
      received.then(() => {
        stopped = running.stop();
        // The listener is closed at once: a new connection is refused while the old one finishes.
        void tryConnect(port).then((code) => {
          refused = code;
          req.end(body.subarray(half));
        });
      }, reject);
    });
    let stopped: Promise<void> | undefined;
    let refused: string | undefined;

    const res = await response;
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.text)).to.deep.equal({ upserted: 200 });
    expect(refused).to.equal('ECONNREFUSED');

    await stopped;
    expect(await tryConnect(port)).to.equal('ECONNREFUSED');
    // The store is closed: it no longer answers.
    let pingError: unknown;
    await running.wismo.store.ping().catch((err: unknown) => { pingError = err; });
    expect(pingError).to.be.instanceOf(Error);
  });
});
