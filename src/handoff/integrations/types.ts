import type { HandoffCase } from '../cases';
import type { TranscriptEntry } from '../../conversation/transcript';
import type { IntegrationName } from './deliveries';

export type CaseEvent = 'case.created' | 'case.resolved' | 'case.handed_back' | 'case.reopened';

/** What every integration is told: the case as it is when the delivery is attempted. */
export interface CasePayload {
  event: CaseEvent;
  case: HandoffCase;
  transcript: TranscriptEntry[];
  /** Link to the case in the agent inbox. */
  inboxUrl: string;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One outside system told about cases: which events it wants and the HTTP request for one. */
export interface IntegrationTarget {
  name: IntegrationName;
  events: CaseEvent[];
  request(payload: CasePayload, deliveryId: number, now: Date): OutgoingRequest;
}

/** Transcript lines as plain text (tickets, chat messages): who, when, what. */
export function transcriptText(entries: TranscriptEntry[], limit = 30): string {
  const who = (d: string) => (d === 'in' ? 'Shopper' : d === 'agent' ? 'Agent' : 'Bot');
  const shown = entries.slice(-limit);
  const skipped = entries.length - shown.length;
  return [
    ...(skipped > 0 ? [`(${skipped} earlier messages)`] : []),
    ...shown.map((e) => `[${e.at.toISOString()}] ${who(e.direction)}: ${e.text}`),
  ].join('\n');
}
