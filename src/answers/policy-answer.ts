import type { Lang } from '../vocabulary';
import { knowledgeSource, promiseFor } from '../knowledge/promise';
import type { ArticleTopic, Knowledge, Zone } from '../knowledge/schema';
import { FactSheetBuilder, type FactSheet } from './facts';
import { formatMoney, localeFor } from './format';
import { placeNamedIn, placeName } from './places';
import { languagePack } from './templates';

export type PolicyTopic = 'shipping_policy' | 'returns' | 'change_order';

export interface PolicyAnswerOptions {
  lang: Lang;
  knowledge: Knowledge;
  /** The shopper's question: a country or region named in it gets its own times and prices. */
  question?: string;
  locale?: string;
  /** Today, for notices in force (default: now). */
  now?: Date;
}

const ARTICLES: Record<PolicyTopic, ArticleTopic[]> = {
  shipping_policy: ['shipping'],
  returns: ['returns'],
  change_order: ['address_changes', 'cancellations'],
};

/** A policy answer from the merchant's articles; a named destination adds its times and prices. */
export function renderPolicyAnswer(topic: PolicyTopic, opts: PolicyAnswerOptions): { text: string; facts: FactSheet } {
  const { lang, knowledge } = opts;
  const now = opts.now ?? new Date();
  const facts = new FactSheetBuilder('', now);
  const locale = localeFor(lang, opts.locale);
  const parts: string[] = [];

  const place = topic === 'shipping_policy' && opts.question ? placeNamedIn(opts.question, knowledge) : undefined;
  if (place) parts.push(...destinationLines(place, opts, facts, locale, now));
  for (const article of ARTICLES[topic]) {
    const text = fillArticle(knowledge.policies[lang][article], knowledge, locale);
    parts.push(facts.add(`policy.${article}`, text, knowledgeSource(knowledge, 'policies', `.${lang}.${article}`)));
  }
  return { text: parts.join('\n\n'), facts: facts.build() };
}

/** A policy article with its {placeholders} filled from the structured knowledge. */
export function fillArticle(text: string, knowledge: Knowledge, locale: string): string {
  const [h, m] = knowledge.calendar.cutoff_time.split(':').map(Number);
  const refund = knowledge.returns.refund_days;
  const values: Record<string, string> = {
    return_window_days: String(knowledge.returns.window_days),
    refund_days: refund.min === refund.max ? String(refund.min) : `${refund.min}-${refund.max}`,
    cutoff_time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, h, m)),
    default_processing_days: String(knowledge.processing.default_days),
  };
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function destinationLines(place: { zone?: Zone; zoneIndex?: number; country?: string }, opts: PolicyAnswerOptions, facts: FactSheetBuilder, locale: string, now: Date): string[] {
  const { lang, knowledge } = opts;
  const w = languagePack(lang).policy;
  const name = placeName(place, lang);
  if (!place.zone || place.zoneIndex === undefined) {
    facts.add('shipping.destination', name, 'knowledge:shipping');
    facts.add('shipping.available', false, knowledgeSource(knowledge, 'shipping', '.zones'));
    return [w.notShipped({ place: name })];
  }
  const zone = place.zone;
  const source = knowledgeSource(knowledge, 'shipping', `.zones[${place.zoneIndex}]`);
  facts.add('shipping.destination', name, source);
  const currency = zone.currency ?? knowledge.shipping.currency;
  const lines = [w.destination({ place: name })];
  for (const [method, rate] of Object.entries(zone.rates)) {
    const methodName = knowledge.shipping.methods[method]?.[lang] ?? method;
    const days = w.businessDays(rate.days);
    const cost = formatMoney(rate.cost, currency, locale);
    const freeOver = rate.free_over !== undefined ? formatMoney(rate.free_over, currency, locale) : undefined;
    facts.add(`shipping.${zone.id}.${method}.days`, `${rate.days.min}-${rate.days.max}`, source);
    facts.add(`shipping.${zone.id}.${method}.cost`, cost, source);
    if (freeOver) facts.add(`shipping.${zone.id}.${method}.freeOver`, freeOver, source);
    lines.push(w.rate({ method: methodName, days, cost, freeOver, free: rate.cost === 0 }));
  }
  // Notices for an order placed today to this destination.
  const probe = promiseFor({ placedAt: now, items: [], shippingAddress: { country: zone.countries[0], region: zone.regions?.[0], postalCode: zone.postcodes?.[0] } }, knowledge);
  for (const notice of probe.notices) {
    if (!notice.message || notice.sku || notice.tag) continue;
    const text = facts.add(`notice.${notice.id}`, notice.message[lang], knowledgeSource(knowledge, 'notices', `[${knowledge.notices.indexOf(notice)}]`));
    lines.push(w.currentNotice({ text }));
  }
  return [lines.join(' ')];
}
