import { WEEKDAYS, type KnowledgeDocument, type Weekday } from './schema';
import { memo } from './memo';

/**
 * Calendar days are plain strings `YYYY-MM-DD` (a day in the shop's time zone, never an
 * instant), so they compare with `<` and never shift. Arithmetic goes through UTC noon.
 */
export type Day = string;

export function addDays(day: Day, n: number): Day {
  // Promises step through the same few hundred days for every order of a batch: each step is remembered.
  return added(`${day}${n}`, () => {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  });
}

export function weekdayOf(day: Day): Weekday {
  return weekdays(day, () => WEEKDAYS[(new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7]);
}

/** Remembered day arithmetic. */
const MEMO = 20_000;
const added = memo<string, Day>(MEMO);
const weekdays = memo<Day, Weekday>(MEMO);

/** Whole calendar days from `a` to `b` (b later: positive). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

export const maxDay = (a: Day, b: Day): Day => (a > b ? a : b);

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day and minutes since midnight of an instant in a time zone. */
export function localDayAndMinutes(instant: Date, timeZone: string): { day: Day; minutes: number } {
  // A batch asks for the same minutes again and again (its `now`, orders placed together): each is remembered.
  return { ...localMinutes(`${timeZone} ${Math.floor(instant.getTime() / 60_000)}`, () => formatLocal(instant, timeZone)) };
}

const localMinutes = memo<string, { day: Day; minutes: number }>(MEMO);

function formatLocal(instant: Date, timeZone: string): { day: Day; minutes: number } {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partsFormatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(instant).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

export const localDay = (instant: Date, timeZone: string): Day => localDayAndMinutes(instant, timeZone).day;

/** Calendars by knowledge calendar and warehouse (a new knowledge version has new calendar objects). */
const calendars = new WeakMap<KnowledgeDocument['calendar'], Map<string | undefined, BusinessCalendar>>();

/** Days are searched at most this far ahead: a calendar closed for longer is a merchant error, not a loop. */
const SEARCH_LIMIT = 3 * 366;

/**
 * Business days of the shop (or of one warehouse) and carrier days, from the knowledge
 * calendar: weekdays, holidays and closures.
 */
export class BusinessCalendar {
  private readonly openWeekdays: Set<Weekday>;
  private readonly carrierWeekdays: Set<Weekday>;
  /** Searches already made (every order of a batch steps from the same few days). */
  private readonly found = memo<string, Day>(MEMO);

  constructor(private readonly cal: KnowledgeDocument['calendar'], private readonly warehouse?: string) {
    this.openWeekdays = new Set(cal.business_days);
    this.carrierWeekdays = new Set(cal.carrier_days);
  }

  /** The calendar of a knowledge calendar (and warehouse), made once per calendar: its searches are remembered. */
  static of(cal: KnowledgeDocument['calendar'], warehouse?: string): BusinessCalendar {
    let byWarehouse = calendars.get(cal);
    if (!byWarehouse) calendars.set(cal, (byWarehouse = new Map()));
    let calendar = byWarehouse.get(warehouse);
    if (!calendar) byWarehouse.set(warehouse, (calendar = new BusinessCalendar(cal, warehouse)));
    return calendar;
  }

  /** The warehouse packs and hands over parcels on this day. */
  isOpen(day: Day): boolean {
    if (!this.openWeekdays.has(weekdayOf(day))) return false;
    if (this.cal.holidays.some((h) => h.date === day)) return false;
    return !this.cal.closures.some((c) => (!c.warehouse || c.warehouse === this.warehouse) && c.from <= day && day <= c.to);
  }

  /** Carriers move parcels on this day. */
  isCarrierDay(day: Day): boolean {
    if (!this.carrierWeekdays.has(weekdayOf(day))) return false;
    if (this.cal.holidays.some((h) => h.carriers_closed && h.date === day)) return false;
    return !this.cal.closures.some((c) => c.carriers_closed && c.from <= day && day <= c.to);
  }

  /** `day` itself when open, else the next open day. */
  openOnOrAfter(day: Day): Day {
    return this.found(`o${day}`, () => this.seek(day, 0, (d) => this.isOpen(d)));
  }

  /** The n-th open day after `day` (n = 0: `day` itself, moved to an open day). */
  addOpenDays(day: Day, n: number): Day {
    return this.found(`o${day}+${n}`, () => this.seek(this.openOnOrAfter(day), n, (d) => this.isOpen(d)));
  }

  /** The n-th carrier day after `day` (n = 0: `day`). */
  addCarrierDays(day: Day, n: number): Day {
    return n === 0 ? day : this.found(`c${day}+${n}`, () => this.seek(day, n, (d) => this.isCarrierDay(d), true));
  }

  /** Carrier days after `from` up to and including `to` (0 when `to` is not after `from`). */
  carrierDaysBetween(from: Day, to: Day): number {
    let n = 0;
    for (let day = addDays(from, 1), i = 0; day <= to && i < SEARCH_LIMIT; day = addDays(day, 1), i++) if (this.isCarrierDay(day)) n++;
    return n;
  }

  private seek(from: Day, count: number, ok: (d: Day) => boolean, skipStart = false): Day {
    let day = from;
    let left = count;
    if (!skipStart && count === 0) {
      for (let i = 0; i < SEARCH_LIMIT && !ok(day); i++) day = addDays(day, 1);
      return day;
    }
    for (let i = 0; i < SEARCH_LIMIT && left > 0; i++) {
      day = addDays(day, 1);
      if (ok(day)) left--;
    }
    return day;
  }
}
