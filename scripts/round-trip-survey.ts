/**
 * Counts the PostgreSQL round trips each request of an evaluation run costs (`npm run eval --
 * --round-trips`, with EVAL_DATABASE_URL): every query a node-postgres client sends while the
 * request is served, the turn lock's included, attributed through the request's async context.
 * It reports how many round trips the shopper's messages took, and the statements of every
 * message that took more than two (issue "A turn in two round trips").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import pg from 'pg';

interface RequestTrips {
  path: string;
  text?: string;
  queries: string[];
}

const MESSAGE_PATH = /^\/v3\/directline\/conversations\/[^/]+\/activities$/;

export function surveyRoundTrips(server: http.Server): { report(): string } {
  const requests = new AsyncLocalStorage<RequestTrips>();
  const messages: RequestTrips[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    requests.getStore()?.queries.push(text ?? '?');
    return query.apply(this, args);
  };
  // Every request runs in a context of its own, from before express sees it.
  const listeners = server.listeners('request') as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const trips: RequestTrips = { path: (req.url ?? '').split('?')[0], queries: [] };
    if (req.method === 'POST' && MESSAGE_PATH.test(trips.path)) {
      messages.push(trips);
      // The shopper's words, for the report: read from the body as express reads it.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          trips.text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string }).text;
        } catch {
          /* not JSON: the bot answers 400 */
        }
      });
    }
    requests.run(trips, () => listeners.forEach((listener) => listener.call(server, req, res)));
  });
  return {
    report(): string {
      const byCount = new Map<number, number>();
      for (const m of messages) byCount.set(m.queries.length, (byCount.get(m.queries.length) ?? 0) + 1);
      const lines = [`round trips per shopper message (${messages.length} messages): ${[...byCount].sort((a, b) => a[0] - b[0]).map(([n, c]) => `${n}: ${c}`).join(', ')}`];
      for (const m of messages.filter((x) => x.queries.length > 2)) {
        lines.push(`\n${m.queries.length} round trips: ${JSON.stringify(m.text)}`);
        for (const q of m.queries) lines.push(`  - ${q.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
      return lines.join('\n');
    },
  };
}
