import { asc, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import type { Logger } from '../log/logger';
import type { Signals } from '../store/signals';
import { cases, messages } from '../store/schema';
import type { CaseRepository, HandoffCase } from './cases';

export type FeedEvent =
  | { type: 'case.created' | 'case.updated'; case: HandoffCase }
  | { type: 'case.message'; caseId: number; message: { id: number; direction: string; text: string; at: Date } };

type Listener = (event: FeedEvent) => void;

const MESSAGE_ID_OVERLAP = 50;
/** Polling period without signals, and with them (a safety net). */
const INTERVAL_MS = 500;
const ANNOUNCED_INTERVAL_MS = 10_000;

/**
 * Case events for the inbox's live stream, read from the database so that every
 * instance sees what any other instance wrote: one loop per process (shared by all stream
 * clients, running only while someone listens), woken by the database's NOTIFY when a case or
 * a transcript message is written (polling every 10 s as a safety net), reads cases whose updated_at moved
 * and messages past the last seen id. Rows committed late with an earlier timestamp are
 * caught by re-reading a short overlap window and skipping what was already sent.
 */
export class CaseFeed {
  private readonly listeners = new Set<Listener>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private since = new Date(0);
  private lastMessageId = 0;
  /** Messages up to here existed before the stream started. */
  private floor = 0;
  /** case id -> updated_at already sent (inside the overlap window). */
  private sent = new Map<number, number>();
  private readonly sentMessages = new Set<number>();

  private stopListening?: () => void;
  private polling = false;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly cases: CaseRepository,
    private readonly logger: Logger,
    private readonly options: { intervalMs?: number; overlapMs: number; signals?: Signals } = { overlapMs: 5000 },
  ) {}

  /** Told by the database (a case or a transcript message written by any instance), the loop reads at once; polling is then the safety net. */
  private get intervalMs(): number {
    return this.options.intervalMs ?? (this.options.signals ? ANNOUNCED_INTERVAL_MS : INTERVAL_MS);
  }

  /** Adds a listener; the returned function removes it. The first listener starts the loop. */
  async subscribe(listener: Listener): Promise<() => void> {
    if (this.listeners.size === 0) await this.startLoop();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopLoop();
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  close(): void {
    this.listeners.clear();
    this.stopLoop();
  }

  /** Starts from "now": a client loads the current list, then follows the stream. */
  private async startLoop(): Promise<void> {
    const [last] = await this.db.select({ id: sql<number>`coalesce(max(${messages.id}), 0)` }).from(messages);
    this.lastMessageId = Number(last?.id ?? 0);
    this.floor = this.lastMessageId;
    this.since = new Date();
    this.sent.clear();
    this.sentMessages.clear();
    this.running = true;
    this.stopListening = this.options.signals?.listen('cases', () => this.wake());
    this.schedule();
  }

  private stopLoop(): void {
    this.running = false;
    this.stopListening?.();
    this.stopListening = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay = this.intervalMs): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), delay);
    this.timer.unref();
  }

  /** One poll at a time; a signal during one asks for another right after it. */
  private async round(): Promise<void> {
    this.timer = undefined;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    try {
      await this.poll();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'case feed poll failed');
    } finally {
      this.polling = false;
      const again = this.again;
      this.again = false;
      this.schedule(again ? 0 : this.intervalMs);
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.polling) this.again = true;
    else this.schedule(0);
  }

  /** One round: changed cases, then new messages of conversations that have a case. */
  async poll(): Promise<void> {
    const windowStart = new Date(this.since.getTime() - this.options.overlapMs);
    const changed = await this.db
      .select({ id: cases.id, createdAt: cases.createdAt, updatedAt: cases.updatedAt })
      .from(cases)
      .where(gt(cases.updatedAt, windowStart))
      .orderBy(asc(cases.updatedAt));
    for (const row of changed) {
      const stamp = row.updatedAt.getTime();
      if ((this.sent.get(row.id) ?? -1) >= stamp) continue;
      const isNew = row.createdAt.getTime() === stamp && !this.sent.has(row.id);
      this.sent.set(row.id, stamp);
      const c = await this.cases.get(row.id);
      if (c) this.emit({ type: isNew ? 'case.created' : 'case.updated', case: c });
      if (stamp > this.since.getTime()) this.since = row.updatedAt;
    }
    for (const [id, stamp] of this.sent) if (stamp < windowStart.getTime()) this.sent.delete(id);

    // Ids from a sequence may commit out of order across instances: re-read a few behind, skip those sent.
    const fresh = (await this.db
      .select({ id: messages.id, conversationId: messages.conversationId, direction: messages.direction, text: messages.text, at: messages.createdAt })
      .from(messages)
      .where(gt(messages.id, Math.max(0, this.lastMessageId - MESSAGE_ID_OVERLAP)))
      .orderBy(asc(messages.id))
      .limit(500)).filter((m) => m.id > this.floor && !this.sentMessages.has(m.id));
    if (fresh.length === 0) return;
    for (const m of fresh) this.sentMessages.add(m.id);
    this.lastMessageId = Math.max(this.lastMessageId, fresh[fresh.length - 1].id);
    for (const id of this.sentMessages) if (id <= this.lastMessageId - MESSAGE_ID_OVERLAP) this.sentMessages.delete(id);
    const keys = [...new Set(fresh.map((m) => m.conversationId))];
    const owners = await this.db
      .select({ id: cases.id, key: cases.conversationKey })
      .from(cases)
      .where(inArray(cases.conversationKey, keys))
      .orderBy(asc(cases.id));
    const caseOf = new Map(owners.map((o) => [o.key, o.id])); // the latest case per conversation wins
    for (const m of fresh) {
      const caseId = caseOf.get(m.conversationId);
      if (caseId !== undefined) this.emit({ type: 'case.message', caseId, message: { id: m.id, direction: m.direction, text: m.text, at: m.at } });
    }
  }

  private emit(event: FeedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'case feed listener failed');
      }
    }
  }
}
