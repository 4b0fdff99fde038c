import { expect } from 'chai';
import { containsAbuse, handoffReason, priorityOf, ruleSettingsFrom, type HandoffSignals } from '../../src/handoff/rules';

const settings = ruleSettingsFrom({ HANDOFF_LATE_DAYS: 2, HANDOFF_KEYWORDS: 'lawyer, chargeback ,abogado', HANDOFF_ORDER_VALUE_OVER: 500 });
const calm: HandoffSignals = { intent: 'order_status', text: 'where is my order?', misunderstoodTurns: 0, verificationLocked: false, negative: false };
const reason = (over: Partial<HandoffSignals>) => handoffReason({ ...calm, ...over }, settings);

describe('handoff rules', function () {
  it('hands nothing over for a calm order question', function () {
    expect(reason({})).to.equal(undefined);
  });

  it('verification lockout', function () {
    expect(reason({ verificationLocked: true })).to.equal('verification_lockout');
  });

  it('abusive words, in each language', function () {
    const samples = ['this is bullshit', 'esto es una mierda', 'putain de colis', 'so ein Arschloch', 'che cazzo', 'que porra é essa', 'где блять посылка', '你们这些傻逼'];
    for (const text of samples) expect(reason({ text }), text).to.equal('abusive');
  });

  it('abuse words match whole words only', function () {
    expect(containsAbuse('I live in Scunthorpe, ship to Cassis')).to.equal(false);
    expect(containsAbuse('the shitake mushrooms')).to.equal(false);
  });

  it('merchant keywords, case-insensitive and whole words', function () {
    expect(reason({ text: 'I will call my LAWYER' })).to.equal('merchant_keyword');
    expect(reason({ text: 'voy a hablar con mi abogado' })).to.equal('merchant_keyword');
    expect(reason({ text: 'lawyers are expensive' })).to.equal(undefined);
  });

  it('the shopper asked for a person', function () {
    expect(reason({ intent: 'human_agent' })).to.equal('requested');
    expect(reason({ askedForPerson: true })).to.equal('requested');
  });

  it("the answer's hint: carrier exception, returned, delivery problem, stuck", function () {
    for (const hint of ['carrier_exception', 'returned', 'delivery_problem', 'stuck']) expect(reason({ answerHint: hint })).to.equal(hint);
    expect(reason({ answerHint: 'something_else' })).to.equal(undefined);
  });

  it('damaged, wrong or missing items need a person; a failed delivery is answered', function () {
    for (const problem of ['damaged', 'wrong_item', 'missing_item'] as const) expect(reason({ intent: 'delivery_problem', problem })).to.equal('delivery_problem');
    expect(reason({ intent: 'delivery_problem', problem: 'failed_delivery' })).to.equal(undefined);
  });

  it('a change of address or items, or a cancellation, goes to a person (the answer says so)', function () {
    expect(reason({ intent: 'change_order', answerHint: 'change_order', answered: true })).to.equal('change_order');
  });

  it('once an order answer was given, its hint decides (the "missing" item may be in a second parcel)', function () {
    expect(reason({ intent: 'delivery_problem', problem: 'missing_item', answered: true })).to.equal(undefined);
    expect(reason({ intent: 'delivery_problem', problem: 'missing_item', answered: true, answerHint: 'delivery_problem' })).to.equal('delivery_problem');
  });

  it('late shipment: past the ship-by date by more than HANDOFF_LATE_DAYS', function () {
    expect(reason({ daysPastShipBy: 2 })).to.equal(undefined);
    expect(reason({ daysPastShipBy: 3 })).to.equal('late_shipment');
  });

  it('high-value orders, only for questions about the order', function () {
    expect(reason({ orderValue: 500 })).to.equal(undefined);
    expect(reason({ orderValue: 501 })).to.equal('high_value');
    expect(reason({ orderValue: 900, intent: 'shipping_policy' })).to.equal(undefined);
    expect(handoffReason({ ...calm, orderValue: 10_000 }, { ...settings, orderValueOver: undefined })).to.equal(undefined);
  });

  it('negative tone hands over only once the bot is struggling', function () {
    expect(reason({ negative: true })).to.equal(undefined);
    expect(reason({ negative: true, misunderstoodTurns: 1 })).to.equal('negative_sentiment');
  });

  it('misunderstood turns in a row', function () {
    expect(reason({ misunderstoodTurns: 2 })).to.equal(undefined);
    expect(reason({ misunderstoodTurns: 3 })).to.equal('not_understood');
  });

  it('follows the documented priority', function () {
    expect(reason({ verificationLocked: true, text: 'fuck this', intent: 'human_agent' })).to.equal('verification_lockout');
    expect(reason({ text: 'fuck this lawyer' })).to.equal('abusive');
    expect(reason({ text: 'my lawyer', intent: 'human_agent' })).to.equal('merchant_keyword');
    expect(reason({ intent: 'human_agent', answerHint: 'stuck' })).to.equal('requested');
    expect(reason({ answerHint: 'returned', daysPastShipBy: 9 })).to.equal('returned');
    expect(reason({ daysPastShipBy: 9, orderValue: 900 })).to.equal('late_shipment');
  });

  it('gives each reason a priority', function () {
    expect(priorityOf('verification_lockout')).to.equal('high');
    expect(priorityOf('abusive')).to.equal('high');
    expect(priorityOf('delivery_problem')).to.equal('high');
    expect(priorityOf('merchant_keyword')).to.equal('urgent');
    expect(priorityOf('requested')).to.equal('normal');
    expect(priorityOf('something new')).to.equal('normal');
  });
});
