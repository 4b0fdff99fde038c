import { expect } from 'chai';
import type { HandoffReason } from '../../src/vocabulary';
import { handoffFixture, factSheet, seedConversation, type HandoffFixture } from '../helpers/handoff-fixture';
import { CaseClosed, DeliveryFailed } from '../../src/handoff/service';
import type { PGlite } from '@electric-sql/pglite';
import { PgliteTurnLock } from '../../src/store/turn-lock';

const H = 3_600_000;

describe('handoff cases and ownership', function () {
  let f: HandoffFixture;

  before(async function () {
    f = await handoffFixture({ CASE_REOPEN_HOURS: 48 });
  });
  after(async function () {
    await f?.close();
  });

  // Outside a turn the case opens at once, so its id is known.
  const open = async (key: string, reason: HandoffReason = 'delivery_problem', extra: Record<string, unknown> = {}) => {
    const opened = await f.handoff.service.open({ conversationKey: key, channel: 'webchat', reason, lang: 'es', orderId: '1001', now: f.clock.now(), problem: 'damaged', ...extra });
    return { ...opened, caseId: opened.caseId! };
  };

  it('creates a case with priority, a template summary and the latest fact sheet', async function () {
    const conv = await seedConversation(f, { orderId: '1001', facts: factSheet('1001') });
    const { caseId, eta } = await open(conv.key);
    expect(eta).to.deep.equal({ kind: 'open', withinHours: 2 }); // Tuesday 15:00 UTC, mon-fri 09-17
    const c = (await f.handoff.cases.get(caseId))!;
    expect(c).to.include({ conversationKey: conv.key, channel: 'webchat', senderId: conv.senderId, orderId: '1001', reason: 'delivery_problem', language: 'es', priority: 'high', status: 'open' });
    expect(c.summary).to.equal('Delivery problem (damaged) on order 1001 via webchat, language es; the bot told: status delivered, delivered at 2026-11-23, carrier ups');
    expect(c.facts).to.deep.equal(factSheet('1001'));
    expect(f.channel.hooks.at(-1)).to.deep.equal({ hook: 'started', address: { channel: 'webchat', conversationId: conv.conversationId, senderId: conv.senderId } });
  });

  it('in a turn, the case opens with the turn\'s writes: told to the channel once committed, and not at all when the turn fails', async function () {
    const lock = new PgliteTurnLock((f.store.db as unknown as { $client: PGlite }).$client);
    const conv = await seedConversation(f, { orderId: '1001', facts: factSheet('1001') });
    const hooksBefore = f.channel.hooks.length;
    const failing = lock.hold(conv.key, async () => {
      await open(conv.key);
      throw new Error('the answer failed');
    });
    await failing.then(() => expect.fail('the turn should fail'), (err: Error) => expect(err.message).to.equal('the answer failed'));
    expect((await f.handoff.cases.list({ status: 'active' })).filter((c) => c.conversationKey === conv.key)).to.have.length(0);
    expect(f.channel.hooks).to.have.length(hooksBefore);

    await lock.hold(conv.key, async () => {
      const opened = await f.handoff.service.open({ conversationKey: conv.key, channel: 'webchat', reason: 'delivery_problem', lang: 'es', orderId: '1001', now: f.clock.now(), problem: 'damaged' });
      // Not written yet: the id comes with the commit, and the channel is told then.
      expect(opened.caseId).to.equal(undefined);
      expect(f.channel.hooks).to.have.length(hooksBefore);
      expect(await f.handoff.cases.latestFor(conv.key)).to.equal(undefined);
    });
    const [c] = (await f.handoff.cases.list({ status: 'active' })).filter((x) => x.conversationKey === conv.key);
    expect(c).to.include({ orderId: '1001', reason: 'delivery_problem', priority: 'high', status: 'open' });
    expect(c.summary).to.equal('Delivery problem (damaged) on order 1001 via webchat, language es; the bot told: status delivered, delivered at 2026-11-23, carrier ups');
    expect(f.channel.hooks.slice(hooksBefore)).to.deep.equal([{ hook: 'started', address: { channel: 'webchat', conversationId: conv.conversationId, senderId: conv.senderId } }]);
  });

  it('returns the open case for a second handoff of the same conversation', async function () {
    const conv = await seedConversation(f);
    const first = await open(conv.key, 'requested');
    const second = await open(conv.key, 'abusive');
    expect(second.caseId).to.equal(first.caseId);
    expect((await f.handoff.cases.list({ status: 'active' })).filter((c) => c.conversationKey === conv.key)).to.have.length(1);
  });

  it('tells a closed-hours ETA', async function () {
    const conv = await seedConversation(f);
    const saturday = new Date('2026-11-28T12:00:00Z');
    const { eta } = await open(conv.key, 'requested', { now: saturday });
    expect(eta).to.deep.equal({ kind: 'closed', opensAt: new Date('2026-11-30T09:00:00Z') });
  });

  it('lists with filters', async function () {
    const conv = await seedConversation(f);
    await open(conv.key, 'late_shipment', { lang: 'fr' });
    const byReason = await f.handoff.cases.list({ reason: 'late_shipment' });
    expect(byReason.map((c) => c.conversationKey)).to.deep.equal([conv.key]);
    expect((await f.handoff.cases.list({ language: 'fr', channel: 'webchat' })).map((c) => c.reason)).to.include('late_shipment');
    expect(await f.handoff.cases.list({ channel: 'sms' })).to.deep.equal([]);
  });

  it('ownership: active until an agent joins, silent after; resolve returns it to the bot', async function () {
    const conv = await seedConversation(f, { orderId: '1001' });
    const { caseId } = await open(conv.key);
    expect(await f.handoff.service.ownership(conv.key)).to.deep.equal({ active: true, agentJoined: false, caseId });
    const agent = await f.handoff.agents.create({ email: `a${caseId}@shop.example`, name: 'Ana', role: 'agent', password: 'correct horse battery' });

    await f.handoff.service.agentReply(caseId, { id: agent.id, name: agent.name }, 'Hola, soy Ana. Te enviamos otro.');
    expect(await f.handoff.service.ownership(conv.key)).to.deep.equal({ active: true, agentJoined: true, caseId });
    const sent = f.channel.sent.at(-1)!;
    expect(sent.address).to.deep.equal({ channel: 'webchat', conversationId: conv.conversationId, senderId: conv.senderId });
    expect(sent.message).to.deep.include({ text: 'Hola, soy Ana. Te enviamos otro.', kind: 'agent' });
    expect(sent.message.wismo).to.deep.equal({ intent: 'delivery_problem', orderId: '1001', handoff: true });
    const transcript = await f.transcript.transcript(conv.key);
    expect(transcript.at(-1)).to.deep.include({ direction: 'agent', text: 'Hola, soy Ana. Te enviamos otro.' });
    expect((await f.handoff.cases.get(caseId))!.assignedAgent).to.deep.equal({ id: agent.id, name: 'Ana' });

    await f.handoff.service.resolve(caseId);
    expect(await f.handoff.service.ownership(conv.key)).to.deep.equal({ active: false, agentJoined: false }); // back with the bot
  });

  it('claim marks the agent as joined; hand back ends ownership for good', async function () {
    const conv = await seedConversation(f);
    const { caseId } = await open(conv.key, 'requested');
    const agent = await f.handoff.agents.create({ email: `b${caseId}@shop.example`, name: 'Bo', role: 'agent', password: 'correct horse battery' });
    await f.handoff.service.claim(caseId, agent.id);
    expect(await f.handoff.cases.stateOf(conv.key)).to.deep.equal({ active: true, agentJoined: true, caseId });
    const hooksBefore = f.channel.hooks.length;
    await f.handoff.service.handBack(caseId);
    expect(f.channel.hooks.slice(hooksBefore)).to.deep.equal([{ hook: 'ended', address: { channel: 'webchat', conversationId: conv.conversationId, senderId: conv.senderId } }]);
    // A hand-back is never reopened, however soon the shopper writes.
    expect(await f.handoff.service.ownership(conv.key)).to.deep.equal({ active: false, agentJoined: false });
    try {
      await f.handoff.service.agentReply(caseId, { name: 'admin' }, 'late');
      expect.fail('replied on a closed case');
    } catch (err) {
      expect(err).to.be.instanceOf(CaseClosed);
    }
  });

  it('reopen rule: a handoff within CASE_REOPEN_HOURS of resolving reopens the same case; later ones open a new case', async function () {
    const convA = await seedConversation(f);
    const a = await open(convA.key, 'requested');
    await f.handoff.service.resolve(a.caseId);
    expect(await f.handoff.service.ownership(convA.key)).to.deep.equal({ active: false, agentJoined: false });
    f.clock.advance(47 * H);
    const reopened = await open(convA.key, 'delivery_problem', { now: f.clock.now() });
    expect(reopened.caseId).to.equal(a.caseId);
    expect(await f.handoff.cases.stateOf(convA.key)).to.deep.equal({ active: true, agentJoined: false, caseId: a.caseId });
    expect((await f.handoff.cases.get(a.caseId))!.reason).to.equal('delivery_problem');

    const convB = await seedConversation(f);
    const b = await open(convB.key, 'requested');
    await f.handoff.service.resolve(b.caseId);
    f.clock.advance(48 * H);
    const again = await open(convB.key, 'requested', { now: f.clock.now() });
    expect(again.caseId).to.not.equal(b.caseId);
  });

  it('notes are kept with the case', async function () {
    const conv = await seedConversation(f);
    const { caseId } = await open(conv.key, 'requested');
    await f.handoff.service.note(caseId, { name: 'admin' }, 'called the carrier');
    const notes = await f.handoff.cases.notes(caseId);
    expect(notes.map((n) => n.text)).to.deep.equal(['called the carrier']);
  });

  it('a reply the channel refuses is neither recorded nor counted as joining', async function () {
    const conv = await seedConversation(f);
    const { caseId } = await open(conv.key, 'requested');
    f.channel.fail = 'outside the 24-hour window';
    try {
      await f.handoff.service.agentReply(caseId, { name: 'admin' }, 'hello?');
      expect.fail('delivered');
    } catch (err) {
      expect(err).to.be.instanceOf(DeliveryFailed);
    } finally {
      f.channel.fail = undefined;
    }
    expect((await f.transcript.transcript(conv.key)).map((e) => e.direction)).to.deep.equal(['in', 'out']);
    expect(await f.handoff.cases.stateOf(conv.key)).to.include({ agentJoined: false });
  });
});
