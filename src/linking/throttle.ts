import type { RateLimiterDrizzle } from 'rate-limiter-flexible';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { rateLimits } from '../store/schema';
import { jsonArray, jsonRows } from '../store/bulk';
import { asSql, currentTurnScope, Shape, writeWithTurn, type NamedRead, type Statement } from '../store/turn-scope';
import { expiredCountersDeletion, storedCounter } from '../store/rate-limits';
import { emailKey } from '../orders/keys';
import { phonePlans } from './phone';

/** Contract §7: at most 4 failed attempts per conversation, or per sender identity within 24 h. */
export const MAX_FAILED_ATTEMPTS = 4;

export interface ThrottleLimits {
  /** Failures one conversation may make (contract §7: at most 4). */
  perConversation: number;
  /** Failures per identity within the window: a sender (phone, email, channel user) or an email/phone typed in failed attempts. */
  perIdentity: number;
  /** Failures against one order number within the window, from any conversation, sender or channel. */
  perOrder: number;
  /** Failures from one client address within the window; past it, each conversation from that address gets one attempt (never a lock by address alone). */
  perClient: number;
  windowHours: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { perConversation: MAX_FAILED_ATTEMPTS, perIdentity: MAX_FAILED_ATTEMPTS, perOrder: 5, perClient: 30, windowHours: 24 };

/** Who is trying: the conversation, the sender's identity and, for web chat, the client address. */
export interface Attempter {
  conversation: string;
  identity: string;
  client?: string;
}

/** What is tried: the claimed orders' keys (known or not, counted alike) and the emails/phones typed. */
export interface AttemptTarget {
  orders: string[];
  identities: string[];
}

/**
 * `attempter`: this conversation, sender or client has failed too often: stop checking details.
 * `target`: the order or a typed email/phone has been guessed at too often: typed details no
 * longer verify it for the window (a channel identity still does).
 */
export type LockState = 'open' | 'attempter' | 'target';

/** The identity key of an email or an E.164 phone, the same whichever channel it came from. */
export function identityKey(identity: { email?: string; phone?: string }): string | undefined {
  if (identity.phone) return `phone:${identity.phone}`;
  if (identity.email) return `email:${emailKey(identity.email)}`;
  return undefined;
}

/**
 * The identity keys of JSON details (`{ emails, phones }`, one per item of `details`), in SQL, as
 * `identityKey` makes them: a phone with its country code as its digits after the plus; with
 * `countries`, one without as `toE164` may read it in each of them (the calling code, then the
 * digits with and without the national prefix). A guess: a key that differs is read when the turn
 * asks for it.
 */
function identityKeysOf(details: SQL[], countries?: SQL): SQL {
  const each = (field: string) => sql`(select json_array_elements_text(coalesce(d -> ${sql.raw(`'${field}'`)}, '[]')) as v
    from json_array_elements(json_build_array(${sql.join(details.map((d) => sql`(${d})::json`), sql`, `)})) d)`;
  // The digits as typed, and without the national prefix: libphonenumber strips it only where the number's form allows.
  const national = countries ? sql` union select 'phone:+' || plan.calling_code || n.digits
      from ${each('phones')} p, lateral (select regexp_replace(p.v, '[^0-9]', '', 'g')) national(d),
        (${countries}) c(country) join ${phonePlansTable()} on plan.country = upper(c.country),
        lateral (values (national.d), (case when plan.national_prefix <> '' and starts_with(national.d, plan.national_prefix)
          then substr(national.d, length(plan.national_prefix) + 1) end)) n(digits)
      where p.v not like '+%' and n.digits <> ''` : sql``;
  return sql`select 'email:' || lower(trim(e.v)) from ${each('emails')} e
    union select 'phone:+' || regexp_replace(p.v, '[^0-9]', '', 'g') from ${each('phones')} p where p.v like '+%'${national}`;
}

/** libphonenumber's numbering plans as an SQL table of literals (library data, checked: letters and digits only). */
function phonePlansTable(): SQL {
  const rows = phonePlans().map(({ country, callingCode, nationalPrefix }) => {
    if (!/^[A-Z]{2}$/.test(country) || !/^\d+$/.test(callingCode) || !/^\d*$/.test(nationalPrefix)) throw new Error(`unexpected numbering plan for ${country}`);
    return `('${country}', '${callingCode}', '${nationalPrefix}')`;
  });
  return sql.raw(`(values ${rows.join(', ')}) plan(country, calling_code, national_prefix)`);
}

/** The turn's named read of the attempter's counters (src/store/turn-scope.ts). */
const TURN_COUNTERS = 'throttle:attempter';

/** The points of counters as rate-limiter-flexible's `get` reads one: a window that has not ended, or none. */
const POINTS = new Shape((v) => sql`select ${rateLimits.key} as key, ${rateLimits.points} as points from ${rateLimits}
  where ${rateLimits.key} = any(${jsonArray(sql`${v('keys')}`)}) and (${rateLimits.expire} > now() or ${rateLimits.expire} is null)`);

/**
 * `n` points added to each counter in one statement, as rate-limiter-flexible's `penalty` adds
 * them to one (a window that has ended starts again with these points and a new end); answers
 * each counter's points after.
 */
function penaltiesStatement(rows: { key: string; seconds: number }[], n: number): SQL {
  return sql`insert into ${rateLimits} (key, points, expire)
    select v.key, ${n}::int, now() + make_interval(secs => v.seconds) from ${jsonRows(rows, 'key text, seconds int')}
    on conflict (key) do update set
      points = case when ${rateLimits.expire} <= now() then excluded.points else ${rateLimits.points} + excluded.points end,
      expire = case when ${rateLimits.expire} <= now() then excluded.expire else ${rateLimits.expire} end
    returning ${rateLimits.key} as key, ${rateLimits.points} as points`;
}

function pointsStatement(keys: string[]): Statement {
  return POINTS.with({ keys: JSON.stringify(keys) });
}

/**
 * Failed verification attempts, counted in the database with rate-limiter-flexible so that
 * the limits hold across conversations, channels and instances. Never by client address
 * alone (contract §7): that limit sits far above the others.
 */
export class VerificationThrottle {
  private readonly conversation: RateLimiterDrizzle;
  private readonly identity: RateLimiterDrizzle;
  private readonly order: RateLimiterDrizzle;
  private readonly client: RateLimiterDrizzle;
  private lastCleanup = 0;

  constructor(private readonly db: Db, readonly limits: ThrottleLimits = DEFAULT_LIMITS) {
    const window = limits.windowHours * 3600;
    // A conversation's count has no window in the contract; 30 days outlives any conversation.
    this.conversation = storedCounter(db, { prefix: 'verify:conversation', points: limits.perConversation, windowSeconds: 30 * 86_400 });
    this.identity = storedCounter(db, { prefix: 'verify:identity', points: limits.perIdentity, windowSeconds: window });
    this.order = storedCounter(db, { prefix: 'verify:order', points: limits.perOrder, windowSeconds: window });
    this.client = storedCounter(db, { prefix: 'verify:client', points: limits.perClient, windowSeconds: window });
  }

  /**
   * The counters a message's turn may ask for, read with its lock: the attempter's, and those of
   * the targets its typed details and numbers may name (`identities`: identity keys of the emails
   * and phones typed; `typedOrders`: SQL giving, with the call's values, the typed numbers' keys
   * and the orders they may name, `typed_key`, `lookup_key` and shipping `country` each;
   * `details`: JSON details, `{ emails, phones }`, whose identities the turn may try: the phones
   * typed without a country code, and the details the conversation kept from earlier messages;
   * phones without a country code are read in those countries when `inCountries`: the caller
   * asks for it when the message names orders or has such phones). Every key asked for comes back
   * as a row (points or none), so a verifying turn reads no counter of these again. Built once.
   */
  turnRead(targets: {
    typedOrders: (value: (name: string) => unknown) => SQL;
    details: (value: (name: string) => unknown) => SQL[];
  }): (attempter: Attempter, identities: string[], values: Record<string, unknown>, options: { inCountries: boolean }) => NamedRead {
    const countries = sql`select distinct country from typed_orders where country is not null`;
    const shape = (inCountries: boolean) => new Shape((v) => sql`with typed_orders as (${targets.typedOrders(v)})
      select k.key, r.points from (
        select json_array_elements_text(${v('keys')}::json)
        union select ${this.order.getKey('')} || order_key from typed_orders, lateral (values (typed_key), (lookup_key)) keys(order_key) where order_key is not null
        union select ${this.identity.getKey('')} || identity from (${identityKeysOf(targets.details(v), inCountries ? countries : undefined)}) details(identity)) k(key)
      left join ${rateLimits} r on r.key = k.key and (r.expire > now() or r.expire is null)`);
    // Phones read in the orders' countries cost the database a plan with every country's in it: only when the turn may need them.
    const shapes = { plain: shape(false), inCountries: shape(true) };
    return (attempter, identities, values, options) => {
      const keys = [...this.attempterKeys(attempter), ...identities.map((id) => this.identity.getKey(id))];
      return { name: TURN_COUNTERS, statement: (options.inCountries ? shapes.inCountries : shapes.plain).with({ ...values, keys: JSON.stringify(keys) }) };
    };
  }

  private attempterKeys(attempter: Attempter): string[] {
    return [this.conversation.getKey(attempter.conversation), this.identity.getKey(attempter.identity), ...(attempter.client ? [this.client.getKey(attempter.client)] : [])];
  }

  async state(attempter: Attempter, target?: AttemptTarget): Promise<LockState> {
    const targets: [RateLimiterDrizzle, string][] = [
      ...(target?.orders ?? []).map((o) => [this.order, o] as [RateLimiterDrizzle, string]),
      ...(target?.identities ?? []).filter((id) => id !== attempter.identity).map((id) => [this.identity, id] as [RateLimiterDrizzle, string]),
    ];
    const asked: [RateLimiterDrizzle, string][] = [
      [this.conversation, attempter.conversation], [this.identity, attempter.identity], ...(attempter.client ? [[this.client, attempter.client] as [RateLimiterDrizzle, string]] : []), ...targets,
    ];
    const counted = await this.pointsOf(asked.map(([limiter, key]) => limiter.getKey(key)));
    const points = (limiter: RateLimiterDrizzle, key: string) => counted.get(limiter.getKey(key)) ?? 0;
    if (this.attempterOver(points(this.conversation, attempter.conversation), points(this.identity, attempter.identity), attempter.client ? points(this.client, attempter.client) : 0)) return 'attempter';
    return targets.some(([limiter, key]) => points(limiter, key) >= limiter.points) ? 'target' : 'open';
  }

  /**
   * The points of several counters in one statement (every turn that may verify asks for three
   * to six): the rows rate-limiter-flexible keeps, read as its `get` reads one (a window that
   * has not ended, or none).
   */
  private async pointsOf(keys: string[]): Promise<Map<string, number>> {
    const wanted = [...new Set(keys)];
    const locked = currentTurnScope()?.keyed(TURN_COUNTERS, wanted);
    const missing = locked?.missing ?? wanted;
    const read = missing.length > 0 ? (await this.db.execute(asSql(pointsStatement(missing))) as unknown as { rows: Record<string, unknown>[] }).rows : [];
    const found = new Map(read.map((r) => [r.key as string, r.points]));
    // Read now, they answer for the rest of the turn too (its failures then go with its commit).
    if (missing.length > 0) currentTurnScope()?.update(TURN_COUNTERS, missing.map((key) => ({ key, points: found.get(key) ?? null })));
    return new Map([...(locked?.rows ?? []), ...read].map((r) => [r.key as string, Number(r.points)]));
  }

  /**
   * Counts `points` failures (one per detail tried) against everyone and everything involved;
   * resolves with whether the attempter is now past its limit (from the counts just written).
   */
  async recordFailures(attempter: Attempter, target: AttemptTarget, points: number): Promise<boolean> {
    const n = Math.max(1, Math.floor(points));
    const others = [...new Set(target.identities)].filter((k) => k !== attempter.identity);
    const counted: [RateLimiterDrizzle, string][] = [
      [this.conversation, attempter.conversation], [this.identity, attempter.identity],
      ...(attempter.client ? [[this.client, attempter.client] as [RateLimiterDrizzle, string]] : []),
      ...others.map((k) => [this.identity, k] as [RateLimiterDrizzle, string]),
      ...[...new Set(target.orders)].map((o) => [this.order, o] as [RateLimiterDrizzle, string]),
    ];
    const windows = new Map(counted.map(([limiter, key]) => [limiter.getKey(key), limiter.duration]));
    const statement = penaltiesStatement([...windows].map(([key, seconds]) => ({ key, seconds })), n);
    const now = (await this.recordWithTurn([...windows.keys()], statement, n)) ?? (await this.recordNow(statement));
    if (Date.now() - this.lastCleanup > 600_000) {
      this.lastCleanup = Date.now();
      // With the turn's writes when a turn runs (no round trip of its own), else now.
      await writeWithTurn(this.db, { statement: () => expiredCountersDeletion() });
    }
    const pointsOf = (limiter: RateLimiterDrizzle, key: string) => now.get(limiter.getKey(key)) ?? 0;
    return this.attempterOver(pointsOf(this.conversation, attempter.conversation), pointsOf(this.identity, attempter.identity), attempter.client ? pointsOf(this.client, attempter.client) : 0);
  }

  /** The counts written now, outside a turn: the counters' points as they are after. */
  private async recordNow(statement: SQL): Promise<Map<string, number>> {
    const { rows } = (await this.db.execute(statement)) as unknown as { rows: { key: string; points: number }[] };
    return new Map(rows.map((r) => [r.key, Number(r.points)]));
  }

  /**
   * In a turn: the counts go with the turn's commit (no round trip of their own), kept even if
   * the turn fails, and the points come from the counters read (with the lock, or now what it did
   * not read) plus `n`; undefined outside a turn. The write adds to the stored counts, so counts
   * of other conversations committed meanwhile are never lost; the answer, like the check before
   * the attempt, is as of the turn's read.
   */
  private async recordWithTurn(keys: string[], statement: SQL, n: number): Promise<Map<string, number> | undefined> {
    const scope = currentTurnScope();
    if (!scope?.defer({ statement: () => statement, keep: async () => { await this.db.execute(statement); } })) return undefined;
    const before = await this.pointsOf(keys);
    const after = keys.map((key) => ({ key, points: (before.get(key) ?? 0) + n }));
    scope.update(TURN_COUNTERS, after);
    return new Map(after.map((a) => [a.key, a.points]));
  }

  /**
   * The attempter's own limits. A busy client address alone never locks anyone out (contract §7:
   * shoppers share proxies): it leaves each of its conversations one attempt instead of four.
   */
  private attempterOver(conversation: number, identity: number, client: number): boolean {
    const clientBusy = client >= this.limits.perClient;
    return conversation >= this.limits.perConversation || identity >= this.limits.perIdentity || (clientBusy && conversation >= 1);
  }
}
