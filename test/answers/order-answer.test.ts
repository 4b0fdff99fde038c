import { expect } from 'chai';
import { renderOrderAnswer, type OrderAnswerOptions } from '../../src/answers/order-answer';
import { carrierName } from '../../src/answers/format';
import type { Order } from '../../src/orders/types';
import { LANGUAGES } from '../../src/resolver/types';
import type { Knowledge } from '../../src/knowledge/schema';
import { demoKnowledge, OrderFactory } from './fixtures';
import { mentionsDay } from './dates';

/** Monday 2026-11-23, 10:00 in New York. */
const NOW = new Date('2026-11-23T15:00:00Z');
const f = new OrderFactory(NOW);

const inTransit = (overrides: Partial<Order> = {}) =>
  f.order({
    shipments: [f.shipment({
      status: 'in_transit',
      estimatedDelivery: '2026-11-25',
      events: [
        { at: new Date('2026-11-21T15:00:00Z'), status: 'info_received', description: 'Shipping label created', location: 'Reno, NV' },
        { at: new Date('2026-11-22T08:00:00Z'), status: 'in_transit', description: 'Departed facility', location: 'Dallas, TX' },
      ],
    })],
    ...overrides,
  });

describe('order answers', () => {
  let knowledge: Knowledge;
  before(async () => {
    knowledge = await demoKnowledge();
  });
  const render = (order: Order, opts: Partial<OrderAnswerOptions> = {}) =>
    renderOrderAnswer(order, { lang: 'en', timeZone: 'America/New_York', now: NOW, knowledge, ...opts });
  const fact = (answer: ReturnType<typeof render>, key: string) => answer.facts.facts.find((x) => x.key === key);

  describe('in transit', () => {
    it('names the carrier, tracking number, last scan, estimate and link, each in the fact sheet', () => {
      const a = render(inTransit());
      expect(a.text).to.contain('UPS').and.contain('1Z999AA10123456784');
      expect(a.text).to.contain('Departed facility, Dallas, TX (Sunday, November 22 at 3:00 AM)');
      expect(a.text).to.contain('Estimated delivery: Wednesday, November 25.');
      expect(a.text).to.contain('https://carrier.example/track/1Z999AA10123456784');
      expect(a.handoffReason).to.equal(undefined);
      expect(fact(a, 'shipment.S1.carrier')).to.include({ value: 'UPS', source: 'shipment:S1' });
      expect(fact(a, 'shipment.S1.estimatedDelivery')).to.include({ value: '2026-11-25' });
      expect(fact(a, 'shipment.S1.lastEvent')).to.include({ value: 'Departed facility', source: 'tracking:S1@2026-11-22T08:00:00.000Z', at: '2026-11-22T08:00:00.000Z' });
      expect(a.facts.orderId).to.equal('1042');
      expect(a.suggestions).to.have.length.within(2, 3);
    });

    for (const lang of LANGUAGES) {
      it(`answers in ${lang} with the carrier, tracking number and the date beside the month`, () => {
        const a = render(inTransit(), { lang });
        expect(a.text).to.contain('UPS').and.contain('1Z999AA10123456784');
        expect(mentionsDay(a.text, '2026-11-25', lang), a.text).to.equal(true);
        if (lang !== 'en') expect(a.text).not.to.match(/on its way|Estimated delivery|Tracking number|Latest update/);
        expect(a.suggestions.every((s) => s.length > 0)).to.equal(true);
      });
    }

    it('says a parcel is running late when the estimate passed', () => {
      const a = render(inTransit({ shipments: [f.shipment({ status: 'in_transit', estimatedDelivery: '2026-11-20', events: [{ at: f.daysAgo(2), status: 'in_transit', description: 'In transit' }] })] }));
      expect(a.text).to.contain('It was expected on Friday, November 20, so it\'s running a little late');
    });
  });

  describe('dates', () => {
    for (const timeZone of ['Pacific/Honolulu', 'Asia/Tokyo']) {
      it(`never shifts calendar dates, and shows timestamps in the shop time zone (${timeZone})`, () => {
        for (const lang of LANGUAGES) {
          const a = render(inTransit(), { lang, timeZone });
          expect(mentionsDay(a.text, '2026-11-25', lang), `${lang}: ${a.text}`).to.equal(true);
          expect(mentionsDay(a.text, '2026-11-24', lang) || mentionsDay(a.text, '2026-11-26', lang), `${lang}: ${a.text}`).to.equal(false);
        }
        const en = render(inTransit(), { timeZone });
        // 2026-11-22T08:00Z is 22:00 the day before in Honolulu and 17:00 the same day in Tokyo.
        expect(en.text).to.contain(timeZone === 'Pacific/Honolulu' ? 'Saturday, November 21 at 10:00 PM' : 'Sunday, November 22 at 5:00 PM');
      });
    }

    it("uses the shopper's locale when it is in the answer's language", () => {
      expect(render(inTransit(), { locale: 'en-GB' }).text).to.contain('Wednesday 25 November');
      expect(render(inTransit(), { lang: 'es', locale: 'en-GB' }).text).to.contain('miércoles, 25 de noviembre');
    });
  });

  describe('not shipped yet', () => {
    it('gives the placement date, the ship-by date and the delivery window from the promise engine', () => {
      const a = render(f.order({ placedAt: new Date('2026-11-22T14:00:00Z') }));
      expect(a.text).to.contain('placed Sunday, November 22');
      expect(a.text).to.contain('It should ship by Tuesday, November 24.');
      // 3-5 carrier days after the 24th, skipping Thanksgiving (26th) and the weekend.
      expect(a.text).to.contain('between Monday, November 30 and Wednesday, December 2');
      expect(fact(a, 'promise.shipBy')?.value).to.equal('2026-11-24');
      expect(fact(a, 'promise.shipBy')?.source).to.contain('knowledge:fulfilment.yaml#processing.default_days');
      expect(fact(a, 'promise.late')?.value).to.equal(false);
      expect(a.suggestions).to.include('Keep me posted');
    });

    it('says a late order is late, apologises and offers a person, with late: true in the facts', () => {
      const a = render(f.order({ placedAt: f.daysAgo(15) }));
      expect(a.text).to.match(/It was due to ship by Tuesday, November 10, so it's running late\. I'm sorry/);
      expect(a.text).not.to.contain('should ship by');
      expect(fact(a, 'promise.late')?.value).to.equal(true);
      expect(fact(a, 'promise.daysLate')?.value).to.equal(13);
      expect(a.handoffReason, 'the merchant rule decides on a handoff').to.equal(undefined);
      expect(a.suggestions[0]).to.equal('Talk to a person');
      expect(a.text).to.match(/If you like, I can bring in a person/);
    });

    it('does not offer a person for a late order when the handoff rules bring one in anyway (past HANDOFF_LATE_DAYS)', () => {
      const a = render(f.order({ placedAt: f.daysAgo(15) }), { lateHandoffDays: 2 });
      expect(a.text).to.match(/running late\. I'm sorry about that\.$/);
      expect(a.text).not.to.match(/If you like/);
      const soon = render(f.order({ placedAt: f.daysAgo(15) }), { lateHandoffDays: 20 });
      expect(soon.text).to.match(/If you like, I can bring in a person/);
    });

    it('says an item is a pre-order with its release date', () => {
      const a = render(f.order({ items: [{ sku: 'LAMP-AUR', name: 'Aurora desk lamp', quantity: 1, tags: ['pre-order'] }] }));
      expect(a.text).to.contain('Aurora desk lamp is a pre-order: it\'s released on Thursday, December 10 and should ship by Monday, December 14.');
      expect(fact(a, 'promise.item.LAMP-AUR.wait')?.value).to.equal('pre_order');
    });

    it('says which item waits for stock and until when (merchant out_of_stock event)', () => {
      const order = f.order({
        items: [
          { sku: 'THROW-MAR', name: 'Marigold linen throw', quantity: 1, tags: [] },
          { sku: 'MUG-SET-4', name: 'Stoneware mug set', quantity: 2, tags: [] },
        ],
        placedAt: f.hoursAgo(2),
        merchantEvents: [{ type: 'out_of_stock', payload: { sku: 'MUG-SET-4', restockDate: '2026-12-07' }, at: f.hoursAgo(1) }],
      });
      const a = render(order);
      expect(a.text).to.contain('2 × Stoneware mug set is out of stock right now: we expect it back on Monday, December 7');
      expect(a.text).to.contain('Marigold linen throw should ship by Tuesday, November 24.');
      expect(fact(a, 'promise.item.MUG-SET-4.availableOn')?.source).to.match(/^merchant_event:out_of_stock@/);
    });

    it('follows a merchant delay over the computed date', () => {
      const a = render(f.order({ placedAt: f.hoursAgo(3), merchantEvents: [{ type: 'fulfilment_delayed', payload: { shipBy: '2026-12-01' }, at: f.hoursAgo(1) }] }));
      expect(a.text).to.contain('it should now ship by Tuesday, December 1');
    });
  });

  describe('several packages', () => {
    it('lists each package with its items, status and tracking, then what has not shipped', () => {
      const order = f.order({
        items: [
          { sku: 'GRIND-ES', name: 'Burr espresso grinder', quantity: 1, tags: [] },
          { sku: 'PITCH-350', name: 'Milk frothing pitcher', quantity: 1, tags: ['backorder'] },
        ],
        shipments: [f.shipment({ status: 'in_transit', carrier: 'fedex', trackingNumber: '781234567891', estimatedDelivery: '2026-11-24', items: [{ sku: 'GRIND-ES', quantity: 1 }] })],
      });
      const a = render(order);
      expect(a.text).to.contain('Package 1 (Burr espresso grinder), FedEx 781234567891: on its way, expected Tuesday, November 24.');
      expect(a.text).to.contain('Milk frothing pitcher is on back-order: we expect new stock on Monday, November 30');
      expect(fact(a, 'fulfilment')?.value).to.equal('partially_shipped');
    });

    it('tells two shipments apart when everything has shipped', () => {
      const order = f.order({
        items: [
          { sku: 'SHOE', name: 'Trail shoes', quantity: 1, tags: [] },
          { sku: 'SOCK', name: 'Merino socks', quantity: 1, tags: [] },
        ],
        shipments: [
          f.shipment({ id: 'S1', status: 'delivered', carrier: 'usps', trackingNumber: '9400111', items: [{ sku: 'SHOE', quantity: 1 }], events: [{ at: new Date('2026-11-21T18:00:00Z'), status: 'delivered' }] }),
          f.shipment({ id: 'S2', status: 'in_transit', trackingNumber: '1Z4F6E120398765432', estimatedDelivery: '2026-11-26', items: [{ sku: 'SOCK', quantity: 1 }] }),
        ],
      });
      const a = render(order, { focus: 'delivery_problem', problem: 'missing_item' });
      expect(a.text).to.contain('sent in 2 separate packages');
      expect(a.text).to.contain('Package 1 (Trail shoes), USPS 9400111: delivered on Saturday, November 21.');
      expect(a.text).to.contain('Package 2 (Merino socks), UPS 1Z4F6E120398765432: on its way, expected Thursday, November 26.');
      expect(a.text).to.contain('the rest may simply still be on its way');
      expect(a.handoffReason).to.equal(undefined);
    });
  });

  describe('tracking statuses', () => {
    it('out for delivery: today, with the courier', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'out_for_delivery', carrier: 'fedex', trackingNumber: '771234567890' })] }));
      expect(a.text).to.contain('out for delivery today with FedEx (tracking number 771234567890)');
    });

    it('failed attempt: what happened and what to do next', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'failed_attempt', carrier: 'royal_mail', trackingNumber: 'AB123456785GB', events: [{ at: new Date('2026-11-22T13:00:00Z'), status: 'failed_attempt', description: 'Nobody in. A card was left', location: 'Manchester Delivery Office' }] })] }));
      expect(a.text).to.contain('Royal Mail tried to deliver your order 1042 on Sunday, November 22 at 8:00 AM');
      expect(a.text).to.contain('"Nobody in. A card was left"');
      expect(a.text).to.match(/redelivery.*delivery office/);
    });

    it('available for pickup: where, and what to bring', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'available_for_pickup', carrier: 'dpd', trackingNumber: '15501234567890', events: [{ at: f.daysAgo(1), status: 'available_for_pickup', description: 'Held for 7 days', location: 'DPD Pickup Shop - Costcutter, 112 Brick Lane, London E1 6RL' }] })] }));
      expect(a.text).to.contain('ready to collect at DPD Pickup Shop - Costcutter, 112 Brick Lane, London E1 6RL');
      expect(a.text).to.contain('Bring photo ID and the tracking number 15501234567890');
      expect(fact(a, 'shipment.S1.pickupPlace')?.value).to.contain('Brick Lane');
    });

    it('delivered: when and where', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'delivered', carrier: 'usps', events: [{ at: new Date('2026-11-22T19:30:00Z'), status: 'delivered', description: 'Delivered, front door/porch', location: 'Chicago, IL' }] })] }));
      expect(a.text).to.contain('delivered by USPS on Sunday, November 22 at 2:30 PM');
      expect(a.text).to.contain('Delivered, front door/porch, Chicago, IL');
      expect(a.suggestions).to.include('How do returns work?');
    });

    it('exception: what happened, and a person (carrier_exception)', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'exception', carrier: 'dhl', trackingNumber: '4023918856', events: [{ at: f.daysAgo(1), status: 'exception', description: 'Address incomplete: flat number missing' }] })] }));
      expect(a.text).to.contain('DHL reports "Address incomplete: flat number missing"');
      expect(a.handoffReason).to.equal('carrier_exception');
    });

    it('returned: sent back to us (returned)', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'returned', carrier: 'usps', events: [{ at: f.daysAgo(4), status: 'returned', description: 'Return to sender: unclaimed' }] })] }));
      expect(a.text).to.contain('being sent back to us by USPS');
      expect(a.handoffReason).to.equal('returned');
    });

    it('cancelled: says so and never gives tracking numbers', () => {
      for (const lang of LANGUAGES) {
        const a = render(inTransit({ status: 'cancelled' }), { lang });
        expect(a.text).not.to.contain('1Z999AA10123456784');
        expect(a.text).not.to.contain('carrier.example');
        expect(a.facts.facts.map((x) => x.key).filter((k) => k.startsWith('shipment.'))).to.deep.equal([]);
      }
      expect(render(inTransit({ status: 'cancelled' })).text).to.contain('has been cancelled');
      expect(render(inTransit({ status: 'cancelled' }), { lang: 'ru' }).text).to.contain('отменён');
    });
  });

  describe('focus: delivery problem', () => {
    const delivered = () => f.order({ shipments: [f.shipment({ status: 'delivered', events: [{ at: new Date('2026-11-22T19:30:00Z'), status: 'delivered', description: 'Delivered', location: 'Austin, TX' }] })] });

    it('not received although delivered: acknowledges, gives the delivery scan, hands over', () => {
      const a = render(delivered(), { focus: 'delivery_problem', problem: 'not_received' });
      expect(a.text).to.contain("I'm so sorry your order 1042 hasn't turned up");
      expect(a.text).to.contain('on Sunday, November 22 at 2:30 PM (Delivered, Austin, TX)');
      expect(a.handoffReason).to.equal('delivery_problem');
    });

    for (const [problem, words] of [['damaged', 'arrived damaged'], ['wrong_item', 'wrong item'], ['missing_item', 'something is missing']] as const) {
      it(`${problem}: acknowledges and hands over`, () => {
        const a = render(delivered(), { focus: 'delivery_problem', problem });
        expect(a.text).to.contain(words);
        expect(a.handoffReason).to.equal('delivery_problem');
      });
    }

    it('stuck: apologises with the last scan and its date (stuck)', () => {
      const a = render(inTransit({ shipments: [f.shipment({ status: 'in_transit', events: [{ at: new Date('2026-11-13T15:00:00Z'), status: 'in_transit', description: 'Arrived at facility', location: 'Hodgkins, IL' }] })] }), { focus: 'delivery_problem', problem: 'stuck' });
      expect(a.text).to.contain('Arrived at facility, Hodgkins, IL (Friday, November 13');
      expect(a.text).to.contain("I'm sorry: the tracking hasn't changed since Friday, November 13");
      expect(a.handoffReason).to.equal('stuck');
    });

    it('a recent scan is not stuck', () => {
      expect(render(inTransit(), { focus: 'delivery_problem', problem: 'stuck' }).handoffReason).to.equal(undefined);
    });

    it('failed delivery: what to do next', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'failed_attempt', events: [{ at: f.hoursAgo(5), status: 'failed_attempt' }] })] }), { focus: 'delivery_problem', problem: 'failed_delivery' });
      expect(a.text).to.contain('book a redelivery');
    });
  });

  describe('focus: change order', () => {
    it('not shipped: a person can still change it', () => {
      const a = render(f.order({ placedAt: f.hoursAgo(3) }), { focus: 'change_order' });
      expect(a.text).to.contain('can still be changed');
      expect(a.handoffReason).to.equal('change_order');
    });

    it("shipped: already on its way, the carrier's options or a person", () => {
      const a = render(inTransit(), { focus: 'change_order', lang: 'it' });
      expect(a.text).to.contain('già stato spedito con UPS');
      expect(a.text).to.contain('https://carrier.example/track/1Z999AA10123456784');
      expect(a.handoffReason).to.equal('change_order');
    });
  });

  describe('focus: returns', () => {
    it('gives the policy and, once delivered, the last day to return', () => {
      const a = render(f.order({ shipments: [f.shipment({ status: 'delivered', events: [{ at: new Date('2026-11-22T19:30:00Z'), status: 'delivered' }] })] }), { focus: 'returns' });
      expect(a.text).to.contain('within 30 days of delivery');
      expect(a.text).to.contain('delivered on Sunday, November 22, so you can start a return until Tuesday, December 22.');
      expect(fact(a, 'returns.until')).to.include({ value: '2026-12-22', source: 'knowledge:returns.yaml#returns.window_days' });
    });

    it('before delivery: the window starts at delivery', () => {
      expect(render(inTransit(), { focus: 'returns', lang: 'de' }).text).to.contain('haben Sie 30 Tage Zeit');
    });
  });

  describe('focus: subscribe', () => {
    it('confirms what the shopper will be told about', () => {
      expect(render(f.order(), { focus: 'subscribe' }).text).to.contain("when it ships, when it's out for delivery, when it's delivered and if anything holds it up");
      expect(render(inTransit(), { focus: 'subscribe' }).text).not.to.contain('when it ships');
      expect(render(f.order({ shipments: [f.shipment({ status: 'delivered' })] }), { focus: 'subscribe' }).text).to.contain('no more tracking updates');
    });
  });

  describe('fact sheet', () => {
    it('holds every tracking number, link and date the text states, each with a source', () => {
      const answers = [render(inTransit()), render(f.order({ placedAt: f.daysAgo(1) })), render(f.order({ placedAt: f.daysAgo(15) }))];
      for (const a of answers) {
        const values = a.facts.facts.map((x) => String(x.value));
        for (const m of a.text.matchAll(/https?:\/\/\S+|\b1Z\w+/g)) expect(values).to.include(m[0]);
        for (const x of a.facts.facts) expect(x.source, x.key).to.be.a('string').and.not.equal('');
        for (const date of values.filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))) expect(mentionsDay(a.text, date, 'en'), `${date} in ${a.text}`).to.equal(true);
      }
    });
  });

  it('names carriers the way shoppers know them', () => {
    const names = ['ups', 'usps', 'fedex', 'dhl', 'royal_mail', 'royalmail', 'royal-mail', 'correos', 'colissimo', 'dpd', 'gls', 'postnl', 'poste-italiane', 'canada_post', 'PostNord'].map(carrierName);
    expect(names).to.deep.equal(['UPS', 'USPS', 'FedEx', 'DHL', 'Royal Mail', 'Royal Mail', 'Royal Mail', 'Correos', 'Colissimo', 'DPD', 'GLS', 'PostNL', 'Poste Italiane', 'Canada Post', 'PostNord']);
  });
});
