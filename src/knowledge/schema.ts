import { z } from 'zod';
import { LANGUAGES, NOTICE_CHANNELS, NOTICE_KINDS, type Lang } from '../vocabulary';

/**
 * The merchant's knowledge: one document, written as YAML files in `knowledge/` (each
 * file holds some of the top-level sections below; `policies/<lang>.yaml` holds that
 * language's articles) or sent whole as JSON by an admin tool. Field names are the
 * YAML names (snake_case) so a merchant, the API and the code speak the same words.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Placeholders a policy article may use; filled from the structured knowledge. */
export const ARTICLE_PLACEHOLDERS = ['return_window_days', 'cutoff_time', 'default_processing_days', 'refund_days'] as const;

const calendarDate = z.iso.date({ message: 'expected a date written YYYY-MM-DD, such as 2026-12-25' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time written HH:MM (24-hour), such as 14:00' });
const text = z.string().trim().min(1, { message: 'must not be empty' });
const dayCount = z.number({ message: 'expected a number of days' }).int({ message: 'expected a whole number of days' }).min(0, { message: 'must be 0 or more' }).max(365);

/** One value or a list of them ("tag: fragile" or "tag: [fragile, glass]"), always read as a list. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** "3-5", 3, or { min: 3, max: 5 }: a range of business days. */
const dayRange = z
  .union([
    dayCount.transform((n) => ({ min: n, max: n })),
    z.string().regex(/^\s*\d+\s*[-–]\s*\d+\s*$/, { message: 'expected a range of days such as "3-5"' }).transform((s) => {
      const [min, max] = s.split(/[-–]/).map((p) => Number(p.trim()));
      return { min, max };
    }),
    z.object({ min: dayCount, max: dayCount }),
  ])
  .refine((r) => r.min <= r.max, { message: 'the first number of a range must not be larger than the second' });
export type DayRange = { min: number; max: number };

const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as America/New_York or Europe/Madrid' });

/** A text in every language the bot speaks (no language may fall back to another). */
export const perLanguage = z.object(Object.fromEntries(LANGUAGES.map((l) => [l, text])) as Record<Lang, typeof text>).strict();
export type PerLanguage = Record<Lang, string>;

const countryCode = z.string().regex(/^[A-Za-z]{2}$/, { message: 'expected a two-letter country code such as US, ES, GB' }).transform((c) => c.toUpperCase());

const holiday = z.object({
  date: calendarDate,
  name: text,
  /** Carriers do not deliver on this day either (national holidays). */
  carriers_closed: z.boolean().default(false),
}).strict();

const closure = z.object({
  from: calendarDate,
  to: calendarDate,
  reason: text.optional(),
  /** Only this warehouse is closed (an id from processing.warehouses); absent: the whole shop. */
  warehouse: text.optional(),
  carriers_closed: z.boolean().default(false),
}).strict().refine((c) => c.from <= c.to, { message: '"from" must not be after "to"', path: ['to'] });

const calendar = z.object({
  time_zone: timeZone,
  /** Days the warehouse packs and hands parcels to carriers. */
  business_days: z.array(z.enum(WEEKDAYS, { message: 'expected mon, tue, wed, thu, fri, sat or sun' })).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  /** Days carriers move parcels (transit times count these). */
  carrier_days: z.array(z.enum(WEEKDAYS, { message: 'expected mon, tue, wed, thu, fri, sat or sun' })).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  /** Orders placed at or after this time (shop time zone) count from the next business day. */
  cutoff_time: clockTime,
  holidays: z.array(holiday).default([]),
  closures: z.array(closure).default([]),
}).strict();

/** Conditions an item must meet; every condition given must hold. SKUs may use * as a wildcard. */
const itemMatch = {
  sku: oneOrMany(text).optional(),
  tag: oneOrMany(text).optional(),
  method: oneOrMany(text).optional(),
  warehouse: oneOrMany(text).optional(),
  vendor: oneOrMany(text).optional(),
};
const hasCondition = (r: Record<string, unknown>) => ['sku', 'tag', 'method', 'warehouse', 'vendor'].some((k) => r[k] !== undefined);

const processingRule = z.object({ name: text.optional(), ...itemMatch, days: dayCount }).strict()
  .refine(hasCondition, { message: 'a rule needs at least one of sku, tag, method, warehouse or vendor' });

/** Where items ship from, chosen by SKU pattern or tag (first match). */
const source = z.object({ id: text, name: text.optional(), sku: oneOrMany(text).optional(), tag: oneOrMany(text).optional() }).strict();

const processing = z.object({
  default_days: dayCount,
  /** Checked top to bottom; the first rule that matches an item sets its processing days. */
  rules: z.array(processingRule).default([]),
  warehouses: z.array(source).default([]),
  vendors: z.array(source).default([]),
}).strict();

const release = z.object({
  kind: z.enum(['pre_order', 'backorder'], { message: 'expected pre_order or backorder' }),
  sku: oneOrMany(text).optional(),
  tag: oneOrMany(text).optional(),
  /** Release or restock date; absent: not announced yet. */
  date: calendarDate.optional(),
  /** Business days from the release date to shipping; absent: the item's processing days. */
  ships_within_days: dayCount.optional(),
}).strict().refine((r) => r.sku !== undefined || r.tag !== undefined, { message: 'a release needs a sku or a tag' });

const rate = z.object({
  days: dayRange,
  cost: z.number({ message: 'expected a price such as 5.95' }).min(0),
  /** Orders worth at least this ship free. */
  free_over: z.number().min(0).optional(),
}).strict();

const zone = z.object({
  id: text,
  countries: z.array(countryCode).min(1),
  /** Only these regions (state/province codes or names) of the countries. */
  regions: z.array(text).optional(),
  /** Only postcodes starting with one of these. */
  postcodes: z.array(text).optional(),
  /** How the zone is called in each language (needed when it is not a whole country). */
  names: perLanguage.optional(),
  /** Other words shoppers use for it, any language ("Canarias", "Kanaren"). */
  aliases: z.array(text).default([]),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected a currency code such as EUR' }).optional(),
  /** Transit time and price per shipping method id. */
  rates: z.record(z.string(), rate).refine((r) => Object.keys(r).length > 0, { message: 'a zone needs at least one shipping method' }),
}).strict();

const shipping = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected a currency code such as USD' }),
  /** Shipping method ids (as orders name them) with their name in every language. */
  methods: z.record(z.string(), perLanguage),
  /** Checked top to bottom: put a region or island zone before its whole country. */
  zones: z.array(zone).min(1),
}).strict();

const notice = z.object({
  id: text,
  /** Orders placed in this range (shop dates, both included) are affected. */
  from: calendarDate,
  to: calendarDate,
  add_days: dayCount.default(0),
  add_transit_days: dayCount.default(0),
  countries: z.array(countryCode).optional(),
  zones: z.array(text).optional(),
  methods: z.array(text).optional(),
  sku: oneOrMany(text).optional(),
  tag: oneOrMany(text).optional(),
  message: perLanguage.optional(),
}).strict().refine((n) => n.from <= n.to, { message: '"from" must not be after "to"', path: ['to'] });

const returns = z.object({
  /** Calendar days after delivery a return may be started. */
  window_days: dayCount,
  /** Business days a refund takes once the return arrives. */
  refund_days: dayRange,
}).strict();

const tracking = z.preprocess(legacyStuckDays, z.object({
  /** No carrier scan for this many carrier days (the calendar's carrier_days, holidays out) counts as stale. */
  stale_after_business_days: dayCount.min(1, { message: 'must be 1 or more' }).default(4),
}).strict());

/**
 * Before stale_after_business_days there was stuck_after_days (calendar days): a file that still
 * says it is read as five business days a week (5 calendar days: 4 business days).
 */
function legacyStuckDays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('stuck_after_days' in value)) return value;
  const { stuck_after_days: days, ...rest } = value as Record<string, unknown>;
  if ('stale_after_business_days' in rest || typeof days !== 'number') return value;
  return { ...rest, stale_after_business_days: Math.max(1, Math.round((days * 5) / 7)) };
}

/** Proactive notices (src/proactive): which detections are told, where, when, and to whom not (the holdout). */
const proactive = z.object({
  /** The detections that become notices; the others are only recorded. */
  events: z.array(z.enum(NOTICE_KINDS)).default([...NOTICE_KINDS]),
  /** Channels to try, in this order: a shopper gets the notice on the first one they can be reached on. */
  channels: z.array(z.enum(NOTICE_CHANNELS)).min(1, { message: 'name at least one channel' }).default([...NOTICE_CHANNELS]),
  /** No notice between these times in the shopper's time zone (held until the end). */
  quiet_hours: z.object({ from: clockTime, to: clockTime }).strict().default({ from: '21:00', to: '08:00' }),
  /** This share of orders (by a hash of the order number) gets no notice, so the effect can be measured. */
  holdout_percent: z.number({ message: 'expected a percentage' }).min(0).max(50, { message: 'at most 50' }).default(0),
  /** The opening line of each kind's notice, per language ({order} is the order number); the bot's own when absent. */
  wording: z.object(Object.fromEntries(NOTICE_KINDS.map((k) => [k, perLanguage.optional()])) as Record<(typeof NOTICE_KINDS)[number], z.ZodOptional<typeof perLanguage>>).strict().default({}),
}).strict();

const article = z.object({ shipping: text, returns: text, address_changes: text, cancellations: text }).strict();
export type ArticleTopic = keyof z.infer<typeof article>;

export const knowledgeSchema = z.object({
  calendar,
  processing,
  releases: z.array(release).default([]),
  shipping,
  notices: z.array(notice).default([]),
  returns,
  tracking: tracking.default({ stale_after_business_days: 4 }),
  proactive: proactive.prefault({}),
  policies: z.object(Object.fromEntries(LANGUAGES.map((l) => [l, article])) as Record<Lang, typeof article>).strict(),
}).strict().superRefine(checkReferences);

export type KnowledgeInput = z.input<typeof knowledgeSchema>;
export type KnowledgeDocument = z.output<typeof knowledgeSchema>;
export type Zone = KnowledgeDocument['shipping']['zones'][number];
export type Rate = z.output<typeof rate>;
export type Notice = KnowledgeDocument['notices'][number];
export type Release = KnowledgeDocument['releases'][number];
export type ProcessingRule = KnowledgeDocument['processing']['rules'][number];

/** Validated knowledge plus where each top-level section came from (for fact sources). */
export interface Knowledge extends KnowledgeDocument {
  origin: { files: Partial<Record<keyof KnowledgeDocument, string>>; loadedAt: string; by?: string };
}

/** Cross-field checks: ids that must exist, placeholders that must be known. */
function checkReferences(doc: KnowledgeDocument, ctx: z.RefinementCtx): void {
  const methods = new Set(Object.keys(doc.shipping.methods));
  const zones = new Set(doc.shipping.zones.map((zn) => zn.id));
  const warehouses = new Set(doc.processing.warehouses.map((w) => w.id));
  const vendors = new Set(doc.processing.vendors.map((v) => v.id));
  doc.shipping.zones.forEach((zn, i) => {
    for (const m of Object.keys(zn.rates)) {
      if (!methods.has(m)) ctx.addIssue({ code: 'custom', path: ['shipping', 'zones', i, 'rates', m], message: `unknown shipping method "${m}" (add it under shipping.methods)` });
    }
  });
  doc.processing.rules.forEach((r, i) => {
    r.method?.forEach((m) => methods.has(m) || ctx.addIssue({ code: 'custom', path: ['processing', 'rules', i, 'method'], message: `unknown shipping method "${m}"` }));
    r.warehouse?.forEach((w) => warehouses.has(w) || ctx.addIssue({ code: 'custom', path: ['processing', 'rules', i, 'warehouse'], message: `unknown warehouse "${w}"` }));
    r.vendor?.forEach((v) => vendors.has(v) || ctx.addIssue({ code: 'custom', path: ['processing', 'rules', i, 'vendor'], message: `unknown vendor "${v}"` }));
  });
  doc.calendar.closures.forEach((c, i) => {
    if (c.warehouse && !warehouses.has(c.warehouse)) ctx.addIssue({ code: 'custom', path: ['calendar', 'closures', i, 'warehouse'], message: `unknown warehouse "${c.warehouse}"` });
  });
  doc.notices.forEach((n, i) => {
    n.zones?.forEach((zn) => zones.has(zn) || ctx.addIssue({ code: 'custom', path: ['notices', i, 'zones'], message: `unknown zone "${zn}"` }));
    n.methods?.forEach((m) => methods.has(m) || ctx.addIssue({ code: 'custom', path: ['notices', i, 'methods'], message: `unknown shipping method "${m}"` }));
  });
  const known = new Set<string>(ARTICLE_PLACEHOLDERS);
  for (const lang of LANGUAGES) {
    for (const [topic, body] of Object.entries(doc.policies[lang])) {
      for (const m of body.matchAll(/\{([a-z_]+)\}/g)) {
        if (!known.has(m[1])) ctx.addIssue({ code: 'custom', path: ['policies', lang, topic], message: `unknown placeholder {${m[1]}} (known: ${ARTICLE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
      }
    }
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
