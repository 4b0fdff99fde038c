import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../src/config';
import type { FakeTwilio } from './fake-twilio';

export const PUBLIC_BASE_URL = 'https://bot.example.com';

export function testAccountSid(): string {
  return 'AC' + crypto.randomBytes(16).toString('hex');
}

/** A configuration for the Twilio channels, pointed at the fake REST server. */
export function twilioConfig(fake: FakeTwilio, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), 'wismo-twilio-config'),
    ADMIN_API_KEY: 'test-admin-key-0123456789',
    DIRECTLINE_SECRET: 'test-directline-secret-0123',
    PUBLIC_BASE_URL,
    BODY_LIMIT: '20kb',
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: fake.baseUrl,
    ...extra,
  });
}

/** POSTs a form as Twilio does: signed over PUBLIC_BASE_URL + path (signature: false = none, string = that one). */
export function postSigned(app: Express, fake: FakeTwilio, pathAndQuery: string, params: Record<string, string>, signature?: string | false) {
  const req = request(app).post(pathAndQuery).type('form');
  const sig = signature === undefined ? fake.sign(PUBLIC_BASE_URL + pathAndQuery, params) : signature;
  if (sig !== false) req.set('X-Twilio-Signature', sig);
  return req.send(new URLSearchParams(params).toString());
}

/** The <Message> bodies of a TwiML answer. */
export function twimlMessages(xml: string): string[] {
  return [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1]));
}

export function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
