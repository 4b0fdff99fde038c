import type { AnswerPort } from '../conversation/ports';
import type { KnowledgeBase } from '../knowledge/loader';
import { languagePack } from '../answers/templates';
import { renderOrderAnswer } from '../answers/order-answer';
import { renderPolicyAnswer } from '../answers/policy-answer';

/**
 * The answers as the conversation engine uses them, with the shop's time zone and the
 * knowledge in force bound in (each answer reads the current knowledge, so a hot reload
 * applies to the next reply).
 */
export function createAnswerPort(deps: { knowledge: Pick<KnowledgeBase, 'current'>; timeZone: string; shopName?: string; lateHandoffDays?: number }): AnswerPort {
  return {
    message: (lang, key, params) => languagePack(lang).catalog[key](params),
    order: (order, opts) => renderOrderAnswer(order, { ...opts, timeZone: deps.timeZone, knowledge: deps.knowledge.current(), lateHandoffDays: deps.lateHandoffDays }),
    policy: (topic, opts) => renderPolicyAnswer(topic, { ...opts, knowledge: deps.knowledge.current() }),
  };
}
