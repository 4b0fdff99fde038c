import { renderOrderAnswer, renderPolicyAnswer, type FactSheet, type OrderFocus } from '.';
import type { OrderInput } from '../orders/contract';
import type { Order } from '../orders/types';
import type { Lang } from '../vocabulary';
import type { Knowledge } from '../knowledge/schema';

/** The questions the preview can ask, as the resolver names them. */
export const PREVIEW_QUESTIONS = ['order_status', 'shipping_policy', 'returns', 'change_order'] as const;
export type PreviewQuestion = (typeof PREVIEW_QUESTIONS)[number];

export interface PreviewRequest {
  knowledge: Knowledge;
  order?: OrderInput;
  question: PreviewQuestion;
  lang: Lang;
  now: Date;
  /** The shop's time zone (timestamps in the answer). */
  timeZone: string;
}

const ORDER_FOCUS: Record<PreviewQuestion, OrderFocus | undefined> = { order_status: 'status', shipping_policy: undefined, returns: 'returns', change_order: 'change_order' };

/**
 * What the bot would answer, with the same renderers the conversation uses: about the
 * order when there is one and the question is about it, else the policy article.
 */
export function previewAnswer(req: PreviewRequest): { text: string; facts: FactSheet; kind: 'order' | 'policy' } {
  const focus = ORDER_FOCUS[req.question];
  if (req.order && focus) {
    const answer = renderOrderAnswer(orderFromInput(req.order), { lang: req.lang, now: req.now, timeZone: req.timeZone, knowledge: req.knowledge, focus });
    return { text: answer.text, facts: answer.facts, kind: 'order' };
  }
  const topic = req.question === 'order_status' ? 'shipping_policy' : req.question;
  const answer = renderPolicyAnswer(topic, { lang: req.lang, knowledge: req.knowledge, now: req.now });
  return { ...answer, kind: 'policy' };
}

/** A contract §1 order as the answers read it (what the repository would return, without storing it). */
export function orderFromInput(input: OrderInput): Order {
  return {
    id: input.id,
    placedAt: new Date(input.placedAt),
    status: input.status,
    customer: input.customer,
    shippingAddress: input.shippingAddress,
    shippingMethod: input.shippingMethod,
    items: input.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, tags: i.tags ?? [] })),
    shipments: input.shipments.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, at: new Date(e.at) })) })),
    merchantEvents: [],
  };
}
