import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import { lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db';
import { rateLimits } from './schema';

export interface CounterOptions {
  /** Names what is counted ("verify:order"); part of every key. */
  prefix: string;
  /** How many points a key may collect in the window. */
  points: number;
  windowSeconds: number;
}

/**
 * A counter of rate-limiter-flexible stored in the `rate_limits` table, so every instance on
 * one database (PostgreSQL, or PGlite in-process) sees the same counts. The library's own
 * cleanup timer is off: `deleteExpired` is called by the owners instead (it would otherwise
 * outlive a closed store).
 */
export function storedCounter(db: Db, options: CounterOptions): RateLimiterDrizzle {
  return new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: options.prefix,
    points: options.points,
    duration: options.windowSeconds,
    clearExpiredByTimeout: false,
  } as ConstructorParameters<typeof RateLimiterDrizzle>[0]);
}

/** Removes counters whose window ended more than an hour ago (they no longer count). */
export function expiredCountersDeletion(now = new Date()): SQL {
  return sql`delete from ${rateLimits} where ${lt(rateLimits.expire, new Date(now.getTime() - 3_600_000))}`;
}
