import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics, NoticeOutcome, TurnOutcome, WebhookRejection } from './port';
import type { SourceEventOutcome } from '../vocabulary';

/** A BullMQ queue's job counts, read when Prometheus scrapes. */
export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** node-postgres pool use (pg.Pool totalCount, idleCount, waitingCount and its max). */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface MetricSources {
  /** Job counts per queue; queues that could not be read are left out of that scrape. */
  queues?: () => Promise<QueueDepth[]>;
  /** The PostgreSQL pool; undefined on PGlite (one in-process connection, nothing to report). */
  pool?: () => PoolUse | undefined;
}

/** Seconds: from a quick rule answer to a model's draft with a wait for the turn lock. */
const TURN_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** The process metrics (CPU, memory, event loop lag, GC, handles): one set per process, whatever the number of apps in it. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The operations metrics of one app instance, in a registry of its own (tests build several
 * apps in one process; prom-client's global registry is never used). Served as one text with
 * the process metrics by `GET /metrics` (src/http/metrics.ts). Names and labels are in the
 * README ("Metrics").
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly turns: Counter<'channel' | 'outcome'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly rejections: Counter<'webhook' | 'reason'>;
  private readonly sourceEvents: Counter<'source' | 'outcome'>;
  private readonly handoffs: Counter<'reason' | 'channel'>;
  private readonly notices: Counter<'kind' | 'outcome' | 'reason'>;
  private readonly jobFailures: Counter<'queue'>;

  constructor(sources: MetricSources = {}) {
    const registers = [this.registry];
    this.turns = new Counter({ name: 'wismo_turns_total', help: 'Shopper messages handled, by channel and outcome (answered, clarifying, fallback, handed_off, with_agent, error).', labelNames: ['channel', 'outcome'], registers });
    this.turnSeconds = new Histogram({ name: 'wismo_turn_duration_seconds', help: 'Time of one turn: the conversation\'s turn lock, its memory and the engine.', labelNames: ['channel'], buckets: TURN_BUCKETS, registers });
    this.rejections = new Counter({ name: 'wismo_webhook_rejections_total', help: 'Webhooks refused, by channel or data source and reason (signature, too_large, invalid_body, rejected_payload).', labelNames: ['webhook', 'reason'], registers });
    this.sourceEvents = new Counter({ name: 'wismo_source_events_total', help: 'Data source events taken, by source and outcome (applied, duplicate, stale, ignored, rejected).', labelNames: ['source', 'outcome'], registers });
    this.handoffs = new Counter({ name: 'wismo_handoffs_total', help: 'Cases opened or reopened for a person, by handoff reason and channel.', labelNames: ['reason', 'channel'], registers });
    this.notices = new Counter({ name: 'wismo_notices_total', help: 'Proactive notices settled, by kind, outcome (sent, failed, suppressed) and reason.', labelNames: ['kind', 'outcome', 'reason'], registers });
    this.jobFailures = new Counter({ name: 'wismo_queue_job_failures_total', help: 'Failed BullMQ job attempts, by queue.', labelNames: ['queue'], registers });

    const readQueues = sources.queues;
    if (readQueues) {
      new Gauge({
        name: 'wismo_queue_jobs', help: 'BullMQ jobs by queue and state (waiting, active, delayed, failed), read at scrape time.', labelNames: ['queue', 'state'], registers,
        async collect() {
          this.reset();
          for (const depth of await readQueues()) for (const state of QUEUE_STATES) this.set({ queue: depth.queue, state }, depth[state]);
        },
      });
    }
    const readPool = sources.pool;
    if (readPool) {
      const poolGauge = (name: string, help: string, pick: (p: PoolUse) => number) => new Gauge({
        name, help, registers,
        collect() {
          const use = readPool();
          if (use) this.set(pick(use));
        },
      });
      poolGauge('wismo_db_pool_connections', 'PostgreSQL pool connections open (busy and idle).', (p) => p.total);
      poolGauge('wismo_db_pool_idle_connections', 'PostgreSQL pool connections open and idle.', (p) => p.idle);
      poolGauge('wismo_db_pool_waiting_requests', 'Queries waiting for a PostgreSQL pool connection.', (p) => p.waiting);
      poolGauge('wismo_db_pool_max_connections', 'Size limit of the PostgreSQL pool.', (p) => p.max);
    }
  }

  turn(channel: string, outcome: TurnOutcome, seconds: number): void {
    this.turns.inc({ channel, outcome });
    this.turnSeconds.observe({ channel }, seconds);
  }

  webhookRejected(webhook: string, reason: WebhookRejection): void {
    this.rejections.inc({ webhook, reason });
  }

  sourceEvent(source: string, outcome: SourceEventOutcome): void {
    this.sourceEvents.inc({ source, outcome });
  }

  handoff(reason: string, channel: string): void {
    this.handoffs.inc({ reason, channel });
  }

  notice(kind: string, outcome: NoticeOutcome, reason: string): void {
    this.notices.inc({ kind, outcome, reason });
  }

  jobFailed(queue: string): void {
    this.jobFailures.inc({ queue });
  }

  /** The scrape: this app's metrics, then the process's. */
  async text(): Promise<string> {
    return (await this.registry.metrics()) + (await processMetrics().metrics());
  }
}
