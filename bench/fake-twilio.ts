/**
 * The notices bench's fake Twilio, run as its own process (bench/notices.ts starts it): Twilio's
 * Messages API wire format like the tests' fake (test/helpers/fake-twilio.ts): `POST
 * /2010-04-01/Accounts/{Sid}/Messages.json` with HTTP Basic and a form body, 201 with a message
 * resource (`status: "queued"`), Twilio's error JSON otherwise, and a retry with the same
 * `I-Twilio-Idempotency-Token` answered with the same message. Unlike the tests' fake it keeps
 * no requests, only counts: `GET /bench/stats` (messages, distinct recipients, repeated tokens,
 * refused requests, first and last accepted message as epoch ms), `POST /bench/reset`.
 * BENCH_TWILIO_SID and BENCH_TWILIO_TOKEN are the credentials. Prints "READY <url>".
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const accountSid = process.env.BENCH_TWILIO_SID ?? '';
const authToken = process.env.BENCH_TWILIO_TOKEN ?? '';
const expectedAuth = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

let stats = fresh();
function fresh() {
  return { messages: 0, recipients: new Set<string>(), repeated: 0, refused: 0, firstAt: 0, lastAt: 0, byToken: new Map<string, string>() };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '').split('?')[0];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/bench/stats') {
      const { recipients, byToken: _tokens, ...counts } = stats;
      return reply(200, { ...counts, recipients: recipients.size });
    }
    if (path === '/bench/reset') {
      stats = fresh();
      return reply(200, {});
    }
    const error = (status: number, code: number, message: string) => {
      stats.refused += 1;
      reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    };
    const m = MESSAGES.exec(path);
    if (!m || req.method !== 'POST') return error(404, 20404, 'The requested resource was not found');
    const auth = req.headers.authorization ?? '';
    if (auth.length !== expectedAuth.length || !crypto.timingSafeEqual(Buffer.from(auth), Buffer.from(expectedAuth)) || m[1] !== accountSid) {
      return error(401, 20003, 'Authenticate');
    }
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const token = req.headers['i-twilio-idempotency-token'];
    const known = typeof token === 'string' ? stats.byToken.get(token) : undefined;
    if (!known) {
      if (!/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(form.To ?? '')) return error(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
      if (!form.From && !form.MessagingServiceSid) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required");
      if (!form.Body && !form.ContentSid) return error(400, 21602, 'Message body is required.');
    }
    const sid = known ?? `SM${crypto.randomBytes(16).toString('hex')}`;
    if (known) stats.repeated += 1;
    else {
      stats.messages += 1;
      stats.recipients.add(form.To);
      stats.lastAt = Date.now();
      stats.firstAt ||= stats.lastAt;
      if (typeof token === 'string') stats.byToken.set(token, sid);
    }
    const now = new Date().toUTCString().replace('GMT', '+0000');
    reply(201, {
      sid, account_sid: accountSid, to: form.To, from: form.From ?? null, messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body ?? '', status: form.MessagingServiceSid ? 'accepted' : 'queued', num_segments: String(Math.max(1, Math.ceil((form.Body ?? '').length / 153))),
      num_media: '0', direction: 'outbound-api', api_version: '2010-04-01', price: null, price_unit: 'USD', error_code: null, error_message: null,
      date_created: now, date_updated: now, date_sent: null, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    });
  });
});

server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
