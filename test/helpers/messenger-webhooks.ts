import crypto from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';

/**
 * Builds and posts Messenger webhooks the way Meta does: a `{"object":"page","entry":[…]}`
 * envelope signed with `X-Hub-Signature-256: sha256=<HMAC-SHA256(raw body, app secret)>`.
 */
export const PAGE_ID = '110000000000001';

export function metaSignature(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

let counter = 0;
export function newMid(): string {
  return `m_${Date.now().toString(36)}_${++counter}_${crypto.randomBytes(6).toString('hex')}`;
}

export function textEvent(psid: string, text: string, mid = newMid()) {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text } };
}

export function quickReplyEvent(psid: string, title: string, payload: string, mid = newMid()) {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text: title, quick_reply: { payload } } };
}

export function postbackEvent(psid: string, title: string, payload: string, mid = newMid()) {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), postback: { mid, title, payload } };
}

/** Meta's copy of a message the Page sent (sender is the Page). */
export function echoEvent(psid: string, text: string, mid = newMid()) {
  return { sender: { id: PAGE_ID }, recipient: { id: psid }, timestamp: Date.now(), message: { mid, text, is_echo: true, app_id: 1234 } };
}

export function envelope(...entries: { messaging?: unknown[]; standby?: unknown[] }[]) {
  return { object: 'page', entry: entries.map((e) => ({ id: PAGE_ID, time: Date.now(), ...e })) };
}

/** POSTs a body signed with `appSecret` (or with the given signature header; null: none). */
export function postWebhook(app: Express, body: unknown, appSecret: string, signature?: string | null) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const req = request(app).post('/channels/messenger').set('content-type', 'application/json');
  const header = signature === undefined ? metaSignature(raw, appSecret) : signature;
  if (header !== null) req.set('x-hub-signature-256', header);
  return req.send(raw);
}
