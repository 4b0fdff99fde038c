import { expect } from 'chai';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { demoOrders } from '../../src/app/demo-shop';
import { capDetails, OrderVerifier } from '../../src/linking/verifier';
import { VerificationThrottle, type Attempter } from '../../src/linking/throttle';
import { openTestStore, type TestStore } from '../helpers/db';

/**
 * The verifier on its own: the per-message budget, lists of guesses, and the throttle's
 * counters (conversation, identity, order, client address) in the database.
 * Order 1001: ana@example.com, +15125550101, ZIP 78701.
 */
describe('linking: verification with a budget and a throttle', function () {
  let t: TestStore;
  let verifier: OrderVerifier;
  let throttle: VerificationThrottle;
  let n = 0;
  const attempter = (client?: string): Attempter => ({ conversation: `conv-${++n}`, identity: `webchat:user-${n}`, client });
  const none = { emails: [], phones: [], postcodes: [] };

  before(async function () {
    t = await openTestStore();
    const orders = new OrderRepository(t.store.db);
    await orders.upsert(demoOrders().map((o) => orderSchema.parse(o)));
    throttle = new VerificationThrottle(t.store.db, { perConversation: 4, perIdentity: 4, perOrder: 5, perClient: 3, windowHours: 24 });
    verifier = new OrderVerifier(orders, throttle, 3);
  });
  after(() => t?.cleanup());

  it('caps the details of one attempt at the budget, in a fixed order', () => {
    const capped = capDetails({ emails: ['a@x.com', 'b@x.com'], phones: ['+15125550101'], postcodes: ['78701', '78702'] }, 3);
    expect(capped).to.deep.equal({ emails: ['a@x.com', 'b@x.com'], phones: ['+15125550101'], postcodes: [] });
  });

  it('verifies the right detail, and counts each wrong one beside it', async () => {
    const a = attempter();
    const ok = await verifier.attempt(a, [{ typed: '#1001', details: { emails: ['nobody@example.com'], phones: [], postcodes: ['78701'] } }], 2);
    expect(ok).to.deep.include({ kind: 'verified', orderId: '1001' });
    expect(await throttle.state(a)).to.equal('open');
    for (let i = 0; i < 3; i++) await verifier.attempt(a, [{ typed: '1002', details: { ...none, postcodes: ['00000'] } }], 1);
    expect(await verifier.attempterLocked(a)).to.equal(true);
  });

  it('one right value in a list of the same kind proves nothing', async () => {
    const outcome = await verifier.attempt(attempter(), [{ typed: '1001', details: { ...none, postcodes: ['78700', '78701', '78702'] } }], 3);
    expect(outcome.kind).to.equal('failed');
  });

  it('locks a guessed-at order for typed details, and an unknown number exactly alike', async () => {
    for (const typed of ['1003', '99123']) {
      const outcomes = [];
      for (let i = 0; i < 6; i++) outcomes.push((await verifier.attempt(attempter(), [{ typed, details: { ...none, postcodes: [`1111${i}`] } }], 1)).kind);
      expect(outcomes, typed).to.deep.equal(['failed', 'failed', 'failed', 'failed', 'failed', 'locked']);
    }
    const right = await verifier.attempt(attempter(), [{ typed: '1003', details: { ...none, emails: ['carla@example.com'] } }], 1);
    expect(right).to.deep.equal({ kind: 'locked', who: 'target' });
    // A proven identity is no guess: it still covers the order.
    expect(await verifier.coveredBy('1003', [{ email: 'carla@example.com' }])).to.equal('1003');
  });

  it('an email guessed at too often no longer verifies by typing', async () => {
    for (let i = 0; i < 4; i++) await verifier.attempt(attempter(), [{ typed: `8800${i}`, details: { ...none, emails: ['dmitri@example.com'] } }], 1);
    const right = await verifier.attempt(attempter(), [{ typed: '1004', details: { ...none, emails: ['dmitri@example.com'] } }], 1);
    expect(right.kind).to.equal('locked');
  });

  it('a phone guessed at too often no longer verifies by typing, also when typed beside the number without a label', async () => {
    // Dmitri's order 1004 has +12065550104; the others are US orders too, so the phone reads the same in each.
    for (const typed of ['1001', '1002', '1003', '1005']) await verifier.attempt(attempter(), [{ typed, details: { ...none, unlabelled: ['206 555 0104'] } }], 1);
    const right = await verifier.attempt(attempter(), [{ typed: '1004', details: { ...none, unlabelled: ['206 555 0104'] } }], 1);
    expect(right).to.deep.equal({ kind: 'locked', who: 'target' });
  });

  it('a postcode typed beside the number is never counted as a phone, however often shoppers sharing it mistype', async () => {
    // Berlin's "10119" is also a valid German phone number: counted as one, it would lock out everyone who lives there.
    const berlin = (id: string, postalCode: string) => orderSchema.parse({
      ...demoOrders()[0], id, customer: { name: 'Jonas Berg', email: `${id}@example.de`, locale: 'de-DE' },
      shippingAddress: { line1: 'Torstr. 1', city: 'Berlin', postalCode, country: 'DE' },
    });
    await new OrderRepository(t.store.db).upsert([berlin('DE-1', '10119'), ...['DE-2', 'DE-3', 'DE-4', 'DE-5', 'DE-6'].map((id) => berlin(id, '10115'))]);
    for (const typed of ['DE-2', 'DE-3', 'DE-4', 'DE-5', 'DE-6']) await verifier.attempt(attempter(), [{ typed, details: { ...none, unlabelled: ['10119'] } }], 1);
    expect(await verifier.attempt(attempter(), [{ typed: 'DE-1', details: { ...none, unlabelled: ['10119'] } }], 1)).to.deep.include({ kind: 'verified', orderId: 'DE-1' });
  });

  it('a busy client address leaves a conversation one attempt, never none', async () => {
    const client = '203.0.113.99';
    for (let i = 0; i < 3; i++) await verifier.attempt(attempter(client), [{ typed: `7700${i}`, details: { ...none, postcodes: ['00001'] } }], 1);
    const fresh = attempter(client);
    expect(await verifier.attempterLocked(fresh)).to.equal(false);
    const ok = await verifier.attempt(fresh, [{ typed: '1005', details: { ...none, emails: ['elena@example.com'] } }], 1);
    expect(ok.kind).to.equal('verified');
    const unlucky = attempter(client);
    await verifier.attempt(unlucky, [{ typed: '1006', details: { ...none, postcodes: ['00001'] } }], 1);
    expect(await verifier.attempterLocked(unlucky)).to.equal(true);
  });

  it('a message over the budget counts as the budget\'s worth of failures', async () => {
    const a = attempter();
    await verifier.overBudget(a, ['1007'], { ...none, postcodes: ['1', '2', '3', '4', '5'] });
    expect(await verifier.attempterLocked(a)).to.equal(false);
    await verifier.attempt(a, [{ typed: '1007', details: { ...none, postcodes: ['00000'] } }], 1);
    expect(await verifier.attempterLocked(a)).to.equal(true);
  });
});
