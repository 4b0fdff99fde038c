import type { AnswerPort } from '../conversation/ports';
import type { KnowledgeBase } from '../knowledge/loader';
import type { Lang } from '../vocabulary';
import { languagePack } from '../answers/templates';
import { renderOrderAnswer } from '../answers/order-answer';
import { renderPolicyAnswer } from '../answers/policy-answer';

/**
 * The answers as the conversation engine uses them, with the shop's time zone and the
 * knowledge in force bound in (each answer reads the current knowledge, so a hot reload
 * applies to the next reply), and the tracking page links when the page has a public URL.
 */
export function createAnswerPort(deps: {
  knowledge: Pick<KnowledgeBase, 'current'>;
  timeZone: string;
  shopName?: string;
  lateHandoffDays?: number;
  trackingPages?: { urlFor(orderId: string, lang: Lang): string };
}): AnswerPort {
  const { trackingPages } = deps;
  return {
    message: (lang, key, params) => languagePack(lang).catalog[key](params),
    order: (order, opts) => renderOrderAnswer(order, { ...opts, timeZone: deps.timeZone, knowledge: deps.knowledge.current(), lateHandoffDays: deps.lateHandoffDays }),
    policy: (topic, opts) => renderPolicyAnswer(topic, { ...opts, knowledge: deps.knowledge.current() }),
    ...(trackingPages && { trackingPageLink: (orderId: string, lang: Lang) => languagePack(lang).order.trackingPageLink({ url: trackingPages.urlFor(orderId, lang) }) }),
  };
}
