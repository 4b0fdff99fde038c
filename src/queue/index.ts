import type { Job, JobsOptions, Processor, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger';
import { off, on, type FeatureStatus } from '../vocabulary';

/** BullMQ and ioredis, loaded when Redis is configured: they are 0.15 s of a start without it. */
const bullmq = () => require('bullmq') as typeof import('bullmq');

/** How long queueing a job may take before the caller does the work itself. */
const ADD_DEADLINE_MS = 2000;

/**
 * The BullMQ job queue, or nothing when REDIS_URL is unset. Features that need it ask
 * `available` and say they are off otherwise (at start and in /health).
 */
export class JobQueue {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private jobFailed: (queue: string) => void = () => undefined;
  private closed = false;

  private constructor(
    private readonly connection: Redis | undefined,
    private readonly logger: Logger,
    readonly prefix: string,
  ) {}

  static disabled(logger: Logger): JobQueue {
    return new JobQueue(undefined, logger, 'wismo');
  }

  static connect(url: string, logger: Logger, prefix = 'wismo'): JobQueue {
    // BullMQ workers need maxRetriesPerRequest: null (blocking commands).
    const connection = new (require('ioredis') as typeof import('ioredis')).default(url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
    connection.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
    return new JobQueue(connection, logger, prefix);
  }

  get available(): boolean {
    return this.connection !== undefined;
  }

  status(): FeatureStatus {
    return this.connection ? on('BullMQ on Redis') : off('REDIS_URL is unset');
  }

  async health(): Promise<FeatureStatus & { ok: boolean }> {
    if (!this.connection) return { ...this.status(), ok: false };
    try {
      await withTimeout(this.connection.ping(), 1000);
      return { ...this.status(), ok: true };
    } catch (err) {
      return { on: true, why: `Redis does not answer: ${(err as Error).message}`, ok: false };
    }
  }

  /** Called with the queue's name on every failed job attempt (the operations metrics count them). */
  onJobFailed(listener: (queue: string) => void): void {
    this.jobFailed = listener;
  }

  /**
   * Job counts of every queue this process adds to or works (waiting includes prioritized jobs),
   * read from Redis when the metrics are scraped; a queue that does not answer within `timeoutMs`
   * is left out, and nothing is read without Redis or while it is down.
   */
  async depths(timeoutMs = 1000): Promise<{ queue: string; waiting: number; active: number; delayed: number; failed: number }[]> {
    if (!this.connection || this.closed || this.connection.status !== 'ready') return [];
    const names = [...new Set([...this.queues.keys(), ...this.workers.map((w) => w.name)])].sort();
    const read = await Promise.allSettled(names.map(async (name) => {
      const c = await withTimeout(this.queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'), timeoutMs);
      return { queue: name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    }));
    return read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  queue(name: string): Queue {
    if (!this.connection) throw new Error(`job queue "${name}" needs REDIS_URL`);
    let q = this.queues.get(name);
    if (!q) {
      q = new (bullmq().Queue)(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'queue error'));
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Queues a job, or fails within ADD_DEADLINE_MS when Redis is not there: callers then do the
   * work inline instead of waiting (a webhook provider gives up after 15 s). Nothing is left in
   * the client's offline queue to run later.
   */
  async add<T>(name: string, data: T, opts?: JobsOptions): Promise<Job<T>> {
    await this.ready(ADD_DEADLINE_MS);
    return withTimeout(this.queue(name).add(name, data, opts) as Promise<Job<T>>, ADD_DEADLINE_MS);
  }

  /** Queues several jobs of one queue in one round trip (same deadline as `add`). */
  async addBulk<T>(name: string, jobs: { data: T; opts?: JobsOptions }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.ready(ADD_DEADLINE_MS);
    await withTimeout(this.queue(name).addBulk(jobs.map((j) => ({ name, data: j.data, opts: j.opts }))), ADD_DEADLINE_MS);
  }

  /** Waits for the connection to be ready (just after start), or fails at once while it is lost. */
  private async ready(ms: number): Promise<void> {
    const connection = this.connection;
    if (!connection) throw new Error('the job queue needs REDIS_URL');
    if (connection.status === 'ready') return;
    if (connection.status !== 'connecting' && connection.status !== 'connect' && connection.status !== 'wait') {
      throw new Error(`Redis is unavailable (${connection.status})`);
    }
    await withTimeout(new Promise<void>((resolve) => connection.once('ready', () => resolve())), ms);
  }

  /** Starts a worker for a queue (each instance runs workers; BullMQ shares the jobs). */
  work<T>(name: string, processor: Processor<T>, concurrency = 4, limiter?: { max: number; duration: number }): Worker<T> {
    if (!this.connection) throw new Error(`worker "${name}" needs REDIS_URL`);
    // A duplicated connection has no listeners of its own: without one, ioredis prints its errors
    // unmasked to stderr as "Unhandled error event".
    const connection = this.connection.duplicate();
    connection.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'redis worker connection error'));
    // The limiter is the queue's, whichever instance works it (Twilio's per-number rate, for example).
    const worker = new (bullmq().Worker)<T>(name, processor, { connection, prefix: this.prefix, concurrency, ...(limiter ? { limiter } : {}) });
    worker.on('failed', (job, err) => {
      this.logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed');
      this.jobFailed(name);
    });
    worker.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'worker error'));
    this.workers.push(worker);
    return worker;
  }

  /**
   * Runs `task` every `everyMs`: with Redis as a BullMQ job scheduler (one run at a time for all
   * instances, whichever worker takes it), without Redis on a timer of this process (the only
   * instance). A run still going when the next is due is not doubled.
   */
  async every(name: string, everyMs: number, task: () => Promise<unknown>): Promise<void> {
    if (this.connection) {
      await this.queue(name).upsertJobScheduler(name, { every: everyMs }, { name, opts: { removeOnComplete: true, removeOnFail: 100 } });
      this.work(name, async () => void (await task()), 1);
      return;
    }
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      task().catch((err: Error) => this.logger.warn({ task: name, err: err.message }, 'scheduled task failed')).finally(() => (running = false));
    }, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((t) => clearInterval(t));
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    // QUIT waits for an answer (forever while Redis is down and ioredis keeps retrying):
    // only a ready connection is asked politely, and not for long.
    const connection = this.connection;
    if (!connection) return;
    if (connection.status === 'ready') await withTimeout(connection.quit(), 1000).catch(() => connection.disconnect());
    else connection.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}
