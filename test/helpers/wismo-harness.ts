import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { ConversationState } from 'botbuilder';
import { openStore, type Store } from '../../src/store/db';
import { OrderRepository } from '../../src/orders/repository';
import type { OrderInput } from '../../src/orders/contract';
import { PostgresStorage } from '../../src/bot/pg-storage';
import { WismoBot } from '../../src/bot/wismo-bot';
import { ConversationEngine } from '../../src/conversation/engine';
import { TranscriptStore } from '../../src/conversation/transcript';
import { OrderVerifier } from '../../src/linking/verifier';
import { VerificationThrottle } from '../../src/linking/throttle';
import { messagingServices, type MessagingServices } from '../../src/messaging';
import type { AnswerPort, HandoffPort, UnderstandingPort } from '../../src/conversation/ports';
import type { Intent, Lang } from '../../src/resolver/types';
import type { MessageKey, MessageParams } from '../../src/answers/keys';
import { createLogger, type Logger } from '../../src/log/logger';
import { handoffReason } from '../../src/handoff/rules';

/**
 * The real bot (WismoBot, ConversationEngine, linking, throttle, transcript, botbuilder
 * state in PGlite) with a small keyword resolver and English answer texts standing in for
 * src/resolver and src/answers (not in the container yet), and a handoff port that only
 * answers with an ETA.
 */
export interface WismoHarness {
  store: Store;
  bot: WismoBot;
  orders: OrderRepository;
  messaging: MessagingServices;
  logger: Logger;
  close(): Promise<void>;
}

export async function openWismoHarness(): Promise<WismoHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-twilio-'));
  const store = await openStore({ url: 'pglite://memory', dataDir });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const orders = new OrderRepository(store.db);
  const engine = new ConversationEngine({
    resolver: keywordResolver,
    orders,
    verifier: new OrderVerifier(orders, new VerificationThrottle(store.db)),
    transcript: new TranscriptStore(store.db),
    answers: plainAnswers,
    handoff: handoffNote,
    rules: (signals) => handoffReason(signals, { lateDays: 2, keywords: [] }), notifications: { subscribe: async () => {}, unsubscribe: async () => {} },
    shop: { name: 'Demo Shop', timeZone: 'UTC' },
    logger,
  });
  const bot = new WismoBot(engine, new ConversationState(new PostgresStorage(store.db)));
  return {
    store, bot, orders, messaging: messagingServices(store.db), logger,
    close: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Order 1042, placed with the phone +15125550101, out for delivery with a tracking link. */
export function sampleOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    id: '1042',
    placedAt: '2026-01-10T10:00:00Z',
    status: 'open',
    customer: { name: 'Ana Ruiz', email: 'ana@example.com', phone: '+15125550101' },
    shippingAddress: { line1: '1 Main St', city: 'Austin', postalCode: '78701', country: 'US' },
    items: [{ sku: 'MUG-1', name: 'Mug', quantity: 1 }],
    shipments: [{
      id: 'S1', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://track.example.com/1Z999AA10123456784',
      status: 'out_for_delivery', items: [], events: [],
    }],
    ...overrides,
  };
}

/** Handoff as the engine sees it (src/handoff's case service is wired by the container). */
const handedOver = new Set<string>();
const handoffNote: HandoffPort = {
  open: async (r) => (handedOver.add(r.conversationKey), { eta: { kind: 'open', withinHours: 2 } }),
  ownership: async (key) => ({ active: handedOver.has(key), agentJoined: false }),
};

const keywordResolver: UnderstandingPort = {
  understand(text, ctx) {
    const lower = text.toLowerCase();
    const orderNumbers = [...text.matchAll(/#?\b(\d{4})\b/g)].map((m) => m[1]);
    const postcodes = [...text.matchAll(/\b(\d{5})\b/g)].map((m) => m[1]);
    const emails = [...lower.matchAll(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g)].map((m) => m[0]);
    const language: Lang | undefined = /¿|dónde|pedido/.test(lower) ? 'es' : /[a-z]{3,}/.test(lower) ? 'en' : undefined;
    const hasDetails = orderNumbers.length + postcodes.length + emails.length > 0;
    let intent: Intent = 'other';
    if (/\b(agent|person|human)\b/.test(lower)) intent = 'human_agent';
    else if (/\b(where|status|track|pedido|dónde)\b/.test(lower)) intent = 'order_status';
    else if (/^(hi|hello)\b/.test(lower)) intent = 'greeting';
    else if (hasDetails) intent = ctx.expecting ? 'provide_details' : 'order_status';
    return { intent, alsoIntents: [], language, entities: { orderNumbers, emails, phones: [], postcodes }, confidence: 0.9, negative: false };
  },
};

const TEXTS: Partial<{ [K in MessageKey]: (p: MessageParams[K]) => string }> = {
  ask_order_number: () => 'What is your order number?',
  ask_verification: (p) => `To check order ${p.orderNumber}, please send the email, phone number or shipping postcode on the order.`,
  verification_failed: () => "I couldn't verify those details.",
  handoff_created: (p) => `I've passed this to our team. ${p.eta}`,
  handoff_eta_open: (p) => `A person will reply within ${p.hours} hours.`,
  handoff_waiting: () => 'A person will reply soon.',
  greeting: (p) => `Hi! This is ${p.shopName}. Ask me where your order is.`,
};

const plainAnswers: AnswerPort = {
  message(lang, key, params) {
    const text = (TEXTS[key] as ((p: typeof params) => string) | undefined)?.(params) ?? `(${key})`;
    return lang === 'es' ? `[es] ${text}` : text;
  },
  order(order, opts) {
    const s = order.shipments[0];
    const status = s ? s.status.replace(/_/g, ' ') : 'being prepared';
    const text = s
      ? `Order #${order.id} is ${status} with ${s.carrier} 🚚. Tracking ${s.trackingNumber}: ${s.trackingUrl ?? ''}`
      : `Order #${order.id} is ${status}.`;
    return {
      text: opts.lang === 'es' ? `[es] ${text}` : text,
      facts: { orderId: order.id, builtAt: opts.now.toISOString(), facts: [{ key: 'status', value: status, source: 'store' }] },
      suggestions: ['Talk to a person'],
    };
  },
  policy: (_topic, opts) => ({ text: opts.lang === 'es' ? '[es] Orders ship in 2 days.' : 'Orders ship in 2 days.' }),
};
