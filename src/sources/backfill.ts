import { eq, sql } from 'drizzle-orm';
import type { Logger } from '../log/logger';
import type { Db } from '../store/db';
import { sourceBackfills } from '../store/schema';

/** Tries of one page before a transient failure (a 429, a 5xx, a network error) stops the backfill. */
const PAGE_ATTEMPTS = 6;
/** The longest a page waits before its next try, whatever the API asked for (Retry-After). */
const MAX_WAIT_MS = 10 * 60_000;

export interface BackfillStatus {
  since: string;
  pages: number;
  orders: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  running: boolean;
}

/** What the admin API, the command and the container use of a source's backfill. */
export interface Backfill {
  /** Starts (or resumes an unfinished) backfill in the background; `days` only matters for a new one. */
  start(days: number, now?: Date): Promise<{ resumed: boolean }>;
  /** At start: a backfill the last process did not finish (killed, restarted) carries on. */
  resumeIfUnfinished(): Promise<boolean>;
  /** Resolves when the backfill running now (if any) ends. */
  idle(): Promise<void>;
  /** Shutdown: the page in hand is finished and stored (a wait for a retry is cut short), the rest resumes at the next start. */
  close(): Promise<void>;
  status(): Promise<BackfillStatus | undefined>;
}

/** One page of a source's orders: `cursor` is stored once the page is applied and asks for the page after it. */
export interface BackfillPage<T> {
  orders: T[];
  cursor: string | null;
  hasNextPage: boolean;
}

/** How a source's past orders come in: one try at a page, and the page applied as its webhooks would apply it. */
export interface OrderPages<T> {
  /**
   * One try at the page after `cursor` (null: the first) of the orders updated since `since`.
   * Throws RetryLater for what passes (a 429, a 5xx, a network error), any other error for
   * what does not (a refused key): it stops the backfill with that error in its status.
   */
  fetchPage(cursor: string | null, since: Date): Promise<BackfillPage<T>>;
  /** `imported`: the page's orders now in at this version or a newer one. */
  apply(orders: T[]): Promise<{ imported: number }>;
}

/** A failure worth another try: after `waitMs` (what the API asked for), or with exponential backoff; `counts: false` for an expected wait (a throttle). */
export class RetryLater extends Error {
  constructor(message: string, readonly waitMs?: number, readonly counts = true) {
    super(message);
  }
}

/**
 * The backfill of one source's past orders (orders updated in the last N days), page by page,
 * whatever the API: its state is the source's row in `source_backfills` (since, the cursor
 * after the last page applied, counts, finished, error), so a backfill cut short (the process
 * killed, a refusal) resumes at the page after the last one stored: by itself at the next
 * start, or when started again. Transient failures are retried with backoff.
 */
export class SourceBackfill<T> implements Backfill {
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(
    private readonly source: string,
    private readonly pages: OrderPages<T>,
    private readonly deps: { db: Db; logger: Logger; sleep?: (ms: number) => Promise<void> },
  ) {}

  async start(days: number, now = new Date()): Promise<{ resumed: boolean }> {
    const current = await this.row();
    const resumed = current !== undefined && current.finishedAt === null;
    if (resumed) await this.deps.db.update(sourceBackfills).set({ error: null }).where(eq(sourceBackfills.source, this.source));
    else {
      const since = new Date(now.getTime() - days * 86_400_000);
      await this.deps.db.insert(sourceBackfills).values({ source: this.source, since, cursor: null, pages: 0, orders: 0, startedAt: now })
        .onConflictDoUpdate({ target: sourceBackfills.source, set: { since, cursor: null, pages: 0, orders: 0, startedAt: now, finishedAt: null, error: null } });
    }
    this.launch();
    return { resumed };
  }

  async resumeIfUnfinished(): Promise<boolean> {
    const current = await this.row();
    if (!current || current.finishedAt || current.error) return false;
    this.launch();
    return true;
  }

  /** One run at a time in this process. */
  private launch(): void {
    this.running ??= this.run().finally(() => { this.running = undefined; });
  }

  async idle(): Promise<void> {
    await this.running;
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  async status(): Promise<BackfillStatus | undefined> {
    const row = await this.row();
    if (!row) return undefined;
    return {
      since: row.since.toISOString(), pages: row.pages, orders: row.orders, startedAt: row.startedAt.toISOString(),
      ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}), ...(row.error ? { error: row.error } : {}),
      running: this.running !== undefined,
    };
  }

  private async row() {
    const [row] = await this.deps.db.select().from(sourceBackfills).where(eq(sourceBackfills.source, this.source)).limit(1);
    return row;
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const state = await this.row();
        if (!state || state.finishedAt || this.stopping) return;
        const page = await this.page(state.cursor, state.since);
        if (!page) return; // closing
        const { imported } = await this.pages.apply(page.orders);
        // Stored after the page is applied: a crash in between fetches and applies it again (harmless, versions decide).
        await this.deps.db.update(sourceBackfills).set({
          cursor: page.cursor, pages: sql`${sourceBackfills.pages} + 1`, orders: sql`${sourceBackfills.orders} + ${imported}`,
          ...(page.hasNextPage ? {} : { finishedAt: new Date() }),
        }).where(eq(sourceBackfills.source, this.source));
        if (!page.hasNextPage) {
          this.deps.logger.info({ source: this.source }, `${this.source} backfill finished`);
          return;
        }
      }
    } catch (err) {
      this.deps.logger.error({ source: this.source, err: (err as Error).message }, `${this.source} backfill stopped; POST the backfill again to resume it`);
      await this.deps.db.update(sourceBackfills).set({ error: (err as Error).message.slice(0, 500) }).where(eq(sourceBackfills.source, this.source)).catch(() => undefined);
    }
  }

  /** One page, retrying what passes; undefined when the backfill is closing. */
  private async page(cursor: string | null, since: Date): Promise<BackfillPage<T> | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pages.fetchPage(cursor, since);
      } catch (err) {
        if (!(err instanceof RetryLater)) throw err;
        if (!err.counts) attempt -= 1;
        else if (attempt >= PAGE_ATTEMPTS) throw new Error(`${err.message} (${PAGE_ATTEMPTS} tries)`);
        await this.wait(Math.min(MAX_WAIT_MS, err.waitMs ?? 1000 * 2 ** (attempt - 1)));
        if (this.stopping) return undefined;
      }
    }
  }

  /** A wait that close() cuts short. */
  private wait(ms: number): Promise<void> {
    const sleep = this.deps.sleep ?? ((t: number) => new Promise<void>((resolve) => { const timer = setTimeout(resolve, t); this.wake = () => { clearTimeout(timer); resolve(); }; }));
    return sleep(ms).finally(() => { this.wake = undefined; });
  }
}
