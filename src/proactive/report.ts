import { sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { outboundMessages, proactiveNotices } from '../store/schema';

export interface NoticeReportRow {
  kind: string;
  detected: number;
  sent: number;
  /** Sent notices whose message the provider reported delivered (SMS and WhatsApp status callbacks). */
  delivered: number;
  failed: number;
  /** Waiting: quiet hours, the daily limit, or not decided yet. */
  pending: number;
  suppressed: Record<string, number>;
}

/**
 * Notices by kind over a period of detection: what was found, sent, delivered, failed, and
 * what was suppressed and why (holdout, opted out, no consent, no channel, resolved...). A
 * notice counts as delivered when the provider reported its conversation's message delivered
 * (Twilio's status callbacks; channels without receipts count as sent only).
 */
export async function noticeReport(db: Db, range: { from: Date; to: Date }): Promise<NoticeReportRow[]> {
  const result = await db.execute(sql`
    select n.kind, n.state, coalesce(n.reason, '') as reason, count(*)::int as n,
      count(*) filter (where n.state = 'sent' and exists (
        select 1 from ${outboundMessages} m where m.conversation_key = n.conversation_key and m.status in ('delivered', 'read')
          and m.created_at >= n.sent_at - interval '1 minute' and m.created_at <= n.sent_at + interval '1 hour'))::int as delivered
    from ${proactiveNotices} n
    where n.detected_at >= ${range.from.toISOString()}::timestamptz and n.detected_at < ${range.to.toISOString()}::timestamptz
    group by n.kind, n.state, coalesce(n.reason, '') order by n.kind`);
  const byKind = new Map<string, NoticeReportRow>();
  for (const r of (result as unknown as { rows: { kind: string; state: string; reason: string; n: number; delivered: number }[] }).rows) {
    const row = byKind.get(r.kind) ?? { kind: r.kind, detected: 0, sent: 0, delivered: 0, failed: 0, pending: 0, suppressed: {} };
    row.detected += r.n;
    if (r.state === 'sent' || r.state === 'delivered') {
      row.sent += r.n;
      row.delivered += r.state === 'delivered' ? r.n : r.delivered;
    } else if (r.state === 'failed') row.failed += r.n;
    else if (r.state === 'pending') row.pending += r.n;
    else row.suppressed[r.reason || 'unknown'] = (row.suppressed[r.reason || 'unknown'] ?? 0) + r.n;
    byKind.set(r.kind, row);
  }
  return [...byKind.values()];
}
