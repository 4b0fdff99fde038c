import { expect } from 'chai';
import { openTestStore, type TestStore } from '../helpers/db';
import { OrderRepository } from '../../src/orders/repository';
import { InsightsQueries, type InsightQuery } from '../../src/insights/measures';
import { cases, conversations, messages, proactiveNotices } from '../../src/store/schema';
import type { OrderInput } from '../../src/orders/contract';

const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

function order(id: string): OrderInput {
  return {
    id, placedAt: '2026-11-01T10:00:00Z', status: 'open', customer: { name: 'Ana Lima', email: `ana.${id}@example.com` },
    shippingAddress: { line1: '1 Lake Rd', city: 'Boise', postalCode: '83702', country: 'US' }, items: [{ sku: 'MUG', name: 'Mug', quantity: 1 }], shipments: [],
  } as OrderInput;
}

type Line = { dir: 'in' | 'out'; ms: number; intent?: string; kind?: string; stage?: string; text?: string };

/**
 * A small fixture whose every figure is counted by hand (see the comments), so each measure's
 * SQL is checked against its README definition.
 */
describe('insights: measures against hand-computed values', function () {
  this.timeout(60_000);
  let t: TestStore;
  let insights: InsightsQueries;
  const query = (over: Partial<InsightQuery> = {}): InsightQuery => ({
    from: new Date('2026-11-01T04:00:00Z'), to: new Date('2026-12-01T05:00:00Z'), groupBy: 'channel', timeZone: 'America/New_York', costPerContact: 12, ...over,
  });

  async function conversation(id: string, channel: string, language: string, start: string, linked: string | null, lines: Line[]) {
    await t.store.db.insert(conversations).values({ id, channel, senderId: `s-${id}`, linkedOrderId: linked, language: language as never, createdAt: at(start), updatedAt: at(start) });
    for (const l of lines) {
      await t.store.db.insert(messages).values({
        conversationId: id, direction: l.dir, channel, senderId: `s-${id}`, text: l.text ?? (l.dir === 'in' ? 'where is it?' : 'answer'),
        intent: (l.intent ?? null) as never, orderId: linked, language: language as never, replyKind: l.kind ?? null, orderStage: (l.stage ?? null) as never, createdAt: at(start, l.ms),
      });
    }
  }

  before(async () => {
    t = await openTestStore();
    insights = new InsightsQueries(t.store.db);
    await new OrderRepository(t.store.db).upsert(['O1', 'O2', 'O3'].map(order));
    // C1: order O1, answered in 200 ms (pre-shipment); followed by C3 about O1 48 h later: not an automated resolution.
    await conversation('webchat:C1', 'webchat', 'en', '2026-11-10T15:00:00Z', 'O1', [
      { dir: 'in', ms: 0, intent: 'order_status' }, { dir: 'out', ms: 200, intent: 'order_status', kind: 'order_answer', stage: 'pre_shipment' },
    ]);
    // C2: order O2 after a verification question, answered in 300 ms; handed over (delivery problem).
    await conversation('sms:C2', 'sms', 'es', '2026-11-10T16:00:00Z', 'O2', [
      { dir: 'in', ms: 0, intent: 'delivery_problem' }, { dir: 'out', ms: 300, kind: 'ask_verification' },
      { dir: 'in', ms: 5000, intent: 'provide_details' }, { dir: 'out', ms: 5300, kind: 'order_answer', stage: 'in_transit' },
    ]);
    // C3: O1 again, 48 h after C1 (a repeat contact); answered in 400 ms (delivered); no handoff, nothing after: automated.
    await conversation('webchat:C3', 'webchat', 'en', '2026-11-12T15:00:00Z', 'O1', [
      { dir: 'in', ms: 0, intent: 'greeting' }, { dir: 'out', ms: 400, kind: 'greeting' },
      { dir: 'in', ms: 2000, intent: 'order_status' }, { dir: 'out', ms: 2400, kind: 'order_answer', stage: 'delivered' },
    ]);
    // C4: not understood twice (one group of words), answered in 100 ms; about no order.
    await conversation('webchat:C4', 'webchat', 'fr', '2026-11-11T15:00:00Z', null, [
      { dir: 'in', ms: 0, intent: 'other', text: 'Vous vendez des cartes cadeaux ?' }, { dir: 'out', ms: 100, kind: 'fallback_rephrase' },
      { dir: 'in', ms: 9000, intent: 'other', text: 'vous vendez des cartes-cadeaux?' }, { dir: 'out', ms: 9100, kind: 'fallback_offer_human' },
    ]);
    // C5: WISMO, verification failed then locked (500 ms to the first answer), handed over: a lockout.
    await conversation('whatsapp:C5', 'whatsapp', 'en', '2026-11-13T15:00:00Z', null, [
      { dir: 'in', ms: 0, intent: 'order_status' }, { dir: 'out', ms: 500, kind: 'ask_verification' },
      { dir: 'in', ms: 3000, intent: 'provide_details' }, { dir: 'out', ms: 3100, kind: 'verification_failed' },
      { dir: 'in', ms: 6000, intent: 'provide_details' }, { dir: 'out', ms: 6100, kind: 'verification_locked' },
    ]);
    // C6: October, outside the period.
    await conversation('webchat:C6', 'webchat', 'en', '2026-10-20T15:00:00Z', 'O3', [{ dir: 'in', ms: 0, intent: 'order_status' }]);
    await t.store.db.insert(cases).values([
      { conversationKey: 'sms:C2', channel: 'sms', senderId: 's-sms:C2', orderId: 'O2', reason: 'delivery_problem', language: 'es', createdAt: at('2026-11-10T16:00:06Z') },
      { conversationKey: 'whatsapp:C5', channel: 'whatsapp', senderId: 's-whatsapp:C5', reason: 'verification_lockout', language: 'en', createdAt: at('2026-11-13T15:00:07Z') },
    ]);
    // Notices: O1 and O3 told (O1's shopper came back within 7 days: C1; O3's did not); O2 held out, and came back (C2).
    await t.store.db.insert(proactiveNotices).values([
      { orderId: 'O1', kind: 'ship_by_passed', detectedAt: at('2026-11-09T14:00:00Z'), state: 'sent', sentAt: at('2026-11-09T14:00:00Z'), channel: 'sms' },
      { orderId: 'O3', kind: 'stale', detectedAt: at('2026-11-09T14:00:00Z'), state: 'sent', sentAt: at('2026-11-09T15:00:00Z'), channel: 'email' },
      { orderId: 'O2', kind: 'ship_by_passed', detectedAt: at('2026-11-09T14:00:00Z'), state: 'suppressed', reason: 'holdout' },
    ]);
  });
  after(() => t?.cleanup());

  it('totals of the month', async () => {
    const r = await insights.compute(query());
    expect(r.totals).to.deep.equal({
      conversations: 5,                  // C1-C5 (C6 is October)
      wismoConversations: 4,             // C1, C2, C3, C5
      wismoShare: 0.8,
      orderConversations: 3,             // linked: C1, C2, C3
      automatedResolutions: 1,           // C3 (C1 has a repeat within 72 h, C2 was handed over)
      automatedResolutionRate: 0.3333,
      handoffs: 2,                       // C2, C5
      handoffRate: 0.4,
      verificationNeeded: 4,             // C1, C3 (linked), C2 (asked, linked), C5 (asked)
      verified: 3,
      verificationSuccessRate: 0.75,
      lockouts: 1,                       // C5
      preShipmentQuestions: 1,
      inTransitQuestions: 1,
      deliveredQuestions: 1,
      medianFirstAnswerMs: 300,          // 100, 200, 300, 400, 500
      p90FirstAnswerMs: 460,             // interpolated between 400 and 500
      repeatContacts: 1,                 // C3
      estimatedSaving: 12,               // 1 x 12
    });
    expect(r.handoffReasons).to.deep.equal([
      { reason: 'delivery_problem', count: 1, caseIds: [r.handoffReasons[0].caseIds[0]] },
      { reason: 'verification_lockout', count: 1, caseIds: [r.handoffReasons[1].caseIds[0]] },
    ]);
    expect(r.unanswered).to.have.length(1);
    expect(r.unanswered[0]).to.deep.include({ count: 2, text: 'vous vendez des cartes-cadeaux?', conversationIds: ['webchat:C4'] });
    expect(r.notices).to.deep.equal({ sent: 2, notified: { orders: 2, contacted: 1, rate: 0.5 }, holdout: { orders: 1, contacted: 1, rate: 1 } });
  });

  it('by channel, language, intent and day', async () => {
    const byChannel = Object.fromEntries((await insights.compute(query({ groupBy: 'channel' }))).groups.map((g) => [g.key, g.measures]));
    expect(Object.keys(byChannel)).to.deep.equal(['sms', 'webchat', 'whatsapp']);
    expect(byChannel.webchat).to.deep.include({ conversations: 3, wismoConversations: 2, orderConversations: 2, automatedResolutions: 1, handoffs: 0, medianFirstAnswerMs: 200 });
    expect(byChannel.sms).to.deep.include({ conversations: 1, handoffs: 1, handoffRate: 1, inTransitQuestions: 1 });

    const byLanguage = Object.fromEntries((await insights.compute(query({ groupBy: 'language' }))).groups.map((g) => [g.key, g.measures.conversations]));
    expect(byLanguage).to.deep.equal({ en: 3, es: 1, fr: 1 });

    // A conversation's intent is its first shopper intent that says what it is about (C3 opens with a greeting).
    const byIntent = Object.fromEntries((await insights.compute(query({ groupBy: 'intent' }))).groups.map((g) => [g.key, g.measures.conversations]));
    expect(byIntent).to.deep.equal({ delivery_problem: 1, order_status: 3, other: 1 });

    // Days of the shop (New York).
    const byDay = (await insights.compute(query({ groupBy: 'day' }))).groups.map((g) => [g.key, g.measures.conversations]);
    expect(byDay).to.deep.equal([['2026-11-10', 2], ['2026-11-11', 1], ['2026-11-12', 1], ['2026-11-13', 1]]);
  });

  it('filters by channel and language', async () => {
    const webchat = await insights.compute(query({ channel: 'webchat' }));
    expect(webchat.totals).to.deep.include({ conversations: 3, handoffs: 0 });
    expect(webchat.handoffReasons).to.deep.equal([]);
    const es = await insights.compute(query({ language: 'es' }));
    expect(es.totals).to.deep.include({ conversations: 1, handoffs: 1 });
    expect(es.unanswered).to.deep.equal([]);
  });

  it('an empty period is zeros and no rates', async () => {
    const r = await insights.compute(query({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') }));
    expect(r.totals).to.deep.include({ conversations: 0, wismoShare: null, automatedResolutionRate: null, medianFirstAnswerMs: null, estimatedSaving: 0 });
    expect(r.groups).to.deep.equal([]);
  });
});
