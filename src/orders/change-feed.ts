import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { orderChanges } from '../store/schema';
import type { Logger } from '../log/logger';
import type { OrderChange } from './events';

export type OrderChangeHandler = (changes: OrderChange[]) => Promise<void>;

/** Rows claimed per round. */
const BATCH = 200;

/**
 * Delivers the order changes outbox to its subscribers (notifications, and later detection and
 * analytics), whatever wrote the change. Each round claims a batch in a short transaction
 * (`FOR UPDATE SKIP LOCKED`: several instances never take the same change), then hands it to
 * every handler after the commit. A change is delivered once; handlers that send messages put
 * them on BullMQ themselves (with its retries) when Redis is there. Rounds run when a change
 * is written on this instance (`kick`) and on a timer, which also picks up changes written by
 * other instances or left by a crash.
 */
export class OrderChangeFeed {
  private readonly handlers: { name: string; handle: OrderChangeHandler }[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;

  constructor(private readonly db: Db, private readonly logger: Logger, private readonly pollMs = 2000) {}

  subscribe(name: string, handle: OrderChangeHandler): void {
    this.handlers.push({ name, handle });
  }

  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  /** Runs a round now (or right after the one in progress); resolves with the changes it delivered. */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  /** Waits for the round in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private async drain(): Promise<number> {
    let delivered = 0;
    try {
      for (;;) {
        const batch = await this.claim();
        if (batch.length === 0) return delivered;
        for (const { name, handle } of this.handlers) {
          try {
            await handle(batch);
          } catch (err) {
            this.logger.error({ err, handler: name, changes: batch.length }, 'order change handler failed');
          }
        }
        delivered += batch.length;
      }
    } catch (err) {
      this.logger.warn({ err }, 'order changes not dispatched this round');
      return delivered;
    }
  }

  private async claim(): Promise<OrderChange[]> {
    return this.db.transaction(async (tx) => {
      const result = await tx.execute(sql`
        select id, payload from ${orderChanges}
        where ${orderChanges.dispatchedAt} is null
        order by ${orderChanges.id} limit ${BATCH}
        for update skip locked`);
      const rows = (result as unknown as { rows: { id: number | string; payload: OrderChange }[] }).rows;
      if (rows.length === 0) return [];
      await tx.update(orderChanges).set({ dispatchedAt: new Date() }).where(inArray(orderChanges.id, rows.map((r) => Number(r.id))));
      return rows.map((r) => r.payload);
    });
  }
}
