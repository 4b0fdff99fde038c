import type { Db } from '../../store/db';
import type { Logger } from '../../log/logger';
import type { JobQueue } from '../../queue';
import { off, on, type FeatureStatus } from '../../vocabulary';
import type { TranscriptStore } from '../../conversation/transcript';
import type { CaseRepository } from '../cases';
import { DeliveryLog, type IntegrationName } from './deliveries';
import type { CaseEvent, IntegrationTarget, OutgoingRequest } from './types';
import { signedWebhook } from './webhook';
import { slackWebhook } from './slack';
import { zendeskTickets } from './zendesk';

export { DeliveryLog } from './deliveries';
export { signBody, verifySignature } from './webhook';
export type { CaseEvent, CasePayload, IntegrationTarget } from './types';

export const INTEGRATION_QUEUE = 'handoff-integrations';
/** BullMQ attempts and the first backoff (doubling: 2 s, 4 s, 8 s, 16 s, 32 s). */
const ATTEMPTS = 6;
const BACKOFF_MS = 2000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface IntegrationSettings {
  HANDOFF_WEBHOOK_URL?: string;
  HANDOFF_WEBHOOK_SECRET?: string;
  SLACK_WEBHOOK_URL?: string;
  ZENDESK_BASE_URL?: string;
  ZENDESK_EMAIL?: string;
  ZENDESK_API_TOKEN?: string;
  PUBLIC_BASE_URL: string;
}

/** The targets whose variables are all set. */
export function targetsFrom(config: IntegrationSettings): IntegrationTarget[] {
  const targets: IntegrationTarget[] = [];
  if (config.HANDOFF_WEBHOOK_URL && config.HANDOFF_WEBHOOK_SECRET) targets.push(signedWebhook({ url: config.HANDOFF_WEBHOOK_URL, secret: config.HANDOFF_WEBHOOK_SECRET }));
  if (config.SLACK_WEBHOOK_URL) targets.push(slackWebhook({ url: config.SLACK_WEBHOOK_URL }));
  if (config.ZENDESK_BASE_URL && config.ZENDESK_EMAIL && config.ZENDESK_API_TOKEN) {
    targets.push(zendeskTickets({ baseUrl: config.ZENDESK_BASE_URL, email: config.ZENDESK_EMAIL, apiToken: config.ZENDESK_API_TOKEN }));
  }
  return targets;
}

/** /health lines: each integration on or off, and why. */
export function integrationStatus(config: IntegrationSettings, queueOn: boolean): Record<IntegrationName, FeatureStatus> {
  const retries = queueOn ? 'retries on BullMQ' : 'single attempt (REDIS_URL unset: no retries)';
  return {
    webhook: config.HANDOFF_WEBHOOK_URL && config.HANDOFF_WEBHOOK_SECRET
      ? on(`signed webhook, ${retries}`)
      : off(config.HANDOFF_WEBHOOK_URL ? 'HANDOFF_WEBHOOK_SECRET is unset' : 'HANDOFF_WEBHOOK_URL is unset'),
    slack: config.SLACK_WEBHOOK_URL ? on(`incoming webhook, ${retries}`) : off('SLACK_WEBHOOK_URL is unset'),
    zendesk: config.ZENDESK_BASE_URL && config.ZENDESK_EMAIL && config.ZENDESK_API_TOKEN
      ? on(`tickets API, ${retries}`)
      : off('ZENDESK_BASE_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN are needed'),
  };
}

interface DeliveryJob { deliveryId: number }

export interface IntegrationHubDeps {
  db: Db;
  cases: CaseRepository;
  transcript: TranscriptStore;
  queue: JobQueue;
  logger: Logger;
  targets: IntegrationTarget[];
  publicBaseUrl: string;
  /**
   * Wait before the first attempt, so the turn that handed over is in the transcript sent
   * along (the engine records a turn after it is answered). Tests use 0.
   */
  firstAttemptDelayMs?: number;
  clock?: () => Date;
}

/**
 * Tells outside systems about case events. With Redis, each delivery is a BullMQ job
 * retried with exponential backoff (any instance's worker may send it); without, one
 * inline attempt, logged. Every attempt is recorded in integration_deliveries.
 */
export class IntegrationHub {
  readonly log: DeliveryLog;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: IntegrationHubDeps) {
    this.log = new DeliveryLog(deps.db);
  }

  get enabled(): boolean {
    return this.deps.targets.length > 0;
  }

  /** Starts this instance's worker for queued deliveries (only with Redis). */
  start(): void {
    if (!this.deps.queue.available || !this.enabled) return;
    this.deps.queue.work<DeliveryJob>(INTEGRATION_QUEUE, async (job) => {
      await this.attempt(job.data.deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    });
  }

  /** Records a delivery per interested target and sends them (queued or inline). Never throws. */
  async notify(event: CaseEvent, caseId: number): Promise<void> {
    const delay = this.deps.firstAttemptDelayMs ?? 1500;
    for (const target of this.deps.targets.filter((t) => t.events.includes(event))) {
      try {
        const deliveryId = await this.log.start(caseId, target.name, event);
        if (this.deps.queue.available) {
          await this.deps.queue.add<DeliveryJob>(INTEGRATION_QUEUE, { deliveryId }, {
            attempts: ATTEMPTS, backoff: { type: 'exponential', delay: BACKOFF_MS }, delay, removeOnComplete: 1000, removeOnFail: 5000,
          });
        } else {
          this.later(delay, () => this.attempt(deliveryId, true).catch(() => { /* logged in attempt */ }));
        }
      } catch (err) {
        this.deps.logger.warn({ target: target.name, event, caseId, err: (err as Error).message }, 'integration delivery not started');
      }
    }
  }

  /**
   * One attempt of one delivery; throws when it failed so that BullMQ retries it.
   * `final`: no retry follows (the row is marked failed rather than left pending).
   */
  async attempt(deliveryId: number, final: boolean): Promise<void> {
    const row = await this.log.get(deliveryId);
    if (!row || row.status === 'delivered' || row.caseId === null) return;
    const target = this.deps.targets.find((t) => t.name === row.target);
    const c = await this.deps.cases.get(row.caseId);
    if (!target || !c) return void (await this.log.attempted(deliveryId, { ok: false, error: 'target or case gone', final: true }));
    const transcript = await this.deps.transcript.transcript(c.conversationKey);
    const inboxUrl = `${this.deps.publicBaseUrl.replace(/(?<!\/)\/+$/, '')}/inbox/#case-${c.id}`;
    const request = target.request({ event: row.event as CaseEvent, case: c, transcript, inboxUrl }, deliveryId, this.now());
    const outcome = await send(request);
    await this.log.attempted(deliveryId, { ...outcome, final });
    const logged = { target: target.name, event: row.event, caseId: c.id, deliveryId, status: outcome.responseStatus, attempt: row.attempts + 1 };
    if (outcome.ok) return void this.deps.logger.info(logged, 'integration delivered');
    this.deps.logger.warn({ ...logged, err: outcome.error, final }, 'integration delivery failed');
    throw new Error(outcome.error);
  }

  /** Waits for inline attempts in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size || this.timers.size) {
      await Promise.allSettled(this.inFlight);
      if (this.timers.size && !this.inFlight.size) await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  private later(ms: number, task: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const p = task().finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}

async function send(request: OutgoingRequest): Promise<{ ok: boolean; responseStatus?: number; error?: string }> {
  try {
    const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { ok: true, responseStatus: res.status } : { ok: false, responseStatus: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
