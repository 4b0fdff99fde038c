import { expect } from 'chai';
import { LANGUAGE_PACKS } from '../../src/answers/templates';
import { renderOrderAnswer } from '../../src/answers/order-answer';
import type { TrackingPageWording } from '../../src/answers/templates/types';
import { LANGUAGES } from '../../src/vocabulary';
import { buildTrackingView, contrast, readableOnWhite, brandStyle } from '../../src/tracking-page';
import { demoKnowledge, OrderFactory } from '../answers/fixtures';

/** Every text of a page wording, rendered with sample values. */
function texts(w: TrackingPageWording): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(w)) {
    if (typeof value === 'function') out[key] = (value as (p: object) => string)({ orderId: '1042', date: '[DATE]', n: 1, count: 2, carrier: 'UPS' });
    else if (typeof value === 'string') out[key] = value;
    else for (const [k, v] of Object.entries(value as Record<string, string>)) out[`${key}.${k}`] = v;
  }
  return out;
}

const ENGLISH = /\b(the|your|you|please|we|will|with|order|has|been|thanks|delivery|shipped|tracking|package|items?)\b/i;

describe('tracking page: wording and view', () => {
  const en = texts(LANGUAGE_PACKS.en.trackingPage);

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang}: the page is fully translated and keeps its values`, () => {
      const own = texts(LANGUAGE_PACKS[lang].trackingPage);
      expect(Object.keys(own).sort()).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(own)) {
        expect(text.trim(), `${lang} ${key}`).not.to.equal('');
        expect(text.replace(/\[[A-Z]+\]|UPS|JavaScript/g, ''), `${lang} ${key}: ${text}`).not.to.match(ENGLISH);
        for (const value of en[key].match(/\[[A-Z]+\]|1042|UPS/g) ?? []) expect(text, `${lang} ${key} lost ${value}`).to.contain(value);
      }
    });
  }

  it('builds a partly shipped order: the shipment with its estimate and newest-first events, the rest with its promise, the notices', async () => {
    const now = new Date('2026-11-27T15:00:00Z');
    const f = new OrderFactory(now);
    const order = f.order({
      placedAt: new Date('2026-11-26T10:00:00Z'),
      items: [{ sku: 'THROW-MAR', name: 'Marigold linen throw', quantity: 1, tags: ['home'] }, { sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2, tags: ['kitchen'] }],
      shipments: [f.shipment({
        status: 'in_transit', estimatedDelivery: '2026-12-01',
        events: [
          { at: new Date('2026-11-26T20:00:00Z'), status: 'info_received', description: 'Label created', location: 'Reno, NV' },
          { at: new Date('2026-11-27T08:00:00Z'), status: 'in_transit', description: 'Departed facility', location: 'Dallas, TX' },
        ],
      })],
    });
    const view = buildTrackingView(order, { lang: 'fr', now, timeZone: 'America/Chicago', knowledge: await demoKnowledge() });
    expect(view.stage).to.equal('partly_shipped');
    expect(view.locale).to.equal('fr-FR');
    expect(view.placed).to.equal('Passée le jeudi 26 novembre');
    expect(view.shipments).to.have.length(1);
    const s = view.shipments[0];
    expect(s).to.deep.include({ heading: 'Colis : UPS', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', statusLabel: 'En transit', items: ['Marigold linen throw'] });
    expect(s.estimatedDelivery).to.deep.equal({ day: '2026-12-01', text: 'mardi 1 décembre' });
    expect(s.events.map((e) => [e.label, e.description, e.when])).to.deep.equal([
      ['En transit', 'Departed facility', 'vendredi 27 novembre à 2:00'],
      ['Étiquette créée', 'Label created', 'jeudi 26 novembre à 14:00'],
    ]);
    expect(view.pending.items).to.deep.equal(['2 × Blue mug']);
    expect(view.pending.lines).to.deep.equal([
      '2 × Blue mug : expédition prévue au plus tard le mardi 1 décembre.',
      'Livraison prévue entre le vendredi 4 décembre et le mardi 8 décembre.',
    ]);
    // The bot says the same sentences about the same order.
    const answer = renderOrderAnswer(order, { lang: 'fr', now, timeZone: 'America/Chicago', knowledge: await demoKnowledge() }).text;
    for (const line of view.pending.lines) expect(answer).to.contain(line);
    // Placed in Black Friday week: the merchant's notice, in French.
    expect(view.notices).to.deep.equal(["C'est notre semaine la plus chargée de l'année : la préparation des commandes prend un jour ouvré de plus."]);
  });

  it('says nothing of shipments for a cancelled order, and no estimate once delivered', async () => {
    const now = new Date('2026-11-27T15:00:00Z');
    const f = new OrderFactory(now);
    const knowledge = await demoKnowledge();
    const cancelled = buildTrackingView(f.order({ status: 'cancelled', shipments: [f.shipment({ status: 'in_transit' })] }), { lang: 'en', now, timeZone: 'UTC', knowledge });
    expect(cancelled.stage).to.equal('cancelled');
    expect(cancelled.shipments).to.deep.equal([]);
    expect(cancelled.pending.lines).to.deep.equal([]);
    const delivered = buildTrackingView(
      f.order({ shipments: [f.shipment({ status: 'delivered', estimatedDelivery: '2026-11-25', events: [{ at: f.hoursAgo(30), status: 'delivered' }] })] }),
      { lang: 'de', now, timeZone: 'UTC', knowledge },
    );
    expect(delivered.stage).to.equal('delivered');
    expect(delivered.shipments[0].estimatedDelivery).to.equal(undefined);
    expect(delivered.shipments[0].statusLabel).to.equal('Zugestellt');
    // A carrier link that is not http(s) never becomes one.
    const odd = buildTrackingView(f.order({ shipments: [f.shipment({ status: 'in_transit', trackingUrl: 'javascript:alert(1)' })] }), { lang: 'en', now, timeZone: 'UTC', knowledge });
    expect(odd.shipments[0].trackingUrl).to.equal(undefined);
  });

  it('keeps any shop colour readable: text on the colour, and the colour as text on white', () => {
    expect(brandStyle('#0b6e4f')).to.equal('--accent: #0b6e4f; --on-accent: #ffffff; --accent-text: #0b6e4f');
    expect(brandStyle('#f5d000')).to.match(/^--accent: #f5d000; --on-accent: #1a1f1c; --accent-text: #[0-9a-f]{6}$/);
    for (const color of ['#f5d000', '#ffffff', '#87ceeb', '#ff69b4']) {
      expect(contrast(readableOnWhite(color), '#ffffff'), color).to.be.at.least(4.5);
    }
    expect(contrast('#000000', '#ffffff')).to.be.closeTo(21, 0.01);
  });
});
