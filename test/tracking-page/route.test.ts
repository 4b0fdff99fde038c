import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { renderOrderAnswer } from '../../src/answers/order-answer';
import { TrackingTokens } from '../../src/tracking-page';
import { createApp } from '../../src/http/app';
import { trackingPageRouter } from '../../src/http/routes/tracking-page';
import { captureLogger } from '../helpers/capture-logger';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';

const SECRET = 'tracking-route-secret-0123456789-abcdef';
const DAY = 86_400_000;

/** One Direct Line conversation over supertest: each message's bot replies, once its turn is done. */
async function directLine(app: Express, token: string, conversationId: string) {
  await request(app).post('/v3/directline/conversations').set('Authorization', `Bearer ${token}`).expect((r) => expect(r.status).to.be.oneOf([200, 201]));
  let watermark = '0';
  return async (text: string, locale = 'en-US') => {
    await request(app).post(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`)
      .send({ type: 'message', from: { id: 'shopper' }, text, locale }).expect(200);
    const res = await request(app).get(`/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`).set('Authorization', `Bearer ${token}`).expect(200);
    watermark = res.body.watermark;
    return (res.body.activities as { from: { role?: string }; text: string; channelData?: { wismo?: { orderId?: string } } }[]).filter((a) => a.from.role === 'bot');
  };
}

/** The token of the first tracking page link in a text. */
function linkIn(text: string): string | undefined {
  return /https:\/\/bot\.example\.com\/track\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
}

describe('tracking page: /track/{token} and its chat', function () {
  this.timeout(60_000);
  let db: TestStore;
  let wismo: Wismo;
  let app: Express;
  const tokens = new TrackingTokens(SECRET);
  const link = (orderId: string, lang: 'en' | 'es' | 'de' | 'fr' = 'en', days = 60) => tokens.issue({ orderId, lang, expiresAt: new Date(Date.now() + days * DAY) });

  before(async () => {
    db = await openTestStore();
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_API_KEY: 'tracking-admin-key-0123456789', DIRECTLINE_SECRET: 'tracking-directline-secret-0123',
      SHOP_NAME: 'Acme <Outfitters>', SHOP_PRIMARY_COLOR: '#f5d000', PUBLIC_BASE_URL: 'https://bot.example.com/', TRACKING_PAGE_SECRET: SECRET,
    });
    wismo = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    await seedDemoShop(wismo.orders);
    app = wismo.app;
  });
  after(async () => {
    await wismo?.close();
    await db?.cleanup();
  });

  it('shows the order in the link\'s language: stage, shipment, estimated delivery and the carrier timeline, newest first', async () => {
    const token = link('1001', 'es');
    const res = await request(app).get(`/track/${token}`).expect(200).expect('Content-Type', /text\/html/);
    const html = res.text;
    expect(html).to.match(/<html lang="es">/);
    expect(html).to.contain('<h1>Pedido 1001</h1>');
    expect(html).to.contain('<p class="stage stage-on_its_way">En camino</p>');
    expect(html).to.contain('<h3 id="shipment-1-heading">Paquete: UPS</h3>');
    expect(html).to.contain('<span class="tracking-number">1Z999AA10123456784</span>');
    expect(html).to.contain('Historial de seguimiento');
    const order = (await wismo.orders.get('1001'))!;
    const eta = order.shipments[0].estimatedDelivery!;
    const etaText = new Intl.DateTimeFormat('es-ES', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${eta}T12:00:00Z`));
    expect(html).to.contain(`<dt>Entrega prevista</dt><dd><time datetime="${eta}">${etaText}</time></dd>`);
    // The timeline: newest first, each with its time, the status in Spanish and the carrier's words.
    const events = [...html.matchAll(/<li class="event status-(\w+)"><time datetime="([^"]+)">[^<]+<\/time> <strong>([^<]+)<\/strong><span class="event-detail">([^<]+)<\/span>/g)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(events).to.deep.equal([
      ['in_transit', order.shipments[0].events[1].at.toISOString(), 'En tránsito', 'Departed facility, Dallas, TX'],
      ['info_received', order.shipments[0].events[0].at.toISOString(), 'Etiqueta creada', 'Shipping label created, Reno, NV'],
    ]);
    // Nothing of the customer: a forwarded link shows the parcel, not the person.
    for (const personal of ['Ana Lima', 'ana@example.com', '5125550101', '12 Oak St', '78701', 'Austin']) expect(html).not.to.contain(personal);
    // The shop's name (escaped) and colour, with black text on a light yellow that white would not read on.
    expect(html).to.contain('<p class="brand">Acme &lt;Outfitters&gt;</p>');
    expect(html).to.contain('--accent: #f5d000; --on-accent: #1a1f1c; --accent-text: #');
    // The chat starts from this link, in the page's language; no inline script anywhere.
    expect(html).to.contain(`data-token-url="/track/${token}/chat"`);
    expect(html).to.contain('data-locale="es-ES"');
    expect(html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).to.contain('<noscript><p class="noscript">El chat necesita JavaScript');
  });

  it('switches language from its menu, and says what has not shipped yet in the bot\'s own sentences', async () => {
    const de = await request(app).get(`/track/${link('1001', 'es')}?lang=de`).expect(200);
    expect(de.text).to.match(/<html lang="de">/);
    expect(de.text).to.contain('<h1>Bestellung 1001</h1>');
    expect(de.text).to.contain('<a href="?lang=de" lang="de" hreflang="de" aria-current="page">Deutsch</a>');
    expect(de.text).to.contain('<strong>Unterwegs</strong>');

    const knowledge = wismo.knowledge.current();
    for (const id of ['1002', '1004']) {
      const html = (await request(app).get(`/track/${link(id)}`).expect(200)).text;
      expect(html, id).to.contain('<p class="stage stage-preparing">Being prepared</p>');
      expect(html, id).to.contain('<h2 id="pending-heading">Not shipped yet</h2>');
      const lines = [...html.matchAll(/<section class="pending"[^]*?<\/section>/g)][0][0].match(/<p>([^<]+)<\/p>/g)!.map((p) => p.slice(3, -4).replace(/&#39;/g, "'"));
      expect(lines.length, id).to.be.greaterThan(0);
      // Every sentence is one the bot says about the same order.
      const answer = renderOrderAnswer((await wismo.orders.get(id))!, { lang: 'en', now: new Date(), timeZone: knowledge.calendar.time_zone, knowledge }).text;
      for (const line of lines) expect(answer, `${id}: ${line}`).to.contain(line);
    }
    const preOrder = (await request(app).get(`/track/${link('1004')}`).expect(200)).text;
    expect(preOrder).to.match(/Gooseneck kettle \(pre-order\) is a pre-order: it&#39;s released on/);
    const cancelled = (await request(app).get(`/track/${link('1011')}`).expect(200)).text;
    expect(cancelled).to.contain('<p class="stage stage-cancelled">Cancelled</p>');
    expect(cancelled).not.to.contain('class="shipment"');
  });

  it('answers one 404 page, telling nothing, for a tampered, expired, unknown or malformed token', async () => {
    const raw = Buffer.from(link('1001'), 'base64url');
    raw[20] ^= 0x01;
    const tampered = raw.toString('base64url');
    const expired = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: new Date(Date.now() - 1000) });
    const otherKey = new TrackingTokens('some-other-secret-0123456789-abcdef').issue({ orderId: '1001', lang: 'en', expiresAt: new Date(Date.now() + DAY) });
    const bodies = new Set<string>();
    for (const bad of [tampered, expired, otherKey, link('9999'), 'nope', 'A'.repeat(400)]) {
      const res = await request(app).get(`/track/${bad}`).set('Accept-Language', 'fr-FR,fr;q=0.9').expect(404).expect('Content-Type', /text\/html/);
      expect(res.text).to.contain('<h1>Ce lien de suivi ne fonctionne pas</h1>');
      expect(res.text).to.match(/<html lang="fr">/);
      expect(res.text).not.to.contain('1001');
      expect(res.headers['cache-control']).to.equal('no-store');
      bodies.add(res.text);
      await request(app).post(`/track/${bad}/chat`).expect(404);
    }
    expect(bodies.size).to.equal(1);
  });

  it('sends the security headers: no caching, no indexing, no referrer, no inline scripts, no framing', async () => {
    const res = await request(app).get(`/track/${link('1001')}`).expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-robots-tag']).to.equal('noindex, nofollow');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'").and.to.contain("frame-ancestors 'self'");
    expect(res.text).to.contain('<meta name="robots" content="noindex, nofollow">');
    const css = await request(app).get('/track/page.css').expect(200).expect('Content-Type', /text\/css/);
    expect(css.text).to.contain('--accent');
  });

  it('keeps the token out of the request log', async () => {
    const capture = captureLogger('debug');
    const logged = createApp({ logger: capture.logger, requestLog: { all: true, slowMs: 1000 }, routers: [trackingPageRouter({ pages: wismo.trackingPages, brand: { shopName: 'Acme', color: '#0b6e4f' }, chat: () => ({}) })] });
    const good = link('1001');
    const bad = `${good.slice(0, -2)}xx`;
    await request(logged).get(`/track/${good}?lang=de`).expect(200);
    await request(logged).get(`/track/${bad}`).expect(404);
    await request(logged).post(`/track/${good}/chat`).expect(200);
    const urls = capture.lines.map((l) => (l.req as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).to.deep.equal(['/track/:token', '/track/:token', '/track/:token/chat']);
    const all = JSON.stringify(capture.lines);
    expect(all).not.to.contain(good.slice(0, 20));
    expect(all).not.to.contain(bad.slice(0, 20));
  });

  it('the page\'s chat starts verified for its order: "where is my order?" is answered without asking for details', async () => {
    const issued = (await request(app).post(`/track/${link('1001', 'es')}/chat`).expect(200)).body;
    expect(issued.userId).to.match(/^dl_/);
    expect(issued.domain).to.equal('/v3/directline');
    const say = await directLine(app, issued.token, issued.conversationId);
    const [reply] = await say('¿dónde está mi pedido?', 'es-ES');
    expect(reply.text).to.contain('1Z999AA10123456784');
    expect(reply.text).not.to.match(/correo|e-?mail|código postal/i);
    expect(reply.channelData?.wismo?.orderId).to.equal('1001');
    // A greeting stays a greeting.
    const [hello] = await say('hola');
    expect(hello.text).not.to.contain('1Z999AA10123456784');

    // The plain chat token endpoint never pre-links, whatever the browser sends.
    const plain = (await request(app).post('/webchat/token').send({ verifiedOrderId: '1001', orderId: '1001' }).expect(200)).body;
    const ask = await directLine(app, plain.token, plain.conversationId);
    const [asked] = await ask('where is my order?');
    expect(asked.text).not.to.contain('1Z999AA10123456784');
    expect(asked.channelData?.wismo?.orderId).to.equal(undefined);
  });

  it('a verified conversation\'s order answer ends with a working link to the page; an unverified one has none', async () => {
    const plain = (await request(app).post('/webchat/token').send({}).expect(200)).body;
    const say = await directLine(app, plain.token, plain.conversationId);
    const [ask] = await say('¿dónde está mi pedido 1001?', 'es-ES');
    expect(ask.text).not.to.match(/\/track\/|Todo sobre tu pedido/);
    const [answer] = await say('ana@example.com', 'es-ES');
    expect(answer.channelData?.wismo?.orderId).to.equal('1001');
    const last = answer.text.split('\n').at(-1)!;
    expect(last).to.match(/^Todo sobre tu pedido en una sola página: https:\/\/bot\.example\.com\/track\/[A-Za-z0-9_-]+$/);
    const token = linkIn(last)!;
    expect(token).not.to.contain('1001');
    const page = await request(app).get(`/track/${token}`).expect(200);
    expect(page.text).to.contain('<h1>Pedido 1001</h1>');
    expect(tokens.open(token, new Date(Date.now() + 59 * DAY))?.orderId).to.equal('1001');
    expect(tokens.open(token, new Date(Date.now() + 61 * DAY))).to.equal(undefined);
  });

  it('without a configured PUBLIC_BASE_URL answers carry no link (the localhost default is no address for a shopper)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_API_KEY: 'tracking-admin-key-0123456789', DIRECTLINE_SECRET: 'tracking-directline-secret-0123' });
    const bare = await buildWismo({ config, logger: createLogger('silent'), store: db.store });
    try {
      const plain = (await request(bare.app).post('/webchat/token').send({}).expect(200)).body;
      const say = await directLine(bare.app, plain.token, plain.conversationId);
      await say('where is my order 1001?');
      const [answer] = await say('ana@example.com');
      expect(answer.text).to.contain('1Z999AA10123456784');
      // (carrier.example/track/1Z... is the carrier's own link)
      expect(answer.text).not.to.match(/localhost[^\s]*\/track\/|Everything about your order/);
      // The pages themselves still work, with the key derived from the Direct Line secret.
      const derived = new TrackingTokens('tracking-directline-secret-0123').issue({ orderId: '1001', lang: 'en', expiresAt: new Date(Date.now() + DAY) });
      await request(bare.app).get(`/track/${derived}`).expect(200);
      await request(bare.app).get(`/track/${link('1001')}`).expect(404);
    } finally {
      await bare.close();
    }
  });
});
