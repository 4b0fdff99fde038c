import { DateTime } from 'luxon';

/** What the shopper is told happens next: a person within N hours, or when support opens. */
export type HandoffEta = { kind: 'open'; withinHours: number } | { kind: 'closed'; opensAt: Date };

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** SUPPORT_HOURS parsed: ISO weekdays (1 = Monday) and minutes since midnight in the shop's zone. */
export interface SupportHours {
  always: boolean;
  days: Set<number>;
  startMinute: number;
  /** May be <= startMinute: the window runs past midnight into the next day. */
  endMinute: number;
}

/** Parses "always" or "mon-fri 09:00-17:00" / "mon-fri,sat 10:00-14:00" (validated by the config schema). */
export function parseSupportHours(spec: string): SupportHours {
  const text = spec.trim().toLowerCase();
  if (text === 'always') return { always: true, days: new Set(), startMinute: 0, endMinute: 0 };
  const [dayPart, timePart] = text.split(/\s+/);
  const days = new Set<number>();
  for (const range of dayPart.split(',')) {
    const [from, to] = range.split('-').map((d) => DAYS.indexOf(d as (typeof DAYS)[number]) + 1);
    if (!from || (to !== undefined && !to)) throw new Error(`bad support days "${range}"`);
    // "fri-mon" wraps over the weekend.
    for (let d = from, n = 0; n < 7; d = (d % 7) + 1, n++) {
      days.add(d);
      if (d === (to ?? from)) break;
    }
  }
  const [start, end] = timePart.split('-').map(toMinutes);
  return { always: false, days, startMinute: start, endMinute: end };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether a person is at work at `at` (shop time zone). */
export function isSupportOpen(hours: SupportHours, at: Date, timeZone: string): boolean {
  if (hours.always) return true;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  if (hours.endMinute > hours.startMinute) return hours.days.has(local.weekday) && minute >= hours.startMinute && minute < hours.endMinute;
  // Overnight window: the evening part belongs to today, the early-morning part to yesterday's window.
  const yesterday = ((local.weekday + 5) % 7) + 1;
  return (hours.days.has(local.weekday) && minute >= hours.startMinute) || (hours.days.has(yesterday) && minute < hours.endMinute);
}

/** The next time support opens after `at` (searching a week ahead, minute precision at window starts). */
export function nextOpening(hours: SupportHours, at: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    if (!hours.days.has(day.weekday)) continue;
    // set() rather than plus(): wall-clock time, right on daylight-saving days.
    const opens = day.set({ hour: Math.floor(hours.startMinute / 60), minute: hours.startMinute % 60 });
    if (opens.toMillis() > at.getTime()) return opens.toJSDate();
  }
  return at;
}

/** What the shopper is told: a person within SUPPORT_REPLY_HOURS while support is open, otherwise when it opens. */
export function handoffEta(at: Date, settings: { hours: SupportHours; timeZone: string; replyHours: number }): HandoffEta {
  if (isSupportOpen(settings.hours, at, settings.timeZone)) return { kind: 'open', withinHours: settings.replyHours };
  return { kind: 'closed', opensAt: nextOpening(settings.hours, at, settings.timeZone) };
}
