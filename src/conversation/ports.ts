import type { Order } from '../orders/types';
import type { Lang, ProblemKind, Understanding, UnderstandingContext } from '../resolver/types';
import type { MessageKey, MessageParams } from '../answers/keys';
import type { FactSheetRef } from './fact-ref';

/** What the engine needs from the resolver. */
export interface UnderstandingPort {
  understand(text: string, ctx: UnderstandingContext): Understanding;
}

export type OrderFocus = 'status' | 'delivery_problem' | 'change_order' | 'returns' | 'subscribe';

export interface ComposedAnswer {
  text: string;
  facts: FactSheetRef;
  /** Set when the answer itself calls for a person (exception, returned, damaged...). */
  handoffReason?: string;
  suggestions: string[];
}

/** What the engine needs from answers and knowledge (knowledge is bound in by the app). */
export interface AnswerPort {
  message<K extends MessageKey>(lang: Lang, key: K, params: MessageParams[K]): string;
  order(order: Order, opts: { lang: Lang; now: Date; focus: OrderFocus; problem?: ProblemKind; locale?: string }): ComposedAnswer;
  policy(topic: 'shipping_policy' | 'returns' | 'change_order', opts: { lang: Lang; question: string }): { text: string; facts?: FactSheetRef };
}

/** What the engine needs from handoff: open a case and say what happens next. */
export interface HandoffPort {
  open(request: { conversationKey: string; channel: string; reason: string; lang: Lang; orderId?: string; now: Date }): Promise<{ eta: string; caseId?: string }>;
}
