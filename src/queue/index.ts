import { Queue, Worker, type Job, type JobsOptions, type Processor } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from '../log/logger';
import { off, on, type FeatureStatus } from '../vocabulary';

/** How long queueing a job may take before the caller does the work itself. */
const ADD_DEADLINE_MS = 2000;

/**
 * The BullMQ job queue, or nothing when REDIS_URL is unset. Features that need it ask
 * `available` and say they are off otherwise (at start and in /health).
 */
export class JobQueue {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

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
    const connection = new IORedis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
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

  queue(name: string): Queue {
    if (!this.connection) throw new Error(`job queue "${name}" needs REDIS_URL`);
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
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
  work<T>(name: string, processor: Processor<T>, concurrency = 4): Worker<T> {
    if (!this.connection) throw new Error(`worker "${name}" needs REDIS_URL`);
    // A duplicated connection has no listeners of its own: without one, ioredis prints its errors
    // unmasked to stderr as "Unhandled error event".
    const connection = this.connection.duplicate();
    connection.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'redis worker connection error'));
    const worker = new Worker<T>(name, processor, { connection, prefix: this.prefix, concurrency });
    worker.on('failed', (job, err) => this.logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'worker error'));
    this.workers.push(worker);
    return worker;
  }

  async close(): Promise<void> {
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
