import type { FactSheetRef } from '../vocabulary/fact-sheet';
import { reasonLabel } from './rules';

export interface SummaryInput {
  reason: string;
  problem?: string;
  orderId?: string;
  channel: string;
  language?: string;
  facts?: FactSheetRef;
}

/** Facts worth a place in a one-line summary, in this order (others follow, up to the limit). */
const LEADING_FACTS = ['status', 'fulfilment', 'exception', 'returned', 'stuck', 'deliveredAt', 'delivered_at', 'estimatedDelivery', 'lastEvent', 'carrier'];
const MAX_FACTS = 4;

/**
 * A short English line for agents, built from a template (no model involved):
 * "Delivery problem (damaged) on order 1049 via webchat, language es; the bot told: status delivered, delivered at 2026-11-24".
 */
export function caseSummary(input: SummaryInput): string {
  const what = reasonLabel(input.reason) + (input.problem ? ` (${input.problem.replace(/_/g, ' ')})` : '');
  const where = `${input.orderId ? `on order ${input.orderId}` : 'no order linked'} via ${input.channel}`;
  const lang = input.language ? `, language ${input.language}` : '';
  const told = describeFacts(input.facts);
  return `${what} ${where}${lang}${told ? `; the bot told: ${told}` : ''}`;
}

function describeFacts(sheet: FactSheetRef | undefined): string {
  if (!sheet || sheet.facts.length === 0) return '';
  const rank = (key: string) => {
    const i = LEADING_FACTS.findIndex((k) => key === k || key.endsWith(`.${k}`));
    return i === -1 ? LEADING_FACTS.length : i;
  };
  return [...sheet.facts]
    .filter((f) => f.value !== null && f.value !== '')
    .sort((a, b) => rank(a.key) - rank(b.key))
    .slice(0, MAX_FACTS)
    .map((f) => `${readableKey(f.key)} ${String(f.value)}`)
    .join(', ');
}

/** "shipment.S1.lastEvent" -> "shipment S1 last event" (ids keep their case). */
function readableKey(key: string): string {
  return key.replace(/([a-z])([A-Z])(?=[a-z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/[._]/g, ' ');
}
