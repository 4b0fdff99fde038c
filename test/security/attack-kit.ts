/**
 * What the verification attacks share: a whole bot (buildWismo) on a test store, orders of
 * the attacks' own, a Direct Line client that can claim a client address, and signed SMS.
 */
import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import type { Store } from '../../src/store/db';
import { openTestStore, tempDir, type TestStore } from '../helpers/db';
import { FakeTwilio } from '../helpers/fake-twilio';
import { PUBLIC_BASE_URL, postSigned, testAccountSid, twimlMessages } from '../helpers/twilio-test-kit';

export const ADMIN = 'security-admin-key-0123456789';
export const SECRET = 'security-directline-secret-0123456789';

export async function attackBot(store: Store, twilio: FakeTwilio, env: Record<string, string> = {}, options: { clock?: () => Date } = {}): Promise<Wismo> {
  const config = loadConfig({
    NODE_ENV: 'test', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', PUBLIC_BASE_URL,
    ADMIN_API_KEY: ADMIN, DIRECTLINE_SECRET: SECRET, SUPPORT_HOURS: 'always',
    TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: twilio.baseUrl,
    // Bots of one test run that share Redis keep their queues apart (instances of one bot share them: pass the same prefix).
    ...(env.REDIS_URL && !env.QUEUE_PREFIX ? { QUEUE_PREFIX: `t${crypto.randomBytes(4).toString('hex')}` } : {}),
    ...env,
  });
  return buildWismo({ config, logger: createLogger('silent'), store, clock: options.clock });
}

/** A whole bot on a fresh test store with a fake Twilio, for one test file: open in before(), close in after(). */
export async function openTestBot(env: Record<string, string> = {}): Promise<{ app: Express; wismo: Wismo; db: TestStore; close(): Promise<void> }> {
  const db = await openTestStore();
  const twilio = await new FakeTwilio(testAccountSid(), `test-twilio-token-${crypto.randomBytes(4).toString('hex')}`).start();
  const wismo = await attackBot(db.store, twilio, env);
  return {
    app: wismo.app, wismo, db,
    close: async () => {
      await wismo.close();
      await twilio.stop();
      await db.cleanup();
    },
  };
}

/** A victim's order with facts an attacker must never see. */
export interface Victim {
  id: string;
  email: string;
  phone: string;
  postcode: string;
  tracking: string;
  street: string;
  item: string;
}

let serial = 0;
export function victim(): Victim {
  const n = `${Date.now() % 100000}${++serial}`.padStart(6, '0');
  return {
    id: `9${n}`,
    email: `victim${n}@example.com`,
    phone: `+1512555${n.slice(-4)}`,
    postcode: String(60000 + (Number(n) % 30000)),
    tracking: `1ZSEC${n}X${crypto.randomBytes(3).toString('hex').toUpperCase()}`,
    street: `${serial} Hidden Orchard Lane`,
    item: `Secret teapot ${n}`,
  };
}

export async function ingest(app: Express, victims: Victim[]): Promise<void> {
  const orders = victims.map((v) => ({
    id: v.id, placedAt: new Date(Date.now() - 86_400_000).toISOString(), status: 'open',
    customer: { name: 'Vera Victim', email: v.email, phone: v.phone, locale: 'en-US' },
    shippingAddress: { line1: v.street, city: 'Austin', region: 'TX', postalCode: v.postcode, country: 'US' },
    items: [{ sku: 'TEA-1', name: v.item, quantity: 1 }],
    shipments: [{ id: 'S1', carrier: 'ups', trackingNumber: v.tracking, items: [{ sku: 'TEA-1', quantity: 1 }], status: 'in_transit', estimatedDelivery: '2030-01-02' }],
  }));
  await request(app).post('/api/v1/orders').set('Authorization', `Bearer ${ADMIN}`).send(orders).expect(200);
}

export interface BotReply {
  text: string;
  wismo: { intent: string; orderId?: string; handoff: boolean };
}

/** A web chat shopper: a fresh Direct Line conversation and user, from a client address. */
export async function webchat(app: Express, client = '203.0.113.10', locale = 'en-US') {
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const started = await request(app).post('/v3/directline/conversations').set(bearer(SECRET)).set('X-Forwarded-For', client).expect(201);
  const { conversationId, token } = started.body as { conversationId: string; token: string };
  const userId = `attacker-${crypto.randomBytes(6).toString('hex')}`;
  let watermark = '';
  return {
    conversationId,
    token,
    async say(text: string, onApp: Express = app): Promise<BotReply[]> {
      await request(onApp).post(`/v3/directline/conversations/${conversationId}/activities`).set(bearer(token)).set('X-Forwarded-For', client)
        .send({ type: 'message', from: { id: userId }, text, locale }).expect(200);
      const res = await request(onApp).get(`/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`).set(bearer(token)).expect(200);
      watermark = res.body.watermark;
      return (res.body.activities as { from: { role: string }; text: string; channelData: { wismo: BotReply['wismo'] } }[])
        .filter((a) => a.from.role === 'bot')
        .map((a) => ({ text: a.text, wismo: a.channelData.wismo }));
    },
  };
}

let smsSerial = 0;
/** One signed inbound SMS (or WhatsApp, with a whatsapp: address); the TwiML replies as text. */
export async function sms(app: Express, twilio: FakeTwilio, from: string, body: string): Promise<string> {
  const res = await postSigned(app, twilio, '/channels/twilio/sms', {
    MessageSid: 'SM' + crypto.createHash('md5').update(`${Date.now()}-${++smsSerial}`).digest('hex'),
    AccountSid: twilio.accountSid, From: from, To: from.startsWith('whatsapp:') ? 'whatsapp:+15005550006' : '+15005550006', Body: body, NumMedia: '0',
  }).expect(200);
  return twimlMessages(res.text).join('\n');
}

/** Nothing about the victim's order was told, and no reply was linked to it. */
export function expectNothingRevealed(v: Victim, replies: BotReply[] | string): void {
  const text = typeof replies === 'string' ? replies : replies.map((r) => r.text).join('\n');
  expect(text).not.to.contain(v.tracking);
  expect(text).not.to.contain(v.street);
  expect(text).not.to.contain(v.item);
  if (typeof replies !== 'string') for (const r of replies) expect(r.wismo.orderId, `reply "${r.text}" carries an order id`).to.equal(undefined);
}

export const joined = (replies: BotReply[]) => replies.map((r) => r.text).join('\n');
