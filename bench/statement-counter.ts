import { PGlite } from '@electric-sql/pglite';

export interface StatementStats { n: number; ms: number }

/**
 * Counts and times every statement sent to PGlite (its wait included) while `counting` is on,
 * by its text (whitespace folded, cut to `width`). One wrapper for the bench's tools.
 */
export function countPgliteStatements(width: number): { stats: Map<string, StatementStats>; counting: { on: boolean }; sorted(): [string, StatementStats][]; total(): StatementStats } {
  const stats = new Map<string, StatementStats>();
  const counting = { on: false };
  const query = PGlite.prototype.query;
  PGlite.prototype.query = async function (this: PGlite, text: string, ...rest: unknown[]) {
    const started = performance.now();
    try {
      return await (query as (...a: unknown[]) => ReturnType<typeof query>).call(this, text, ...rest);
    } finally {
      if (counting.on) {
        const key = text.replace(/\s+/g, ' ').trim().slice(0, width);
        const s = stats.get(key) ?? { n: 0, ms: 0 };
        s.n += 1;
        s.ms += performance.now() - started;
        stats.set(key, s);
      }
    }
  } as typeof query;
  const sorted = () => [...stats].sort((a, b) => b[1].ms - a[1].ms);
  return { stats, counting, sorted, total: () => sorted().reduce((sum, [, s]) => ({ n: sum.n + s.n, ms: sum.ms + s.ms }), { n: 0, ms: 0 }) };
}
