import type { TurnOutcome } from '../conversation/outcome';
import type { SourceEventOutcome } from '../vocabulary';

export type { TurnOutcome } from '../conversation/outcome';

/**
 * Why a webhook was refused: a bad or missing signature or token (401/403), a body over
 * BODY_LIMIT (413), a body that is not what the endpoint takes (400, 415), or, for a data
 * source, a signed event whose payload was recorded as rejected (answered 200, src/sources/event-log.ts).
 */
export type WebhookRejection = 'signature' | 'too_large' | 'invalid_body' | 'rejected_payload';

/** What became of a proactive notice for good (held notices are not counted until then). */
export type NoticeOutcome = 'sent' | 'failed' | 'suppressed';

/**
 * The operations metrics as the domain reports them: named events, no metrics library.
 * src/metrics/prometheus.ts implements it with prom-client; `noMetrics` when metrics are off.
 * Every label value is from a closed set (channel and source names, vocabulary values).
 */
export interface Metrics {
  /** One shopper message handled, how it ended and how long the turn took (lock, memory and engine). */
  turn(channel: string, outcome: TurnOutcome, seconds: number): void;
  /** A channel's or a data source's webhook refused (`webhook`: the channel or source name). */
  webhookRejected(webhook: string, reason: WebhookRejection): void;
  /** A data source event taken from its webhook (or its job), and what became of it. */
  sourceEvent(source: string, outcome: SourceEventOutcome): void;
  /** A case opened or reopened for a person. */
  handoff(reason: string, channel: string): void;
  /** A proactive notice sent, failed or suppressed for good. */
  notice(kind: string, outcome: NoticeOutcome, reason: string): void;
  /** A BullMQ job attempt failed (each attempt: a job retried three times counts three). */
  jobFailed(queue: string): void;
}

/** Metrics off: every event is dropped. */
export const noMetrics: Metrics = {
  turn: () => undefined,
  webhookRejected: () => undefined,
  sourceEvent: () => undefined,
  handoff: () => undefined,
  notice: () => undefined,
  jobFailed: () => undefined,
};
