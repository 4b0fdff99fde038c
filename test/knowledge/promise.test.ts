import { expect } from 'chai';
import { BusinessCalendar, addDays, localDay } from '../../src/knowledge/calendar';
import { daysLate, isLate, promiseFor, type PromiseOrder } from '../../src/knowledge/promise';
import { validateDocument } from '../../src/knowledge/loader';
import { WEEKDAYS, type Knowledge, type KnowledgeInput } from '../../src/knowledge/schema';
import { demoKnowledge } from '../answers/fixtures';
import { Random } from './random';

const US = { country: 'US', region: 'TX', postalCode: '78701' };
const throw1 = { sku: 'THROW-MAR', name: 'Marigold linen throw', quantity: 1, tags: ['home'] };

function order(placedAt: string, overrides: Partial<PromiseOrder> = {}): PromiseOrder {
  return { placedAt: new Date(placedAt), items: [throw1], shippingAddress: US, shippingMethod: 'standard', merchantEvents: [], ...overrides };
}

describe('promise engine', () => {
  let k: Knowledge;
  before(async () => {
    k = await demoKnowledge();
  });

  describe('cut-off and business days (demo shop: New York, Mon-Fri, 14:00, 1 day)', () => {
    it('counts an order placed before the cut-off from the same day', () => {
      const p = promiseFor(order('2027-03-01T15:00:00Z'), k); // Monday 10:00 in New York
      expect(p.placedDay).to.equal('2027-03-01');
      expect(p.countsFrom).to.equal('2027-03-01');
      expect(p.afterCutoff).to.equal(false);
      expect(p.expectedShipBy).to.equal('2027-03-02');
      // US standard: 3-5 carrier days after shipping.
      expect(p.expectedDelivery).to.deep.equal({ from: '2027-03-05', to: '2027-03-09' });
    });

    it('counts an order placed at or after the cut-off from the next business day', () => {
      expect(promiseFor(order('2027-03-01T19:00:00Z'), k).expectedShipBy).to.equal('2027-03-03'); // 14:00 sharp
      expect(promiseFor(order('2027-03-01T18:59:00Z'), k).expectedShipBy).to.equal('2027-03-02');
    });

    it('reads the placement time in the shop time zone, not UTC', () => {
      // 03:00 UTC on Tuesday is 22:00 on Monday in New York: after Monday's cut-off.
      const p = promiseFor(order('2027-03-02T03:00:00Z'), k);
      expect(p.placedDay).to.equal('2027-03-01');
      expect(p.countsFrom).to.equal('2027-03-02');
      expect(p.expectedShipBy).to.equal('2027-03-03');
    });

    it('moves weekend orders to Monday', () => {
      expect(promiseFor(order('2027-03-05T20:00:00Z'), k).countsFrom).to.equal('2027-03-08'); // Friday after cut-off
      expect(promiseFor(order('2027-03-06T15:00:00Z'), k).expectedShipBy).to.equal('2027-03-09'); // Saturday
    });

    it('skips holidays for shipping, and carrier holidays for transit', () => {
      // Friday before Memorial Day (Monday 2027-05-31, carriers closed too).
      const p = promiseFor(order('2027-05-28T15:00:00Z'), k);
      expect(p.expectedShipBy).to.equal('2027-06-01');
      expect(p.expectedDelivery).to.deep.equal({ from: '2027-06-04', to: '2027-06-08' });
      const express = promiseFor(order('2027-05-28T15:00:00Z', { shippingMethod: 'express' }), k);
      expect(express.expectedShipBy).to.equal('2027-05-28');
      expect(express.expectedDelivery).to.deep.equal({ from: '2027-06-01', to: '2027-06-02' });
    });

    it("skips a warehouse's own closure", () => {
      // Reno closes 2026-12-28..31 for stocktake, New Year's Day is a holiday.
      expect(promiseFor(order('2026-12-28T15:00:00Z'), k).expectedShipBy).to.equal('2027-01-05');
    });
  });

  describe('rules, releases and notices', () => {
    it('applies the first processing rule that fits (vendor before tag)', () => {
      const print = { sku: 'PRINT-A2', name: 'Botanical art print', quantity: 1, tags: ['art', 'fragile'] };
      const lamp = { sku: 'LAMP-GL', name: 'Glass lamp', quantity: 1, tags: ['fragile'] };
      const p = promiseFor(order('2027-03-01T15:00:00Z', { items: [print, lamp] }), k);
      expect(p.items.map((i) => [i.sku, i.processingDays, i.expectedShipBy])).to.deep.equal([['PRINT-A2', 4, '2027-03-05'], ['LAMP-GL', 2, '2027-03-03']]);
      expect(p.expectedShipBy).to.equal('2027-03-05');
      expect(p.items[0].sources.join(' ')).to.contain('knowledge:fulfilment.yaml#processing.rules[0]');
    });

    it('ships a pre-order from its release date; without a date the ship-by is unknown', () => {
      const lamp = { sku: 'LAMP-AUR', name: 'Aurora desk lamp', quantity: 1, tags: ['pre-order'] };
      const mystery = { sku: 'NEW-THING', name: 'New thing', quantity: 1, tags: ['preorder'] };
      const p = promiseFor(order('2026-11-13T15:00:00Z', { items: [lamp, mystery] }), k);
      expect(p.items[0]).to.include({ wait: 'pre_order', availableOn: '2026-12-10', expectedShipBy: '2026-12-14' });
      expect(p.items[1]).to.include({ wait: 'pre_order' });
      expect(p.items[1].expectedShipBy).to.equal(undefined);
      expect(p.expectedShipBy, 'the whole order has no date while one item has none').to.equal(undefined);
    });

    it('adds the days of a notice in force when the order was placed', () => {
      // Black Friday week (2026-11-26..12-02) adds one business day.
      const p = promiseFor(order('2026-11-30T15:00:00Z'), k);
      expect(p.notices.map((n) => n.id)).to.deep.equal(['black-friday-2026']);
      expect(p.expectedShipBy).to.equal('2026-12-02');
      expect(promiseFor(order('2027-03-01T15:00:00Z'), k).notices).to.deep.equal([]);
    });

    it('finds island zones before their country and adds transit days of a zone notice', () => {
      const canarias = promiseFor(order('2026-11-23T15:00:00Z', { shippingAddress: { country: 'ES', postalCode: '38001' } }), k);
      expect(canarias.zone?.id).to.equal('es-canarias');
      expect(canarias.notices.map((n) => n.id)).to.include('canarias-customs-2026');
      const madrid = promiseFor(order('2026-11-23T15:00:00Z', { shippingAddress: { country: 'ES', postalCode: '28001' } }), k);
      expect(madrid.zone?.id).to.equal('eu-core');
    });

    it('has no delivery window for a country the shop does not ship to', () => {
      const p = promiseFor(order('2027-03-01T15:00:00Z', { shippingAddress: { country: 'JP' } }), k);
      expect(p.expectedShipBy).to.equal('2027-03-02');
      expect(p.expectedDelivery).to.equal(undefined);
    });
  });

  describe('merchant events override the computed promise', () => {
    it('uses the ship-by date of the latest fulfilment_delayed event', () => {
      const p = promiseFor(order('2027-03-01T15:00:00Z', {
        merchantEvents: [
          { type: 'fulfilment_delayed', payload: { shipBy: '2027-03-10' }, at: new Date('2027-03-02T10:00:00Z') },
          { type: 'fulfilment_delayed', payload: { shipBy: '2027-03-12', reason: 'restock' }, at: new Date('2027-03-03T10:00:00Z') },
        ],
      }), k);
      expect(p.expectedShipBy).to.equal('2027-03-12');
      expect(p.delay).to.deep.equal({ shipBy: '2027-03-12', reason: 'restock' });
      expect(p.items[0].overriddenBy).to.equal('fulfilment_delayed');
    });

    it('holds an out-of-stock item until its restock date, or leaves it open without one', () => {
      const mug = { sku: 'MUG-SET-4', name: 'Mug set', quantity: 1, tags: ['kitchen'] };
      const events = (restockDate?: string) => [{ type: 'out_of_stock', payload: { sku: 'mug-set-4', ...(restockDate ? { restockDate } : {}) }, at: new Date('2027-03-01T16:00:00Z') }];
      const dated = promiseFor(order('2027-03-01T15:00:00Z', { items: [throw1, mug], merchantEvents: events('2027-03-15') }), k);
      expect(dated.items[0].expectedShipBy).to.equal('2027-03-02');
      expect(dated.items[1]).to.include({ wait: 'out_of_stock', availableOn: '2027-03-15', expectedShipBy: '2027-03-16' });
      const open = promiseFor(order('2027-03-01T15:00:00Z', { items: [throw1, mug], merchantEvents: events() }), k);
      expect(open.items[1].expectedShipBy).to.equal(undefined);
    });

    it('ignores events whose dates are not calendar dates', () => {
      const p = promiseFor(order('2027-03-01T15:00:00Z', { merchantEvents: [{ type: 'fulfilment_delayed', payload: { shipBy: 'soon' }, at: new Date() }] }), k);
      expect(p.expectedShipBy).to.equal('2027-03-02');
    });
  });

  describe('isLate', () => {
    it('is late only once the ship-by day has passed in the shop time zone', () => {
      const p = promiseFor(order('2027-03-01T15:00:00Z'), k); // ship by 2027-03-02
      expect(isLate(p, new Date('2027-03-02T23:00:00Z'))).to.equal(false); // 18:00 on the 2nd in New York
      expect(isLate(p, new Date('2027-03-03T04:59:00Z'))).to.equal(false); // 23:59 on the 2nd in New York
      expect(isLate(p, new Date('2027-03-03T05:00:00Z'))).to.equal(true);
      expect(daysLate(p, new Date('2027-03-05T15:00:00Z'))).to.equal(3);
    });

    it('counts only the items still to ship when told which', () => {
      const print = { sku: 'PRINT-A2', name: 'Print', quantity: 1, tags: [] };
      const p = promiseFor(order('2027-03-01T15:00:00Z', { items: [throw1, print] }), k); // 03-02 and 03-05
      const now = new Date('2027-03-04T15:00:00Z');
      expect(isLate(p, now)).to.equal(true);
      expect(isLate(p, now, ['PRINT-A2'])).to.equal(false);
    });
  });

  describe('properties over random calendars and orders (seeded)', () => {
    const ZONES = ['America/New_York', 'Europe/Madrid', 'Asia/Tokyo', 'Pacific/Honolulu', 'UTC', 'Australia/Sydney'];

    function randomKnowledge(rnd: Random, base: Knowledge): Knowledge {
      const start = Date.parse('2026-01-01T00:00:00Z');
      const day = (offset: number) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
      const holidays = Array.from({ length: rnd.int(0, 25) }, () => ({ date: day(rnd.int(0, 500)), name: 'Holiday', carriers_closed: rnd.chance(0.5) }));
      const closures = Array.from({ length: rnd.int(0, 4) }, () => {
        const from = rnd.int(0, 500);
        return { from: day(from), to: day(from + rnd.int(0, 12)), carriers_closed: rnd.chance(0.3) };
      });
      const input: KnowledgeInput = {
        calendar: {
          time_zone: rnd.pick(ZONES),
          business_days: rnd.subset(WEEKDAYS),
          carrier_days: rnd.subset(WEEKDAYS),
          cutoff_time: `${String(rnd.int(0, 23)).padStart(2, '0')}:${rnd.pick(['00', '15', '30', '45'])}`,
          holidays,
          closures,
        },
        processing: {
          default_days: rnd.int(0, 5),
          rules: [{ tag: 'slow', days: rnd.int(0, 10) }, { method: 'express', days: 0 }],
        },
        shipping: { currency: 'USD', methods: base.shipping.methods, zones: [{ id: 'all', countries: ['US'], rates: { standard: { days: `${rnd.int(0, 3)}-${rnd.int(3, 9)}`, cost: 5 }, express: { days: 1, cost: 20 } } }] },
        returns: { window_days: 30, refund_days: '5-10' },
        policies: base.policies,
      };
      const result = validateDocument(input, { by: 'property-test' });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.knowledge;
    }

    function randomOrder(rnd: Random, placedAt: Date): PromiseOrder {
      const items = Array.from({ length: rnd.int(1, 3) }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, quantity: 1, tags: rnd.chance(0.3) ? ['slow'] : [] }));
      return { placedAt, items, shippingAddress: { country: 'US' }, shippingMethod: rnd.pick(['standard', 'express', undefined]) };
    }

    it('never promises a closed day, never before placement, never earlier for a later placement', () => {
      const rnd = new Random(20261123);
      let checked = 0;
      for (let c = 0; c < 60; c++) {
        const knowledge = randomKnowledge(rnd, k);
        const cal = new BusinessCalendar(knowledge.calendar);
        for (let o = 0; o < 25; o++) {
          const t1 = Date.parse('2026-01-01T00:00:00Z') + rnd.next() * 450 * 86_400_000;
          const t2 = t1 + rnd.next() * 20 * 86_400_000;
          const base = randomOrder(rnd, new Date(t1));
          const first = promiseFor(base, knowledge);
          const later = promiseFor({ ...base, placedAt: new Date(t2) }, knowledge);
          for (const p of [first, later]) {
            for (const item of p.items) {
              const where = `seed case ${c}/${o} ${item.sku} ${JSON.stringify(knowledge.calendar)}`;
              expect(cal.isOpen(item.expectedShipBy!), `ship-by ${item.expectedShipBy} is a closed day: ${where}`).to.equal(true);
              expect(item.expectedShipBy! >= p.placedDay, `ship-by ${item.expectedShipBy} before placement ${p.placedDay}: ${where}`).to.equal(true);
              expect(item.expectedDelivery!.from >= item.expectedShipBy! && item.expectedDelivery!.to >= item.expectedDelivery!.from, where).to.equal(true);
              checked++;
            }
          }
          first.items.forEach((item, i) => {
            expect(later.items[i].expectedShipBy! >= item.expectedShipBy!, `placed later (${new Date(t2).toISOString()}) but promised earlier than ${new Date(t1).toISOString()}`).to.equal(true);
          });
          expect(later.expectedShipBy! >= first.expectedShipBy!).to.equal(true);
        }
      }
      expect(checked).to.be.greaterThan(1000);
    });

    it('remembered answers (one calendar per knowledge, one promise per order) are the fresh ones, and an edit is never answered from memory', () => {
      const rnd = new Random(20261126);
      for (let c = 0; c < 30; c++) {
        const knowledge = randomKnowledge(rnd, k);
        const remembered = BusinessCalendar.of(knowledge.calendar);
        expect(BusinessCalendar.of(knowledge.calendar)).to.equal(remembered);
        for (let q = 0; q < 40; q++) {
          const from = addDays('2026-01-01', rnd.int(0, 450));
          const n = rnd.int(0, 12);
          // Asked twice: the second answer comes from memory.
          for (let twice = 0; twice < 2; twice++) {
            const fresh = new BusinessCalendar(knowledge.calendar);
            expect(remembered.addOpenDays(from, n)).to.equal(fresh.addOpenDays(from, n));
            expect(remembered.addCarrierDays(from, n)).to.equal(fresh.addCarrierDays(from, n));
            expect(remembered.openOnOrAfter(from)).to.equal(fresh.openOnOrAfter(from));
          }
        }
        const o = randomOrder(rnd, new Date(Date.parse('2026-03-01T00:00:00Z') + rnd.next() * 300 * 86_400_000));
        const promise = promiseFor(o, knowledge);
        expect(promiseFor(o, knowledge)).to.equal(promise);
        // The merchant closes the promised ship-by day: the edited knowledge (a new object) promises again.
        const closed = { ...knowledge, calendar: { ...knowledge.calendar, holidays: [...knowledge.calendar.holidays, { date: promise.expectedShipBy!, name: 'Stocktake', carriers_closed: false }] } };
        const edited = promiseFor(o, closed);
        expect(edited.expectedShipBy! > promise.expectedShipBy!, `seed case ${c}`).to.equal(true);
        expect(BusinessCalendar.of(closed.calendar).isOpen(promise.expectedShipBy!)).to.equal(false);
      }
    });

    it('keeps the placement day consistent with the time zone', () => {
      const rnd = new Random(7);
      for (let i = 0; i < 200; i++) {
        const knowledge = randomKnowledge(rnd, k);
        const at = new Date(Date.parse('2026-03-01T00:00:00Z') + rnd.next() * 300 * 86_400_000);
        const p = promiseFor(randomOrder(rnd, at), knowledge);
        expect(p.placedDay).to.equal(localDay(at, knowledge.calendar.time_zone));
        expect(p.countsFrom >= p.placedDay && p.countsFrom <= addDays(p.placedDay, 400)).to.equal(true);
      }
    });
  });
});
