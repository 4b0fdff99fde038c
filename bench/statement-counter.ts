import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface StatementStats { n: number; ms: number; paramBytes: number }

/**
 * Counts and times every statement sent to PGlite or to PostgreSQL (node-postgres; its wait
 * included) while `counting` is on, by its text (whitespace folded, cut to `width`), with the
 * bytes of its parameters (node-postgres only). A query of several statements sent in one go
 * (the simple protocol) counts once: one round trip. Transactions' statements count too. One
 * wrapper for the bench's tools.
 */
export function countStatements(width: number): { stats: Map<string, StatementStats>; counting: { on: boolean }; sorted(): [string, StatementStats][]; total(): StatementStats } {
  const stats = new Map<string, StatementStats>();
  const counting = { on: false };
  // The turn lock's round trips (src/store/turn-scope.ts): a prepared statement shows as the start of its text,
  // literals are folded, so one shape of round trip is one line.
  const prepared = new Map<string, string>();
  const key = (text: string) => {
    for (const m of text.matchAll(/PREPARE (turn_\w+) AS ([^;]*)/g)) prepared.set(m[1], m[2].replace(/\s+/g, ' ').trim().slice(0, 24));
    return text
      .replace(/PREPARE turn_\w+ AS [^;]*;\n/g, '')
      .replace(/EXECUTE (turn_\w+)(\((?:[^;']|'(?:[^']|'')*')*\))?/g, (_m, name: string) => `[${prepared.get(name) ?? name}…]`)
      .replace(/E?'(?:[^']|'')*'/g, '?').replace(/\s+/g, ' ').trim().slice(0, width);
  };
  const note = (text: string, values: unknown, started: number) => {
    if (!counting.on) return;
    const s = stats.get(key(text)) ?? { n: 0, ms: 0, paramBytes: 0 };
    s.n += 1;
    s.ms += performance.now() - started;
    s.paramBytes += Array.isArray(values) ? values.reduce((n: number, v) => n + (typeof v === 'string' ? Buffer.byteLength(v) : 8), 0) : 0;
    stats.set(key(text), s);
  };
  // PGlite: every protocol message of every query, exec and transaction goes through execProtocolStream; a
  // statement starts with its Parse ('P') or simple Query ('Q') message, and the messages up to the next one are its time.
  const stream = PGlite.prototype.execProtocolStream;
  let current: string | undefined;
  let currentValues: unknown;
  PGlite.prototype.execProtocolStream = async function (this: PGlite, message: Uint8Array, ...rest: unknown[]) {
    const text = statementText(message);
    if (text !== undefined) {
      current = text;
      currentValues = undefined;
    }
    const started = performance.now();
    try {
      return await (stream as (...a: unknown[]) => ReturnType<typeof stream>).call(this, message, ...rest);
    } finally {
      if (current !== undefined) {
        if (text !== undefined) note(current, currentValues, started);
        else if (counting.on) {
          const s = stats.get(key(current));
          if (s) s.ms += performance.now() - started;
        }
      }
    }
  } as typeof stream;
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

/** The SQL text of a Parse ('P': name, then text) or simple Query ('Q': text) protocol message; undefined for other messages. */
function statementText(message: Uint8Array): string | undefined {
  const type = message[0];
  if (type !== 0x50 && type !== 0x51) return undefined;
  let start = 5;
  if (type === 0x50) start = message.indexOf(0, start) + 1;
  const end = message.indexOf(0, start);
  return Buffer.from(message.buffer, message.byteOffset + start, end - start).toString('utf8');
}
