import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/db';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { OrderVerifier } from '../../src/linking/verifier';
import { VerificationThrottle } from '../../src/linking/throttle';
import { TranscriptStore } from '../../src/conversation/transcript';
import { ConversationEngine } from '../../src/conversation/engine';
import { freshMemory, type ConversationMemory, type OutboundReply } from '../../src/conversation/types';
import type { AnswerPort, HandoffPort, UnderstandingPort } from '../../src/conversation/ports';
import type { Intent, Understanding } from '../../src/resolver/types';
import { createLogger } from '../../src/log/logger';
import { demoOrders } from '../../src/app/demo-shop';
import { handoffReason } from '../../src/handoff/rules';

/**
 * The engine's linking and disclosure rules, with a scripted resolver and answer port so
 * that only the engine's decisions are under test (the real resolver and answers have their own tests).
 */
const scripted: UnderstandingPort = {
  understand(text, ctx): Understanding {
    const emails = text.match(/[\w.+-]+@[\w.-]+\.\w+/g)?.map((e) => e.toLowerCase()) ?? [];
    const phones = text.match(/\+\d{8,15}/g) ?? [];
    const postcodes = /zip (\d{5})/.exec(text)?.slice(1) ?? [];
    const orderNumbers = (text.replace(/[\w.+-]+@[\w.-]+\.\w+|\+\d+|zip \d{5}/g, '').match(/#?\b(?:SH-)?\d{4}\b/g) ?? []).map((n) => n.replace('#', ''));
    const intentWord = /^(\w+):/.exec(text)?.[1] as Intent | undefined;
    const detailsOnly = !intentWord && (orderNumbers.length + emails.length + phones.length + postcodes.length > 0);
    const intent: Intent = intentWord ?? (detailsOnly ? (ctx.expecting ? 'provide_details' : 'order_status') : 'other');
    return { intent, alsoIntents: [], language: 'en', entities: { orderNumbers, emails, phones, postcodes }, confidence: intentWord || detailsOnly ? 0.9 : 0.2, negative: false };
  },
};

const answers: AnswerPort = {
  message: (lang, key, params) => `[${key}]${JSON.stringify(params)}`,
  order: (order, opts) => ({
    text: `[order ${order.id} ${opts.focus}] ${order.shipments.map((s) => s.trackingNumber).join(',')}`,
    facts: { orderId: order.id, builtAt: opts.now.toISOString(), facts: [{ key: 'status', value: order.shipments[0]?.status ?? 'unfulfilled', source: 'order' }] },
    handoffReason: order.shipments.some((s) => s.status === 'exception') ? 'carrier_exception' : undefined,
    suggestions: [],
  }),
  policy: (topic) => ({ text: `[policy ${topic}]` }),
};

describe('conversation engine: linking and disclosure', function () {
  let store: Store;
  let engine: ConversationEngine;
  let transcript: TranscriptStore;
  const handoffs: string[] = [];
  let conversation = 0;

  before(async function () {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-engine-'));
    store = await openStore({ url: 'pglite://memory', dataDir });
    const orders = new OrderRepository(store.db);
    await orders.upsert(demoOrders().map((o) => orderSchema.parse(o)));
    const vip = { ...demoOrders().find((o) => o.id === '1002')!, id: '7001', total: { amount: 900, currency: 'USD' }, customer: { name: 'Vic Ip', email: 'vip@example.com' } };
    await orders.upsert([orderSchema.parse(vip)]);
    transcript = new TranscriptStore(store.db);
    const owned = new Set<string>();
    const handoff: HandoffPort = {
      open: async (r) => (handoffs.push(r.reason), owned.add(r.conversationKey), { eta: { kind: 'open', withinHours: 2 } }),
      ownership: async (key) => ({ active: owned.has(key), agentJoined: false }),
    };
    engine = new ConversationEngine({
      resolver: scripted, orders, verifier: new OrderVerifier(orders, new VerificationThrottle(store.db)), transcript,
      answers, handoff, rules: (s) => handoffReason(s, { lateDays: 2, keywords: ['chargeback'], orderValueOver: 500 }), notifications: { subscribe: async () => {}, unsubscribe: async () => {} }, shop: { name: 'Test Shop', timeZone: 'UTC' }, logger: createLogger('silent'),
    });
  });
  after(async () => store.close());

  /** A conversation: send texts one by one, keeping memory like the bot's state would. */
  function chat(sender = `user-${++conversation}`) {
    let memory: ConversationMemory = freshMemory();
    const id = `conv-${conversation}-${Math.random()}`;
    return {
      id,
      async say(text: string): Promise<OutboundReply[]> {
        const r = await engine.handle({ channel: 'webchat', conversationId: id, senderId: sender, text, at: new Date() }, memory);
        memory = r.memory;
        return r.replies;
      },
      get memory() { return memory; },
    };
  }
  const texts = (rs: OutboundReply[]) => rs.map((r) => r.text).join('\n');

  it('asks for details before telling anything, then answers once verified', async () => {
    const c = chat();
    let r = await c.say('order_status: where is 1001?');
    expect(texts(r)).to.match(/^\[ask_verification\]/);
    expect(texts(r)).not.to.contain('1Z999AA10123456784');
    expect(r[0].wismo.orderId).to.equal(undefined);
    r = await c.say('ana@example.com');
    expect(r[0].wismo).to.include({ intent: 'provide_details', orderId: '1001', handoff: false });
    expect(texts(r)).to.contain('1Z999AA10123456784');
  });

  it('gives the same reply for a wrong email, a wrong number and a missing order', async () => {
    const replies = [];
    for (const text of ['where 1001 ben@example.com', 'where 9999 ana@example.com', 'where 1002 ana@example.com']) {
      replies.push(texts(await chat().say(text)));
    }
    expect(replies[0]).to.equal('[verification_failed]{}');
    expect(new Set(replies).size).to.equal(1);
  });

  it('an email alone verifies nothing and lists no orders', async () => {
    const c = chat();
    const r = await c.say('order_status: lena@example.com');
    expect(texts(r)).to.match(/^\[ask_order_number_for_details\]/);
    expect(texts(r)).not.to.match(/1012|1013/);
    const r2 = await c.say('1013');
    expect(r2[0].wismo.orderId).to.equal('1013');
  });

  it('a verified identity links the same shopper\'s other order, but not someone else\'s', async () => {
    const c = chat();
    await c.say('1012 lena@example.com');
    expect(c.memory.linkedOrderId).to.equal('1012');
    const mine = await c.say('order_status: and 1013?');
    expect(mine[0].wismo.orderId).to.equal('1013');
    const other = await c.say('order_status: and 1001?');
    expect(texts(other)).to.match(/^\[other_order_needs_verification\]/);
    expect(texts(other)).not.to.contain('1Z999AA10123456784');
    expect(other[0].wismo.orderId).to.equal('1013');
  });

  it('asks which order when a proven identity has several open orders, listing only numbers and dates', async () => {
    const c = chat();
    let memory: ConversationMemory = freshMemory();
    const r = await engine.handle({ channel: 'sms', conversationId: 'sms-1', senderId: '+13125550112', text: 'order_status: where is my stuff', at: new Date(), proven: { phone: '+13125550112' } }, memory);
    memory = r.memory;
    expect(r.replies[0].text).to.match(/^\[choose_order\]/);
    expect(r.replies[0].text).to.match(/1012/).and.to.match(/1013/);
    expect(r.replies[0].text).not.to.match(/9400111899223100552211|Terracotta|Wacker/);
    const r2 = await engine.handle({ channel: 'sms', conversationId: 'sms-1', senderId: '+13125550112', text: '1012', at: new Date(), proven: { phone: '+13125550112' } }, memory);
    expect(r2.replies[0].wismo.orderId).to.equal('1012');
    void c;
  });

  it('hands over after 4 failed attempts in a conversation and then only acknowledges', async () => {
    const c = chat();
    for (const n of ['1002', '1003', '1004']) {
      const r = await c.say(`${n} nobody@example.com`);
      expect(texts(r)).to.equal('[verification_failed]{}');
    }
    const fourth = await c.say('1005 nobody@example.com');
    expect(fourth.at(-1)!.wismo.handoff).to.equal(true);
    expect(handoffs).to.include('verification_lockout');
    const after = await c.say('1001 ana@example.com');
    expect(texts(after)).to.equal('[handoff_waiting]{}');
    expect(after[0].wismo.orderId).to.equal(undefined);
  });

  it('throttles one sender across conversations within 24 hours', async () => {
    const sender = `attacker-${Date.now()}`;
    for (let i = 0; i < 4; i++) await chat(sender).say(`100${i + 1} wrong${i}@example.com`);
    const fresh = chat(sender);
    const r = await fresh.say('1001 ana@example.com');
    expect(r.at(-1)!.wismo.handoff).to.equal(true);
    expect(r.every((x) => x.wismo.orderId === undefined)).to.equal(true);
  });

  it('a corrected typo on an early attempt still links', async () => {
    const c = chat();
    await c.say('1001 ana@exampel.com');
    const r = await c.say('ana@example.com');
    expect(r[0].wismo.orderId).to.equal('1001');
  });

  it('a corrected order number after a failed attempt is tried with the details given then', async () => {
    const c = chat();
    expect(texts(await c.say('1011 ana@example.com'))).to.equal('[verification_failed]{}');
    const r = await c.say('sorry, i meant 1001');
    expect(r[0].wismo.orderId).to.equal('1001');
    expect(texts(r)).to.contain('1Z999AA10123456784');
  });

  it('details with a vague message linking a new order answer where it is', async () => {
    const c = chat();
    await c.say('1012 lena@example.com');
    const r = await c.say('other: and what about 1013');
    expect(r[0].wismo.orderId).to.equal('1013');
    expect(texts(r)).to.match(/^\[order 1013 status\]/);
  });

  it('merchant rules: an order above HANDOFF_ORDER_VALUE_OVER and a merchant keyword bring a person in', async () => {
    const c = chat();
    const r = await c.say('7001 vip@example.com');
    expect(r[0].text).to.match(/^\[order 7001 status\]/);
    expect(r.at(-1)!.wismo.handoff).to.equal(true);
    expect(handoffs.at(-1)).to.equal('high_value');
    const k = await chat().say('other: I will file a chargeback with my bank');
    expect(k.at(-1)!.wismo.handoff).to.equal(true);
    expect(handoffs.at(-1)).to.equal('merchant_keyword');
  });

  it('hands over on a carrier exception after answering', async () => {
    const c = chat();
    const r = await c.say('1009 ivan@example.com');
    expect(texts(r)).to.contain('4023918856');
    expect(r.at(-1)!.wismo.handoff).to.equal(true);
  });

  it('records the transcript with the fact sheet of each answer', async () => {
    const c = chat();
    await c.say('1001 ana@example.com');
    const entries = await transcript.transcript(TranscriptStore.key('webchat', c.id));
    expect(entries.map((e) => e.direction)).to.deep.equal(['in', 'out']);
    expect(entries[1].facts?.orderId).to.equal('1001');
    expect(entries[0].intent).to.equal('order_status');
  });
});
