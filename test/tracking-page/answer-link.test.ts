import { expect } from 'chai';
import { openStore, type Store } from '../../src/store/db';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { OrderVerifier } from '../../src/linking/verifier';
import { VerificationThrottle } from '../../src/linking/throttle';
import { TranscriptStore } from '../../src/conversation/transcript';
import { ConversationEngine } from '../../src/conversation/engine';
import { freshMemory, type ConversationMemory, type InboundMessage, type OutboundReply } from '../../src/conversation/types';
import type { AnswerPort, UnderstandingPort } from '../../src/conversation/ports';
import type { Intent } from '../../src/resolver/types';
import { createLogger } from '../../src/log/logger';
import { demoOrders } from '../../src/app/demo-shop';
import { handoffReason } from '../../src/handoff/rules';
import { tempDir } from '../helpers/db';

/** "intent: text" picks the intent; order numbers and emails are read plainly. */
const scripted: UnderstandingPort = {
  understand(text, ctx) {
    const emails = text.match(/[\w.+-]+@[\w.-]+\.\w+/g) ?? [];
    const orderNumbers = text.replace(/[\w.+-]+@[\w.-]+\.\w+/g, '').match(/\b\d{4}\b/g) ?? [];
    const word = /^(\w+):/.exec(text)?.[1] as Intent | undefined;
    const intent: Intent = word ?? (emails.length + orderNumbers.length > 0 ? (ctx.expecting ? 'provide_details' : 'order_status') : 'other');
    return { intent, alsoIntents: [], language: 'en', entities: { orderNumbers, emails, phones: [], postcodes: [] }, confidence: 0.9, negative: false };
  },
};

const answers: AnswerPort = {
  message: (_lang, key) => `[${key}]`,
  order: (order, opts) => ({ text: `[order ${order.id} ${opts.focus}]`, facts: { orderId: order.id, builtAt: opts.now.toISOString(), facts: [] }, suggestions: [] }),
  policy: (topic) => ({ text: `[policy ${topic}]` }),
  trackingPageLink: (orderId, lang) => `[page ${orderId} ${lang}]`,
};

describe('tracking page: the link in order answers, and a conversation the channel starts verified', function () {
  this.timeout(30_000);
  let store: Store;
  let engine: ConversationEngine;
  let n = 0;

  before(async () => {
    store = await openStore({ url: 'pglite://memory', dataDir: tempDir() });
    const orders = new OrderRepository(store.db);
    await orders.upsert(demoOrders().map((o) => orderSchema.parse(o)));
    engine = new ConversationEngine({
      resolver: scripted, orders, verifier: new OrderVerifier(orders, new VerificationThrottle(store.db)), transcript: new TranscriptStore(store.db), answers,
      handoff: { open: async () => ({ eta: { kind: 'open', withinHours: 2 } }), ownership: async () => ({ active: false, agentJoined: false }) },
      rules: (s) => handoffReason(s, { lateDays: 2, keywords: [] }), notifications: { subscribe: async () => {}, unsubscribe: async () => {} },
      shop: { name: 'Test Shop', timeZone: 'UTC' }, logger: createLogger('silent'),
    });
  });
  after(async () => store.close());

  function chat(extra: Partial<InboundMessage> = {}) {
    let memory: ConversationMemory = freshMemory();
    const id = `conv-${++n}`;
    return {
      async say(text: string): Promise<string> {
        const r = await engine.handle({ channel: 'webchat', conversationId: id, senderId: `user-${n}`, text, at: new Date(), ...extra }, memory);
        memory = r.memory;
        return r.replies.map((x: OutboundReply) => x.text).join('\n');
      },
      get memory() { return memory; },
    };
  }

  it('a verified order answer ends with the page link; nothing before verification has one', async () => {
    const c = chat();
    const asked = await c.say('order_status: where is 1001?');
    expect(asked).to.equal('[ask_verification]');
    const answered = await c.say('ana@example.com');
    expect(answered).to.equal('[order 1001 status]\n[page 1001 en]');
    // Every focus of a verified order's answer ends with it.
    expect(await c.say('returns: can I send it back?')).to.equal('[order 1001 returns]\n[page 1001 en]');
    // Another order is not linked until verified: no answer, no link.
    expect(await c.say('order_status: and 1002?')).to.equal('[other_order_needs_verification]');
  });

  it('voice gets no link: it cannot be spoken', async () => {
    const c = chat({ channel: 'voice' });
    await c.say('order_status: where is 1001?');
    expect(await c.say('ana@example.com')).to.equal('[order 1001 status]');
  });

  it('a conversation the channel vouches for (the tracking page\'s chat) is linked from its first message, without any detail', async () => {
    const c = chat({ verifiedOrderId: '1001' });
    // A greeting stays a greeting, but the order is already linked.
    expect(await c.say('greeting: hi')).to.equal('[greeting]');
    expect(c.memory.linkedOrderId).to.equal('1001');
    expect(c.memory.verifiedOrderIds).to.deep.equal(['1001']);
    expect(await c.say('order_status: where is my order?')).to.equal('[order 1001 status]\n[page 1001 en]');
    // Another order still needs its own details.
    expect(await c.say('order_status: where is 1002?')).to.equal('[other_order_needs_verification]');
    expect(await c.say('ben@example.com')).to.equal('[order 1002 status]\n[page 1002 en]');
    // Vouching does not pull the conversation back to the first order.
    expect(await c.say('order_status: where is it now?')).to.equal('[order 1002 status]\n[page 1002 en]');
  });

  it('without the channel\'s word, the same question asks for the order', async () => {
    const c = chat();
    expect(await c.say('order_status: where is my order?')).to.equal('[ask_order_number]');
    expect(c.memory.linkedOrderId).to.equal(undefined);
  });
});
