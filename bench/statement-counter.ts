import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface StatementStats { n: number; ms: number; paramBytes: number }

/**
 * Counts and times every statement sent to PGlite or to PostgreSQL (node-postgres; its wait
 * included) while `counting` is on, by its text (whitespace folded, cut to `width`), with the
 * bytes of its parameters. One wrapper for the bench's tools.
 */
export function countStatements(width: number): { stats: Map<string, StatementStats>; counting: { on: boolean }; sorted(): [string, StatementStats][]; total(): StatementStats } {
  const stats = new Map<string, StatementStats>();
  const counting = { on: false };
  const note = (text: string, values: unknown, started: number) => {
    if (!counting.on) return;
    const key = text.replace(/\s+/g, ' ').trim().slice(0, width);
    const s = stats.get(key) ?? { n: 0, ms: 0, paramBytes: 0 };
    s.n += 1;
    s.ms += performance.now() - started;
    s.paramBytes += Array.isArray(values) ? values.reduce((n: number, v) => n + (typeof v === 'string' ? Buffer.byteLength(v) : 8), 0) : 0;
    stats.set(key, s);
  };
  const query = PGlite.prototype.query;
  PGlite.prototype.query = async function (this: PGlite, text: string, ...rest: unknown[]) {
    const started = performance.now();
    try {
      return await (query as (...a: unknown[]) => ReturnType<typeof query>).call(this, text, ...rest);
    } finally {
      note(text, rest[0], started);
    }
  } as typeof query;
  // node-postgres: query(text | { text, values }, values?, callback?), with a callback from pg-pool.
  const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof config === 'string' ? config : config?.text ?? '';
    const values = typeof config === 'string' ? args[1] : config?.values ?? args[1];
    const started = performance.now();
    const callback = args.findIndex((a) => typeof a === 'function');
    if (callback >= 0) {
      const done = args[callback] as (...r: unknown[]) => void;
      args[callback] = (...r: unknown[]) => {
        note(text, values, started);
        done(...r);
      };
      return pgQuery.apply(this, args);
    }
    const result = pgQuery.apply(this, args);
    return result instanceof Promise ? result.finally(() => note(text, values, started)) : result;
  };
  const sorted = () => [...stats].sort((a, b) => b[1].ms - a[1].ms);
  return { stats, counting, sorted, total: () => sorted().reduce((sum, [, s]) => ({ n: sum.n + s.n, ms: sum.ms + s.ms, paramBytes: sum.paramBytes + s.paramBytes }), { n: 0, ms: 0, paramBytes: 0 }) };
}
