import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { openTestStore, requireServer, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { postSigned, testAccountSid, twimlMessages, waitFor } from '../helpers/twilio-test-kit';
import { ADMIN, attackBot } from '../security/attack-kit';
import { startFakeGraph } from '../helpers/fake-graph';
import { envelope, postWebhook, textEvent } from '../helpers/messenger-webhooks';
import { inHoldout } from '../../src/proactive/notices';
import type { Wismo } from '../../src/app/container';

const SMS = '/channels/twilio/sms';
// Tuesday 24 November 2026. Madrid is UTC+1: 06:30 UTC is 07:30 there (quiet until 08:00).
const NIGHT_IN_MADRID = new Date('2026-11-24T06:30:00Z');
const MORNING_IN_MADRID = new Date('2026-11-24T07:05:00Z');

let serial = 0;
/** An order number of this run that the holdout (10% in the demo knowledge) does or does not take. */
function orderNumber(holdout: boolean): string {
  for (;;) {
    const id = `N${Date.now() % 100000}${++serial}`;
    if (inHoldout(id, 10) === holdout) return id;
  }
}

/** An order placed long before `NIGHT_IN_MADRID`, nothing shipped: its ship-by day has passed. */
function lateOrder(id: string, phone: string, extra: { locale?: string; consent?: boolean } = {}) {
  return {
    id, placedAt: '2026-11-02T10:00:00Z', status: 'open',
    customer: { name: 'Lucía Gómez', email: `lucia.${id}@example.com`, phone, ...(extra.locale ? { locale: extra.locale } : {}), ...(extra.consent === false ? {} : { consent: { sms: true } }) },
    shippingAddress: { line1: 'Calle Mayor 5', city: 'Madrid', postalCode: '28013', country: 'ES' },
    items: [{ sku: 'MUG', name: 'Taza azul', quantity: 1 }],
    shipments: [],
  };
}

const phone = () => `+3461${String(crypto.randomInt(1_000_000, 9_999_999))}`;

/**
 * Proactive notices end to end with a fake Twilio: a late order gets exactly one notice, in the
 * shopper's language, held through the shopper's night; a number that said STOP, an order in the
 * holdout, or one without consent gets nothing; a second instance or a restart sends nothing twice;
 * a reply to the notice lands with the order linked.
 */
describe('proactive notices', function () {
  this.timeout(90_000);
  let t: TestStore;
  let twilio: FakeTwilio;
  let bot: Wismo;
  /** The bot's clock when a test sets it (what the order change feed decides with), else the real one. */
  let clock: Date | undefined;

  before(async () => {
    t = await openTestStore();
    twilio = await new FakeTwilio(testAccountSid(), `tok-${crypto.randomBytes(4).toString('hex')}`).start();
    bot = await attackBot(t.store, twilio, {}, { clock: () => clock ?? new Date() });
  });
  after(async () => {
    await bot?.close();
    await twilio?.stop();
    await t?.cleanup();
  });

  const ingest = (orders: unknown[]) => request(bot.app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send(orders).expect(200);
  const notices = async (orderId: string) => (await request(bot.app).get(`/api/v1/notices?orderId=${orderId}`).set('Authorization', `Bearer ${ADMIN}`).expect(200)).body.notices;
  const sentTo = (to: string) => twilio.messages.filter((m) => m.to === to);

  it('a late order: held through the shopper\'s night, then exactly one notice in their language, and a reply lands with the order linked', async () => {
    const id = orderNumber(false);
    const to = phone();
    // The same shopper has a newer order too: the reply must land on the one the notice was about.
    const other = orderNumber(false);
    await ingest([lateOrder(id, to, { locale: 'es-ES' }), { ...lateOrder(other, to, { locale: 'es-ES' }), placedAt: '2026-11-23T10:00:00Z' }]);

    await bot.proactive.run(NIGHT_IN_MADRID);
    const [held] = await notices(id);
    expect(held).to.deep.include({ kind: 'ship_by_passed', state: 'pending', reason: 'quiet_hours', dueAt: '2026-11-24T07:00:00.000Z' });
    expect(sentTo(to)).to.have.length(0);

    await bot.proactive.run(MORNING_IN_MADRID);
    await bot.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 60_000));
    const sent = sentTo(to);
    expect(sent).to.have.length(1);
    expect(sent[0].body).to.contain(`Novedades de tu pedido ${id}`);
    // The tracking page link, in Spanish.
    expect(sent[0].body).to.match(/https:\/\/bot\.example\.com\/track\/[\w-]+/);
    const [notice] = await notices(id);
    expect(notice).to.deep.include({ state: 'sent', channel: 'sms', language: 'es' });

    // The shopper answers the text: the order is already linked (the number is the order's phone).
    const reply = await postSigned(bot.app, twilio, SMS, twilio.inbound({ From: to, Body: '¿y cuándo llega?' })).expect(200);
    const text = twimlMessages(reply.text).join(' ') + sentTo(to).slice(1).map((m) => m.body).join(' ');
    expect(text).to.contain(id);
    expect(text).to.not.contain(other);
  });

  it('two detections of one order on the same day: one notice, the other held a day', async () => {
    const id = orderNumber(false);
    const to = phone();
    await ingest([lateOrder(id, to, { locale: 'es-ES' })]);
    await bot.proactive.run(NIGHT_IN_MADRID);
    // The merchant reports a delay while the first notice waits out the night: the change feed
    // detects it and decides at once, on the bot's clock.
    clock = new Date(NIGHT_IN_MADRID.getTime() + 5 * 60_000);
    try {
      await request(bot.app).post(`/api/v1/orders/${id}/events`).set('Authorization', `Bearer ${ADMIN}`).send({ type: 'fulfilment_delayed', shipBy: '2026-11-30' }).expect(201);
      await bot.changes.kick();
      await bot.changes.idle();
    } finally {
      clock = undefined;
    }
    await bot.proactive.run(MORNING_IN_MADRID);
    await bot.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 3_600_000));
    expect(sentTo(to)).to.have.length(1);
    const states = (await notices(id)).map((n: { kind: string; state: string; reason?: string }) => [n.kind, n.state, n.reason]).sort();
    expect(states.filter((s: string[]) => s[1] === 'sent')).to.have.length(1);
    expect(states.filter((s: string[]) => s[1] === 'pending' && s[2] === 'daily_limit')).to.have.length(1);
  });

  it('a number that said STOP gets nothing, and the notice says why', async () => {
    const id = orderNumber(false);
    const to = phone();
    await postSigned(bot.app, twilio, SMS, twilio.inbound({ From: to, Body: 'STOP' })).expect(200);
    const before = twilio.messages.length;
    await ingest([lateOrder(id, to, { locale: 'es-ES' })]);
    await bot.proactive.run(MORNING_IN_MADRID);
    expect(twilio.messages.slice(before).filter((m) => m.to === to)).to.have.length(0);
    expect((await notices(id))[0]).to.deep.include({ state: 'suppressed', reason: 'opted_out' });
  });

  it('an order in the holdout gets nothing; one without consent gets nothing either', async () => {
    const held = orderNumber(true);
    const noConsent = orderNumber(false);
    const a = phone();
    const b = phone();
    await ingest([lateOrder(held, a), lateOrder(noConsent, b, { consent: false })]);
    await bot.proactive.run(MORNING_IN_MADRID);
    expect(sentTo(a)).to.have.length(0);
    expect(sentTo(b)).to.have.length(0);
    expect((await notices(held))[0]).to.deep.include({ state: 'suppressed', reason: 'holdout' });
    // Kept with the detection: what the bot would have said.
    expect((await notices(held))[0].text).to.contain(`An update on your order ${held}: it is taking longer than we promised`);
    // Email is the next channel, but no SMTP is configured here.
    expect((await notices(noConsent))[0]).to.deep.include({ state: 'suppressed', reason: 'no_consent' });
  });

  it('a second instance and a restart send nothing twice', async () => {
    const id = orderNumber(false);
    const to = phone();
    await ingest([lateOrder(id, to)]);
    const second = await attackBot(t.store, twilio);
    try {
      await Promise.all([bot.proactive.run(MORNING_IN_MADRID), second.proactive.run(MORNING_IN_MADRID)]);
      await second.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 3_600_000));
    } finally {
      await second.close();
    }
    const restarted = await attackBot(t.store, twilio);
    try {
      await restarted.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 2 * 86_400_000));
    } finally {
      await restarted.close();
    }
    expect(sentTo(to)).to.have.length(1);
    // No locale: English.
    expect(sentTo(to)[0].body).to.contain(`An update on your order ${id}`);
  });

  it('reports notices by kind and outcome', async () => {
    const res = await request(bot.app).get('/api/v1/notices/report?from=2026-01-01').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    type Row = { kind: string; detected: number; sent: number; failed: number; pending: number; suppressed: Record<string, number> };
    const kinds = res.body.kinds as Row[];
    expect(kinds.map((k) => k.kind).sort()).to.deep.equal(['fulfilment_delayed', 'ship_by_passed']);
    const sum = (f: (k: Row) => number) => kinds.reduce((n, k) => n + f(k), 0);
    // Late orders: 7 ship-by detections (the first test's newer order is late by the restart's run,
    // two days on) and one merchant delay; 5 told (the merchant delay once its order's daily limit
    // passed), 3 suppressed.
    expect({ detected: sum((k) => k.detected), sent: sum((k) => k.sent), failed: sum((k) => k.failed), pending: sum((k) => k.pending) })
      .to.deep.equal({ detected: 8, sent: 5, failed: 0, pending: 0 });
    expect(kinds.find((k) => k.kind === 'ship_by_passed')!.suppressed).to.deep.equal({ opted_out: 1, holdout: 1, no_consent: 1 });
    await request(bot.app).get('/api/v1/notices/report').expect(401);
    // Without Redis, /health says what the notices lack.
    const health = await request(bot.app).get('/health').expect(200);
    expect(health.body.features.delayNotices).to.deep.include({ on: true });
    expect(health.body.features.delayNotices.why).to.match(/sent in this process, no rate limits or retries/);
    await request(bot.app).get('/api/v1/notices/report?from=nope').set('Authorization', `Bearer ${ADMIN}`).expect(400);
  });

  it('Messenger: a shopper who asked about the order there gets the notice there, through the Send API', async () => {
    const graph = await startFakeGraph({ pageToken: 'EAAG-page-token-notices' });
    const secret = 'messenger-app-secret-notices';
    const m = await attackBot(t.store, twilio, {
      MESSENGER_APP_SECRET: secret, MESSENGER_VERIFY_TOKEN: 'verify-notices', MESSENGER_PAGE_TOKEN: 'EAAG-page-token-notices', GRAPH_API_BASE_URL: graph.baseUrl,
    });
    try {
      const id = orderNumber(false);
      const psid = `${Date.now()}77`;
      // No phone on this order: SMS and WhatsApp cannot be used, Messenger comes next in the list.
      const { phone: _none, ...customer } = lateOrder(id, phone(), { locale: 'fr-FR' }).customer;
      await request(m.app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send([{ ...lateOrder(id, '+33600000000'), customer }]).expect(200);
      await postWebhook(m.app, envelope({ messaging: [textEvent(psid, `où est ma commande ${id} ? ${customer.email}`)] }), secret).expect(200);
      // The answer (late: it also brings in a person) comes in several messages: wait until they are all out.
      await graph.waitForSent(1);
      for (let n = -1; n !== graph.sent.length;) {
        n = graph.sent.length;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      expect(JSON.stringify(graph.sent)).to.contain(id);
      const before = graph.sent.length;

      await m.proactive.run(MORNING_IN_MADRID);
      await graph.waitForSent(before + 1);
      const sent = graph.sent.slice(before);
      expect(sent).to.have.length(1);
      expect(sent[0].recipientId).to.equal(psid);
      expect(sent[0].message?.text).to.contain(`Des nouvelles de votre commande ${id}`);
      expect((await notices(id))[0]).to.deep.include({ state: 'sent', channel: 'messenger', language: 'fr' });
    } finally {
      await m.close();
      await graph.close();
    }
  });

  it('one run tells every late order, however many batches the scan takes', async () => {
    // More late orders than one batch of the scan (500).
    const many = Array.from({ length: 520 }, () => ({ id: orderNumber(false), to: phone() }));
    for (let i = 0; i < many.length; i += 260) await ingest(many.slice(i, i + 260).map((o) => lateOrder(o.id, o.to)));
    const { batches, detected } = await bot.proactive.run(MORNING_IN_MADRID);
    expect(batches).to.be.greaterThan(1);
    expect(detected).to.equal(many.length);
    for (const o of many) expect(sentTo(o.to), o.id).to.have.length(1);
    // The next run starts a new pass and finds nothing new.
    expect((await bot.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 60_000))).detected).to.equal(0);
  });

  describe('through BullMQ (REDIS_URL)', () => {
    before(requireServer('redis'));

    it('two instances with workers send a late order\'s notice once, within the SMS rate', async () => {
      // Two instances of one bot: one database, one set of queues.
      const env = { REDIS_URL: process.env.REDIS_URL!, NOTICE_RATES: 'sms=5', QUEUE_PREFIX: `n${crypto.randomBytes(4).toString('hex')}` };
      const a = await attackBot(t.store, twilio, env);
      const b = await attackBot(t.store, twilio, env);
      try {
        const id = orderNumber(false);
        const to = phone();
        await ingest([lateOrder(id, to, { locale: 'es-ES' })]);
        await Promise.all([a.proactive.run(MORNING_IN_MADRID), b.proactive.run(MORNING_IN_MADRID)]);
        await waitFor(() => sentTo(to).length > 0, 20_000, 'the queued notice');
        // A lease that ran out while the job waited hands the notice to its queue again: the job id keeps it one.
        await a.proactive.run(new Date(MORNING_IN_MADRID.getTime() + 11 * 60_000));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(sentTo(to)).to.have.length(1);
        expect(sentTo(to)[0].body).to.contain(`Novedades de tu pedido ${id}`);
        expect((await notices(id))[0]).to.deep.include({ state: 'sent', channel: 'sms' });
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
