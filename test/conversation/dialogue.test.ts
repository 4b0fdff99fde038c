import { expect } from 'chai';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { OrderVerifier } from '../../src/linking/verifier';
import { VerificationThrottle } from '../../src/linking/throttle';
import { TranscriptStore } from '../../src/conversation/transcript';
import { ConversationEngine } from '../../src/conversation/engine';
import { freshMemory, type ConversationMemory } from '../../src/conversation/types';
import type { AnswerPort, HandoffPort, UnderstandingPort } from '../../src/conversation/ports';
import type { Intent, ProblemKind, Understanding } from '../../src/resolver/types';
import { createLogger } from '../../src/log/logger';
import { demoOrders } from '../../src/app/demo-shop';
import { handoffReason } from '../../src/handoff/rules';
import { openTestStore, type TestStore } from '../helpers/db';

/**
 * The dialogue features as conversation scripts: each line is what the shopper says and what
 * the bot must answer (template keys, order answers and policies as the stub ports print
 * them). Removing a feature from the engine fails its script.
 *
 * Shopper lines use a small notation the stub resolver reads: `intent[+also][/problem]: text`,
 * or plain details. Order 1001 belongs to ana@example.com.
 */
type Line = [shopper: string, bot: RegExp];

const SCRIPTS: Record<string, Line[]> = {
  'several questions in one message get one answer each': [
    ['order_status+returns: where is 1001 ana@example.com and how do returns work?', /^\[order 1001 status\][\s\S]*\[policy returns\]$/],
  ],
  'a message not understood: rephrase once, then offer a person, then a person': [
    ['blorp', /^\[fallback_rephrase\]$/],
    ['zzzz', /^\[fallback_offer_human\]$/],
    ['qqqq', /\[handoff_created\]/],
  ],
  'after two clarifying questions for one goal, the third also offers a person': [
    ['order_status: where is my stuff', /^\[ask_order_number\]$/],
    ['order_status: hmm where', /^\[ask_order_number\]$/],
    ['order_status: i said where is it', /^\[ask_order_number\] \[fallback_offer_human\]$/],
  ],
  'the goal asked before details is answered once the order is verified': [
    ['delivery_problem/damaged: my parcel arrived broken', /^\[ask_order_number\]$/],
    ['1001', /^\[ask_verification\]/],
    ['ana@example.com', /^\[order 1001 delivery_problem damaged\]/],
  ],
};

function understand(text: string, expecting: unknown): Understanding {
  const email = text.match(/[\w.+-]+@[\w.-]+\.\w+/g) ?? [];
  const orderNumbers = text.replace(/[\w.+-]+@[\w.-]+\.\w+/g, '').match(/\b\d{4}\b/g) ?? [];
  const head = /^([a-z_]+)(?:\+([a-z_]+))?(?:\/([a-z_]+))?:/.exec(text);
  const details = email.length + orderNumbers.length > 0;
  const intent = (head?.[1] as Intent | undefined) ?? (details ? (expecting ? 'provide_details' : 'order_status') : 'other');
  return {
    intent, alsoIntents: head?.[2] ? [head[2] as Intent] : [], problem: head?.[3] as ProblemKind | undefined, language: 'en',
    entities: { orderNumbers, emails: email, phones: [], postcodes: [] }, confidence: head || details ? 0.9 : 0.2, negative: false,
  };
}

describe('conversation engine: dialogue scripts', function () {
  let t: TestStore;
  let engine: ConversationEngine;

  before(async function () {
    t = await openTestStore();
    const orders = new OrderRepository(t.store.db);
    await orders.upsert(demoOrders().map((o) => orderSchema.parse(o)));
    const resolver: UnderstandingPort = { understand: (text, ctx) => understand(text, ctx.expecting) };
    const answers: AnswerPort = {
      message: (_lang, key) => `[${key}]`,
      order: (order, opts) => ({ text: `[order ${order.id} ${opts.focus}${opts.problem ? ` ${opts.problem}` : ''}]`, facts: { orderId: order.id, builtAt: opts.now.toISOString(), facts: [] }, suggestions: [] }),
      policy: (topic) => ({ text: `[policy ${topic}]` }),
    };
    const handoff: HandoffPort = { open: async () => ({ eta: { kind: 'open', withinHours: 2 } }), ownership: async () => ({ active: false, agentJoined: false }) };
    engine = new ConversationEngine({
      resolver, orders, verifier: new OrderVerifier(orders, new VerificationThrottle(t.store.db)), transcript: new TranscriptStore(t.store.db),
      answers, handoff, rules: (s) => handoffReason(s, { lateDays: 2, keywords: [] }), notifications: { subscribe: async () => {}, unsubscribe: async () => {} },
      shop: { name: 'Test Shop', timeZone: 'UTC' }, logger: createLogger('silent'),
    });
  });
  after(() => t?.cleanup());

  for (const [name, lines] of Object.entries(SCRIPTS)) {
    it(name, async () => {
      let memory: ConversationMemory = freshMemory();
      const conversationId = `dialogue-${name}`;
      for (const [shopper, expected] of lines) {
        const r = await engine.handle({ channel: 'webchat', conversationId, senderId: `u-${name}`, text: shopper, at: new Date() }, memory);
        memory = r.memory;
        expect(r.replies.map((x) => x.text).join(' '), `after "${shopper}"`).to.match(expected);
      }
    });
  }
});
