import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';

/**
 * A turn's database work in two round trips (issue #17). While a turn runs inside a scope
 * (src/store/turn-lock.ts opens one around the bot's turn):
 * - the reads made with the turn's lock, before the turn ran, answer the stores (`read`, `keyed`);
 * - the stores hand their writes over (`writeWithTurn`) instead of sending them, and the scope
 *   sends them all, with the commit, in one round trip once the turn has succeeded. A turn that
 *   fails writes nothing but its kept writes (`keep`); a write handed over after the scope closed
 *   runs at once.
 */
/**
 * A statement's shape: its SQL built and rendered once, with placeholders (`value('name')`), then
 * sent with each call's values. The turn's hot statements are shapes: drizzle builds and renders
 * them once per process instead of once per turn.
 */
export class Shape {
  private rendered?: { text: string; params: unknown[]; name: string };

  constructor(private readonly build: (value: (name: string) => unknown) => SQL) {}

  with(values: Record<string, unknown>): Shaped {
    return { shape: this, values };
  }

  /** The text with `$n` parameters, its parameters (placeholders among them) and a name for preparing it. */
  render(): { text: string; params: unknown[]; name: string } {
    if (!this.rendered) {
      const { sql: text, params } = dialect.sqlToQuery(this.build((name) => sql.placeholder(name)));
      this.rendered = { text, params, name: statementName(text) };
    }
    return this.rendered;
  }

  /** The statement with the values in place, as drizzle SQL (for a statement sent on its own). */
  sql(values: Record<string, unknown>): SQL {
    return this.build((name) => {
      if (!(name in values)) throw new Error(`no value for ${name}`);
      return values[name];
    });
  }
}

export interface Shaped {
  shape: Shape;
  values: Record<string, unknown>;
}

/** A statement: drizzle SQL, or a shape with its values. */
export type Statement = SQL | Shaped;

function isShaped(statement: Statement): statement is Shaped {
  return (statement as Shaped).shape instanceof Shape;
}

/** A statement as drizzle SQL, to send on its own. */
export function asSql(statement: Statement): SQL {
  return isShaped(statement) ? statement.shape.sql(statement.values) : statement;
}

/** The statement's text with `$n` parameters and its parameters. */
function query(statement: Statement): { text: string; params: unknown[]; name?: string } {
  if (!isShaped(statement)) {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    return { text, params };
  }
  const { text, params, name } = statement.shape.render();
  return { text, params: fillPlaceholders(params, statement.values), name };
}

function statementName(text: string): string {
  return `turn_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

export interface DeferredWrite {
  /** The statement, built when the turn's writes are sent (undefined: nothing to write any more). */
  statement(): Statement | undefined;
  /**
   * Told the statement's rows once the turn's writes are committed (not for a failed turn's kept
   * writes); the turn ends when what it returns has settled (a case's opening told to its channel).
   */
  written?(rows: Record<string, unknown>[]): void | Promise<void>;
  /**
   * Set for a write kept even when the turn fails (a wrong guess's counts: a turn's failure must
   * not take them back); it is then written without the turn's other writes. Writes it on its own,
   * for when the turn's connection cannot.
   */
  keep?(): Promise<void>;
}

/**
 * A write the turn starts with (the shopper's message, stored with the lock, in the turn's first
 * round trip): kept even when the turn fails.
 */
export interface LeadingWrite {
  statement(): Statement;
  written(rows: Record<string, unknown>[]): void;
  /** Writes it on its own, at once (where no transaction opens the turn). */
  now(): Promise<void>;
  /** Set once written: it wrote nothing on purpose (a claim another turn holds), and the turn is not run (TurnDeclined). */
  readonly declined?: boolean;
}

/** The turn's leading write declined (its claim was another turn's): the turn was not run, and nothing of it written. */
export class TurnDeclined extends Error {
  constructor() {
    super('the turn was not run: its message is another turn\'s');
  }
}

/**
 * A read made with the lock, in the turn's first round trip, for a store to answer from during
 * the turn (the linked order, the attempter's verification counters): `covers` says what it read.
 */
export interface NamedRead {
  name: string;
  statement: Statement;
  /** Keys read, found or not (the `key` of every row it returns counts as read too). */
  covers?: string[];
}

export interface ReadRows {
  rows: Record<string, unknown>[];
  covers: string[];
}

export class TurnScope {
  private readonly writes: DeferredWrite[] = [];
  private open = true;

  /** `reads`: the named reads' rows. */
  constructor(private readonly reads = new Map<string, ReadRows>()) {}

  /**
   * The rows of a named read made with the lock, while the turn runs. Work the turn started and
   * that outlives it (a timer, a batch) keeps this scope: once closed it answers nothing.
   */
  read(name: string): ReadRows | undefined {
    return this.open ? this.reads.get(name) : undefined;
  }

  /**
   * A keyed read made with the lock (rows with a `key` column, `covers` the keys asked for): the
   * rows of `keys`, and the keys it did not cover (to be read now); undefined without such a read.
   */
  keyed(name: string, keys: readonly string[]): { rows: Record<string, unknown>[]; missing: string[] } | undefined {
    const read = this.read(name);
    if (!read) return undefined;
    return { rows: read.rows.filter((r) => keys.includes(r.key as string)), missing: keys.filter((k) => !read.covers.includes(k)) };
  }

  /** Rows read during the turn that a later step may answer from (an order read while verifying it). */
  add(name: string, rows: Record<string, unknown>[]): void {
    if (!this.open) return;
    const read = this.reads.get(name);
    if (read) read.rows.push(...rows);
    else this.reads.set(name, { rows: [...rows], covers: [] });
  }

  /**
   * What the turn itself changed or read since, by key: these rows now answer for their keys in the
   * named read (a counter the turn will write with its commit).
   */
  update(name: string, rows: Record<string, unknown>[]): void {
    if (!this.open) return;
    const read = this.reads.get(name) ?? { rows: [], covers: [] };
    this.reads.set(name, read);
    const keys = new Set(rows.map((r) => r.key));
    read.rows = [...read.rows.filter((r) => !keys.has(r.key)), ...rows];
    read.covers = [...new Set([...read.covers, ...rows.map((r) => r.key as string)])];
  }

  /** What the turn itself changed since: the named read no longer answers. */
  forget(name: string): void {
    this.reads.delete(name);
  }

  /** Takes a write for the turn's last round trip; false once the scope closed (the caller writes it now). */
  defer(write: DeferredWrite): boolean {
    if (!this.open) return false;
    this.writes.push(write);
    return true;
  }

  /**
   * The turn failed: what it handed over is dropped but for its kept writes, returned with their
   * statements to be written now; what comes later runs at once.
   */
  discard(): { statement: Statement; write: DeferredWrite }[] {
    const kept = this.writes.filter((w) => w.keep);
    this.writes.length = 0;
    this.open = false;
    return built(kept);
  }

  /** Closes the scope: the writes handed over, each with its statement. */
  close(): { statement: Statement; write: DeferredWrite }[] {
    this.open = false;
    return built(this.writes);
  }
}

/** Writes with their statements, built now (a write with nothing left to write is dropped). */
function built(writes: DeferredWrite[]): { statement: Statement; write: DeferredWrite }[] {
  return writes.flatMap((write) => {
    const statement = write.statement();
    return statement ? [{ statement, write }] : [];
  });
}

const scopes = new AsyncLocalStorage<TurnScope>();

/** Runs `task` with `scope` as its turn's scope (what the stores called from it see). */
export function inTurnScope<T>(scope: TurnScope, task: () => Promise<T>): Promise<T> {
  return scopes.run(scope, task);
}

export function currentTurnScope(): TurnScope | undefined {
  return scopes.getStore();
}

/** Hands `write` to the running turn's last round trip; false when no turn scope is open. */
export function deferToTurn(write: DeferredWrite): boolean {
  return currentTurnScope()?.defer(write) ?? false;
}

/** Sends `write` with the running turn's last round trip, or now when no turn scope is open. */
export async function writeWithTurn(db: { execute(statement: SQL): PromiseLike<unknown> }, write: DeferredWrite): Promise<void> {
  if (deferToTurn(write)) return;
  const statement = write.statement();
  if (!statement) return;
  const result = await db.execute(asSql(statement));
  await write.written?.((result as unknown as { rows: Record<string, unknown>[] }).rows);
}

/**
 * Several statements in one round trip go through PostgreSQL's simple query protocol, which
 * takes no parameters: each value is written into the text as a quoted literal (pg's
 * escapeLiteral, the same quoting libpq uses), never as raw text.
 */
const dialect = new PgDialect();

export function inlined(statement: Statement): string {
  const { text, params } = query(statement);
  return text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}

/**
 * The same statement prepared once per connection and executed by name (`PREPARE name AS ...`,
 * then `EXECUTE name(literals)`): PostgreSQL parses and plans it once. The name comes from the
 * statement's text, so one shape is one prepared statement whatever its values.
 */
export function preparedCall(statement: Statement): { name: string; prepare: string; execute: string } {
  const { text, params, name: shapeName } = query(statement);
  const name = shapeName ?? statementName(text);
  return { name, prepare: `PREPARE ${name} AS ${text}`, execute: params.length > 0 ? `EXECUTE ${name}(${params.map(literal).join(', ')})` : `EXECUTE ${name}` };
}

/** A parameter as an SQL literal: strings, numbers, booleans, dates and JSON objects. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as an SQL literal`);
    // In parentheses, so a negative number never follows a minus sign as a "--" comment.
    return `(${String(value)})`;
  }
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (Array.isArray(value) || Buffer.isBuffer(value)) throw new Error('arrays and buffers are not written as SQL literals');
  if (typeof value === 'object') return pg.escapeLiteral(JSON.stringify(value));
  throw new Error(`cannot write a ${typeof value} as an SQL literal`);
}
