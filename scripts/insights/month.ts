/**
 * A month of conversations for the insights (`npm run seed:insights`): a seeded plan of
 * conversations (channels, languages, what was asked, verified, answered, handed over,
 * repeated, not understood) and proactive notices with a holdout, written as the bot would
 * have stored them. `expectedTotals` counts the plan's measures in plain TypeScript, from the
 * README's definitions, independently of the SQL (test/insights/month.test.ts compares them).
 */
import type { Db } from '../../src/store/db';
import { cases, conversations, messages, proactiveNotices } from '../../src/store/schema';
import { OrderRepository } from '../../src/orders/repository';
import type { OrderInput } from '../../src/orders/contract';

export interface PlannedLine { dir: 'in' | 'out'; ms: number; intent?: string; kind?: string; stage?: string; text?: string }
export interface PlannedConversation {
  id: string;
  channel: string;
  language: string;
  start: Date;
  orderId?: string;
  lines: PlannedLine[];
  caseReason?: string;
}
export interface PlannedNotice { orderId: string; detectedAt: Date; state: 'sent' | 'suppressed'; reason?: string }
export interface MonthPlan { orders: string[]; conversations: PlannedConversation[]; notices: PlannedNotice[] }

const CHANNELS = ['webchat', 'webchat', 'webchat', 'sms', 'whatsapp', 'messenger'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'fr', 'de', 'it', 'pt'];
const STAGES = ['pre_shipment', 'pre_shipment', 'in_transit', 'in_transit', 'delivered'];
const QUESTIONS = ['do you sell gift cards?', 'can I pay with bitcoin', 'is the blue mug dishwasher safe?', 'do you have a shop in Lyon?', 'what is your phone number'];
const HOUR = 3_600_000;

/** mulberry32: a small seeded generator, the same plan for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planMonth(options: { seed: number; days: number; perDay: number; end: Date }): MonthPlan {
  const rnd = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const ms = () => 50 + Math.floor(rnd() * 900);
  const orders: string[] = [];
  const recent: { orderId: string; start: Date }[] = [];
  const plan: PlannedConversation[] = [];
  const start0 = options.end.getTime() - options.days * 24 * HOUR;
  let n = 0;
  for (let d = 0; d < options.days; d++) {
    for (let i = 0; i < options.perDay; i++) {
      const start = new Date(start0 + d * 24 * HOUR + Math.floor(rnd() * 24 * HOUR));
      const id = `${pick(CHANNELS)}:seed-${options.seed}-${++n}`;
      const channel = id.slice(0, id.indexOf(':'));
      const language = pick(LANGUAGES);
      const r = rnd();
      // An order of a conversation of the last two days, asked about again (a repeat contact), or a new one.
      const earlier = recent.filter((c) => start.getTime() - c.start.getTime() < 48 * HOUR && c.start < start);
      const orderId = earlier.length > 0 && rnd() < 0.15 ? pick(earlier).orderId : `S${options.seed}-${n}`;
      const first = ms();
      const conversation: PlannedConversation = { id, channel, language, start, lines: [] };
      const answer = (at: number): PlannedLine => ({ dir: 'out', ms: at, kind: 'order_answer', stage: pick(STAGES) });
      if (r < 0.45) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'order_status' }, { dir: 'out', ms: first, kind: 'ask_verification' },
          { dir: 'in', ms: first + 8000, intent: 'provide_details' }, answer(first + 8000 + ms())];
        conversation.orderId = orderId;
      } else if (r < 0.6) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'order_status' }, answer(first)];
        conversation.orderId = orderId;
      } else if (r < 0.7) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'delivery_problem' }, answer(first)];
        conversation.orderId = orderId;
        conversation.caseReason = pick(['delivery_problem', 'stuck', 'carrier_exception']);
      } else if (r < 0.75) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'human_agent' }, { dir: 'out', ms: first, kind: 'handoff_created' }];
        conversation.caseReason = 'requested';
      } else if (r < 0.85) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'shipping_policy' }, { dir: 'out', ms: first, kind: 'policy_answer' }];
      } else if (r < 0.93) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'other', text: pick(QUESTIONS) }, { dir: 'out', ms: first, kind: 'fallback_rephrase' }];
      } else if (r < 0.96) {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'order_status' }, { dir: 'out', ms: first, kind: 'ask_verification' },
          { dir: 'in', ms: first + 5000, intent: 'provide_details' }, { dir: 'out', ms: first + 5100, kind: 'verification_failed' },
          { dir: 'in', ms: first + 9000, intent: 'provide_details' }, { dir: 'out', ms: first + 9100, kind: 'verification_locked' }];
        conversation.caseReason = 'verification_lockout';
      } else {
        conversation.lines = [{ dir: 'in', ms: 0, intent: 'greeting' }, { dir: 'out', ms: first, kind: 'greeting' }];
      }
      if (conversation.orderId) {
        if (!orders.includes(conversation.orderId)) orders.push(conversation.orderId);
        recent.push({ orderId: conversation.orderId, start });
      }
      plan.push(conversation);
    }
  }
  // Detections for a fifth of the orders, a day before their first conversation; a tenth of those held out.
  const firstContact = new Map<string, Date>();
  for (const c of plan) if (c.orderId && !firstContact.has(c.orderId)) firstContact.set(c.orderId, c.start);
  const notices: PlannedNotice[] = [];
  for (const orderId of orders) {
    if (rnd() >= 0.2) continue;
    const detectedAt = new Date(firstContact.get(orderId)!.getTime() - 24 * HOUR);
    notices.push(rnd() < 0.1 ? { orderId, detectedAt, state: 'suppressed', reason: 'holdout' } : { orderId, detectedAt, state: 'sent' });
  }
  return { orders, conversations: plan, notices };
}

/** Writes the plan as the bot would have stored it. */
export async function writeMonth(db: Db, plan: MonthPlan): Promise<void> {
  const order = (id: string): OrderInput => ({
    id, placedAt: '2026-01-01T10:00:00Z', status: 'open', customer: { name: 'Seed Shopper', email: `seed.${id.toLowerCase()}@example.com` },
    shippingAddress: { line1: '1 Main St', city: 'Boise', postalCode: '83702', country: 'US' }, items: [{ sku: 'MUG', name: 'Mug', quantity: 1 }], shipments: [],
  } as OrderInput);
  const repo = new OrderRepository(db);
  for (let i = 0; i < plan.orders.length; i += 500) await repo.upsert(plan.orders.slice(i, i + 500).map(order));
  for (let i = 0; i < plan.conversations.length; i += 200) {
    const part = plan.conversations.slice(i, i + 200);
    await db.insert(conversations).values(part.map((c) => ({
      id: c.id, channel: c.channel, senderId: `seed-${c.id}`, linkedOrderId: c.orderId ?? null, language: c.language as never, createdAt: c.start, updatedAt: c.start,
    })));
    await db.insert(messages).values(part.flatMap((c) => c.lines.map((l) => ({
      conversationId: c.id, direction: l.dir, channel: c.channel, senderId: `seed-${c.id}`, text: l.text ?? (l.dir === 'in' ? 'where is my order?' : 'answer'),
      intent: (l.intent ?? null) as never, orderId: c.orderId ?? null, language: c.language as never, replyKind: l.kind ?? null,
      orderStage: (l.stage ?? null) as never, createdAt: new Date(c.start.getTime() + l.ms),
    }))));
    const handed = part.filter((c) => c.caseReason);
    if (handed.length > 0) {
      await db.insert(cases).values(handed.map((c) => ({
        conversationKey: c.id, channel: c.channel, senderId: `seed-${c.id}`, orderId: c.orderId ?? null, reason: c.caseReason as never,
        language: c.language as never, createdAt: new Date(c.start.getTime() + c.lines.at(-1)!.ms + 1),
      })));
    }
  }
  if (plan.notices.length > 0) {
    await db.insert(proactiveNotices).values(plan.notices.map((n) => ({
      orderId: n.orderId, kind: 'ship_by_passed' as const, detectedAt: n.detectedAt, state: n.state, reason: n.reason ?? null,
      ...(n.state === 'sent' ? { sentAt: n.detectedAt, channel: 'email' } : {}),
    })));
  }
}

/** The plan's measures in plain TypeScript (README definitions), for conversations starting in [from, to). */
export function expectedTotals(plan: MonthPlan, from: Date, to: Date) {
  const inRange = plan.conversations.filter((c) => c.start >= from && c.start < to);
  const lastAt = (c: PlannedConversation) => new Date(c.start.getTime() + Math.max(...c.lines.map((l) => l.ms)));
  const about = (orderId: string) => plan.conversations.filter((c) => c.orderId === orderId);
  const followedUp = (c: PlannedConversation) => c.orderId !== undefined
    && about(c.orderId).some((o) => o.id !== c.id && o.start > c.start && o.start.getTime() <= lastAt(c).getTime() + 72 * HOUR);
  const repeat = (c: PlannedConversation) => c.orderId !== undefined
    && about(c.orderId).some((o) => o.id !== c.id && o.start < c.start && o.start.getTime() >= c.start.getTime() - 72 * HOUR);
  const asked = (c: PlannedConversation) => c.lines.some((l) => ['ask_verification', 'verification_failed', 'verification_locked'].includes(l.kind ?? ''));
  const stage = (s: string) => inRange.reduce((n, c) => n + c.lines.filter((l) => l.stage === s).length, 0);
  const linked = inRange.filter((c) => c.orderId);
  return {
    conversations: inRange.length,
    wismoConversations: inRange.filter((c) => c.lines.some((l) => l.dir === 'in' && ['order_status', 'delivery_problem', 'subscribe_updates'].includes(l.intent ?? ''))).length,
    orderConversations: linked.length,
    automatedResolutions: linked.filter((c) => !c.caseReason && !followedUp(c)).length,
    handoffs: inRange.filter((c) => c.caseReason).length,
    verificationNeeded: inRange.filter((c) => asked(c) || c.orderId).length,
    verified: linked.length,
    lockouts: inRange.filter((c) => c.lines.some((l) => l.kind === 'verification_locked')).length,
    preShipmentQuestions: stage('pre_shipment'),
    inTransitQuestions: stage('in_transit'),
    deliveredQuestions: stage('delivered'),
    repeatContacts: inRange.filter(repeat).length,
  };
}
