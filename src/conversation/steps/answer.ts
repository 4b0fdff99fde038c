import type { OrderStage, ProblemKind } from '../../vocabulary';
import { INTENT_TABLE, type Intent } from '../../vocabulary';
import { fulfilmentState, type Order } from '../../orders/types';
import type { OrderFocus } from '../ports';
import type { Turn } from '../turn';
import { handOff } from './handoff';

/**
 * Answer: from the linked order (its status, a delivery problem, a change, a return), from the
 * knowledge (policies), or plainly (greeting, thanks); otherwise ask for what is missing, and
 * rephrase once, then offer a person, when the message was not understood.
 */
export async function answer(turn: Turn): Promise<void> {
  const m = turn.memory;
  const goal = m.goal;
  const vague = INTENT_TABLE[turn.intent].vague;
  // Details with a vague message answer the question asked before, or ask where the order is.
  const effective: Intent = vague && m.linkedOrderId && (goal || turn.linkedNow) ? (goal?.intent ?? 'order_status') : turn.intent;
  const problem = turn.u.problem ?? (effective === goal?.intent ? goal?.problem : undefined);

  if (m.linkedOrderId && INTENT_TABLE[effective].aboutAnOrder) {
    m.goal = undefined;
    m.misunderstood = 0;
    // §7: details sent with a return question ask where that order is, too.
    if (turn.linkedNow && effective === 'returns') await answerOrder(turn, m.linkedOrderId, 'status');
    if (!m.handoff?.active) await answerOrder(turn, m.linkedOrderId, focusOf(effective), problem);
    return answerAlso(turn, effective);
  }
  // §7: details sent with a question ask about that order too ("where is 1042? and how do returns work?").
  if (turn.linkedNow && m.linkedOrderId && (effective === 'returns' || effective === 'shipping_policy')) {
    await answerOrder(turn, m.linkedOrderId, 'status');
    if (m.handoff?.active) return;
  }
  switch (effective) {
    case 'order_status':
    case 'delivery_problem':
    case 'provide_details':
      return askForOrder(turn);
    case 'shipping_policy':
    case 'returns':
    case 'change_order':
      policy(turn, effective);
      return answerAlso(turn, effective);
    case 'subscribe_updates':
      return turn.say('subscribe_needs_order', {});
    case 'unsubscribe':
      m.subscribedOrderIds = [];
      await turn.deps.notifications.unsubscribe(turn.conversationKey);
      return turn.say('unsubscribe_confirmed', {});
    case 'greeting':
      return turn.say('greeting', { shopName: turn.deps.shop.name });
    case 'thanks':
      return turn.say('thanks', {});
    default:
      return fallback(turn);
  }
}

/** The other questions of a several-question message that the bot can answer itself. */
async function answerAlso(turn: Turn, answered: Intent): Promise<void> {
  const m = turn.memory;
  if (m.handoff?.active) return;
  for (const also of turn.u.alsoIntents) {
    if (also === answered) continue;
    if (also === 'shipping_policy' || also === 'returns') policy(turn, also);
    else if (also === 'order_status' && m.linkedOrderId && !turn.orderAnswered) await answerOrder(turn, m.linkedOrderId, 'status');
    if (m.handoff?.active) return;
  }
}

export async function answerOrder(turn: Turn, orderId: string, focus: OrderFocus, problem?: ProblemKind): Promise<void> {
  const order = await turn.deps.orders.get(orderId);
  if (!order) {
    // The order was removed since it was linked: start again without telling anything about it.
    turn.memory.linkedOrderId = undefined;
    return askForOrder(turn);
  }
  if (focus === 'subscribe') {
    await turn.deps.notifications.subscribe({ conversationKey: turn.conversationKey, channel: turn.msg.channel, address: turn.msg.senderId, orderId });
    if (!turn.memory.subscribedOrderIds.includes(orderId)) turn.memory.subscribedOrderIds.push(orderId);
  }
  turn.orderAnswered = true;
  const answer = turn.deps.answers.order(order, { lang: turn.lang, now: turn.now, focus, problem, locale: turn.msg.locale });
  // The model may reword a verified order's answer; its draft is used only when every fact in it checks out.
  const drafted = turn.deps.llm
    ? await turn.deps.llm.draft({ text: turn.msg.text, history: await turn.history(), language: turn.lang, facts: answer.facts, templateAnswer: answer.text })
    : undefined;
  turn.push(withTrackingPageLink(turn, orderId, drafted ?? answer.text), answer.suggestions, answer.facts, { kind: 'order_answer', stage: stageOf(order) });
  const daysLate = answer.facts.facts.find((f) => f.key === 'promise.daysLate')?.value;
  const reason = turn.deps.rules({
    intent: turn.intent === 'provide_details' ? (turn.memory.goal?.intent ?? 'order_status') : turn.intent,
    text: turn.msg.text, problem, answerHint: answer.handoffReason, answered: true,
    daysPastShipBy: typeof daysLate === 'number' ? daysLate : undefined,
    misunderstoodTurns: 0, verificationLocked: false, negative: turn.u.negative, orderValue: order.total?.amount,
  });
  if (reason) await handOff(turn, reason, false);
}

/**
 * A verified order's answer ends with the link to its tracking page, on every channel but
 * voice (a link cannot be spoken). Added after the model's draft, so the draft's fact check
 * never sees it; only answers about an order the conversation is verified for get here.
 */
function withTrackingPageLink(turn: Turn, orderId: string, text: string): string {
  if (turn.msg.channel === 'voice' || !turn.memory.verifiedOrderIds.includes(orderId)) return text;
  const line = turn.deps.answers.trackingPageLink?.(orderId, turn.lang);
  return line ? `${text}\n${line}` : text;
}

/** No order linked: use a proven identity's open orders, or ask for the number. */
export async function askForOrder(turn: Turn): Promise<void> {
  const identities = turn.knownIdentities();
  for (const identity of identities) {
    const open = await turn.deps.orders.openOrdersOf(identity);
    if (open.length === 1) {
      turn.linkTo(open[0].id, identity);
      return answerOrder(turn, open[0].id, focusOf(turn.memory.goal?.intent ?? turn.intent), turn.u.problem);
    }
    if (open.length > 1) {
      turn.rememberGoal();
      turn.memory.choices = open.map((o) => o.id);
      turn.memory.expecting = 'order_choice';
      return turn.say('choose_order', { orders: open.slice(0, 5).map((o) => ({ id: o.id, placedDate: turn.dateOf(o.placedAt) })) });
    }
  }
  turn.rememberGoal();
  turn.memory.expecting = turn.memory.pendingOrder ? 'verification' : 'order_number';
  if (turn.memory.pendingOrder) return turn.askClarifying('ask_verification', { orderNumber: turn.memory.pendingOrder });
  return turn.askClarifying('ask_order_number', {});
}

function policy(turn: Turn, topic: 'shipping_policy' | 'returns' | 'change_order'): void {
  const answer = turn.deps.answers.policy(topic, { lang: turn.lang, question: turn.msg.text });
  turn.push(answer.text, [], answer.facts, { kind: 'policy_answer' });
}

/** Where the order stood when it was answered about: nothing shipped, on its way (some or all), or every parcel delivered. */
function stageOf(order: Order): OrderStage {
  const state = fulfilmentState(order);
  if (state === 'cancelled') return 'cancelled';
  if (state === 'unfulfilled') return 'pre_shipment';
  return state === 'shipped' && order.shipments.every((s) => s.status === 'delivered') ? 'delivered' : 'in_transit';
}

/** Rephrase once, then offer a person; the rules decide when a person takes over. */
async function fallback(turn: Turn): Promise<void> {
  const m = turn.memory;
  const unsure = turn.u.intent === 'other' && turn.u.confidence < 0.5;
  if (!unsure) {
    m.misunderstood = 0;
    return turn.say('other', {});
  }
  m.misunderstood += 1;
  const reason = turn.deps.rules({ intent: turn.intent, text: turn.msg.text, misunderstoodTurns: m.misunderstood, verificationLocked: false, negative: turn.u.negative });
  if (reason) return handOff(turn, reason, false);
  if (m.misunderstood === 1) return turn.say('fallback_rephrase', {});
  return turn.say('fallback_offer_human', {});
}

function focusOf(intent: Intent): OrderFocus {
  switch (intent) {
    case 'delivery_problem': return 'delivery_problem';
    case 'change_order': return 'change_order';
    case 'returns': return 'returns';
    case 'subscribe_updates': return 'subscribe';
    default: return 'status';
  }
}
