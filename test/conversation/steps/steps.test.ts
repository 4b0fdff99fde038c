import { expect } from 'chai';
import type { EngineDeps } from '../../../src/conversation/deps';
import type { AnswerPort, HandoffPort } from '../../../src/conversation/ports';
import { Turn } from '../../../src/conversation/turn';
import { freshMemory, type InboundMessage } from '../../../src/conversation/types';
import { understand } from '../../../src/conversation/steps/understand';
import { link } from '../../../src/conversation/steps/link';
import { answer } from '../../../src/conversation/steps/answer';
import { handOff, syncOwnership } from '../../../src/conversation/steps/handoff';
import type { Understanding } from '../../../src/resolver/types';
import type { VerificationPort } from '../../../src/conversation/ports';
import { createLogger } from '../../../src/log/logger';
import { handoffReason } from '../../../src/handoff/rules';

/** Each step of a turn on its own, with stand-in ports (the whole engine: dialogue.test.ts and engine.test.ts). */
const reading = (over: Partial<Understanding> = {}): Understanding => ({
  intent: 'other', alsoIntents: [], language: 'en', confidence: 0.9, negative: false,
  entities: { orderNumbers: [], emails: [], phones: [], postcodes: [] }, ...over,
});

const answers: AnswerPort = {
  message: (_lang, key) => `[${key}]`,
  order: (order, opts) => ({ text: `[order ${order.id} ${opts.focus}]`, facts: { orderId: order.id, builtAt: opts.now.toISOString(), facts: [] }, suggestions: [] }),
  policy: (topic) => ({ text: `[policy ${topic}]` }),
};

function turnWith(u: Understanding, text = 'hello', over: Partial<EngineDeps> = {}, locale?: string): Turn {
  const opened: unknown[] = [];
  const handoff: HandoffPort = {
    open: async (request) => (opened.push(request), { eta: { kind: 'open', withinHours: 2 }, caseId: 7 }),
    ownership: async () => ({ active: false, agentJoined: false }),
  };
  const deps = {
    resolver: { understand: () => u },
    answers, handoff,
    rules: (s) => handoffReason(s, { lateDays: 2, keywords: [] }),
    notifications: { subscribe: async () => {}, unsubscribe: async () => {} },
    shop: { name: 'Test Shop', timeZone: 'UTC' },
    logger: createLogger('silent'),
    clock: () => new Date('2030-01-02T10:00:00Z'),
    ...over,
  } as EngineDeps;
  const msg: InboundMessage = { channel: 'webchat', conversationId: 'c1', senderId: 'u1', text, locale, at: new Date() };
  return new Turn(deps, msg, freshMemory());
}

describe('conversation steps, each alone', () => {
  it('understand: intent, reply language and regional words, and the notice of a cut message', async () => {
    const turn = turnWith(reading({ intent: 'order_status', language: 'pt' }), 'cadê meu pedido?');
    await understand(turn, 2000);
    expect([turn.intent, turn.lang, turn.memory.language, turn.memory.variant]).to.deep.equal(['order_status', 'pt', 'pt', 'pt-BR']);
    expect(turn.replies.map((r) => r.text)).to.deep.equal(['[message_truncated]']);
  });

  it('link: an order number without a detail asks for one and waits for verification', async () => {
    const verifier = { budget: 3, coveredBy: async () => undefined, attempterLocked: async () => false } as unknown as VerificationPort;
    const turn = turnWith(reading({ intent: 'order_status', entities: { orderNumbers: ['1001'], emails: [], phones: [], postcodes: [] } }), 'where is 1001', { verifier });
    await understand(turn);
    expect(await link(turn)).to.equal('stop');
    expect(turn.memory).to.include({ pendingOrder: '1001', expecting: 'verification' });
    expect(turn.memory.goal?.intent).to.equal('order_status');
    expect(turn.replies.map((r) => r.text)).to.deep.equal(['[ask_verification]']);
  });

  it('link: a verified attempt links the conversation and lets the answer follow', async () => {
    const verifier = {
      budget: 3, coveredBy: async () => undefined, attempterLocked: async () => false,
      attempt: async () => ({ kind: 'verified', orderId: '1001', identity: { email: 'ana@example.com' } }),
    } as unknown as VerificationPort;
    const turn = turnWith(reading({ intent: 'order_status', entities: { orderNumbers: ['1001'], emails: ['ana@example.com'], phones: [], postcodes: [] } }), 'x', { verifier });
    await understand(turn);
    expect(await link(turn)).to.equal('continue');
    expect(turn.memory.linkedOrderId).to.equal('1001');
    expect(turn.linkedNow).to.equal(true);
  });

  it('answer: a policy question without an order is answered from the knowledge; an unclear one is rephrased', async () => {
    const policy = turnWith(reading({ intent: 'shipping_policy' }));
    await understand(policy);
    await answer(policy);
    expect(policy.replies.map((r) => r.text)).to.deep.equal(['[policy shipping_policy]']);
    const unclear = turnWith(reading({ intent: 'other', confidence: 0.2 }));
    await understand(unclear);
    await answer(unclear);
    expect(unclear.replies.map((r) => r.text)).to.deep.equal(['[fallback_rephrase]']);
    expect(unclear.memory.misunderstood).to.equal(1);
  });

  it('hand off: a case opened with the order and the reason; every reply of the turn says handoff', async () => {
    const turn = turnWith(reading({ intent: 'human_agent' }));
    await understand(turn);
    turn.say('greeting', { shopName: 'Test Shop' });
    await handOff(turn, 'requested', false);
    expect(turn.memory.handoff).to.include({ active: true, reason: 'requested', caseId: 7 });
    expect(turn.replies.map((r) => r.wismo.handoff)).to.deep.equal([true, true]);
    expect(turn.replies[1].text).to.equal('[handoff_created]');
  });

  it('ownership: a case people closed since the last turn gives the conversation back, forgetting the dialogue but not the verification', async () => {
    const turn = turnWith(reading());
    Object.assign(turn.memory, { everHandedOff: true, handoff: { active: true, reason: 'requested', since: '2030-01-01T00:00:00Z', agentJoined: true }, goal: { intent: 'returns' }, verifiedOrderIds: ['1001'] });
    await syncOwnership(turn);
    expect(turn.memory.handoff).to.equal(undefined);
    expect(turn.memory.goal).to.equal(undefined);
    expect(turn.memory.verifiedOrderIds).to.deep.equal(['1001']);
  });
});
