import { expect } from 'chai';
import request from 'supertest';
import { Router } from 'express';
import { createApp } from '../../src/http/app';
import { requireAdmin } from '../../src/http/auth';
import { createLogger, maskPii, type Logger } from '../../src/log/logger';

/** A logger writing into an array (the pino destination), one parsed JSON line per entry. */
function capture(level = 'trace'): { logger: Logger; lines: string[]; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => { lines.push(chunk); } });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('log: PII masking and redaction', () => {
  it('maskPii masks emails and phone numbers in free text', () => {
    expect(maskPii('mail ana.lima@example.com or call +1 (512) 555-0101'))
      .to.equal('mail a***@example.com or call ***01');
  });

  it('masks emails and phones in messages and in nested fields', () => {
    const { logger, lines, entries } = capture();
    logger.info({ customer: { email: 'ana@example.com', phones: ['+15125550101'] }, note: 'reach ben@example.org' }, 'linked order for ana@example.com at +447700900107');
    const out = lines.join('');
    for (const pii of ['ana@example.com', 'ben@example.org', '5125550101', '7700900107']) expect(out).not.to.include(pii);
    const [entry] = entries();
    expect(entry.msg).to.equal('linked order for a***@example.com at ***07');
    expect(entry.customer).to.deep.equal({ email: 'a***@example.com', phones: ['***01'] });
  });

  it('masks PII in a logged error\'s message and stack (database errors quote values)', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('duplicate key value violates unique constraint: Key (email)=(ana@example.com) already exists'), {
      code: '23505', detail: 'Key (phone)=(+15125550101) already exists.',
    });
    logger.error({ err }, 'upsert failed');
    const out = lines.join('');
    expect(out).not.to.include('ana@example.com');
    expect(out).not.to.include('5125550101');
    expect(out).to.include('23505');
    expect(out).to.include('a***@example.com');
    expect(out).to.include('duplicate key value');
  });

  it('redacts authorization headers and secret-named fields', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer s3cr3t-admin-key', host: 'bot.example.com' } }, twilio: { token: 'tok-123456' } }, 'incoming');
    const out = lines.join('');
    expect(out).not.to.include('s3cr3t-admin-key');
    expect(out).not.to.include('tok-123456');
    expect(out).to.include('[redacted]');
    expect(out).to.include('bot.example.com');
  });

  it('never writes the admin key of an HTTP request to the log', async () => {
    const { logger, lines, entries } = capture();
    const router = Router();
    router.get('/admin-only', requireAdmin('the-real-admin-key-000'), (_req, res) => { res.json({ ok: true }); });
    const app = createApp({ logger, routers: [router] });
    await request(app).get('/admin-only?email=ana@example.com').set('Authorization', 'Bearer the-real-admin-key-000').expect(200);
    await request(app).get('/admin-only').set('Authorization', 'Bearer wrong-key-999999').expect(401);
    expect(entries().length).to.be.greaterThan(1); // the requests were logged at all
    const out = lines.join('');
    expect(out).not.to.include('the-real-admin-key-000');
    expect(out).not.to.include('wrong-key-999999');
    expect(out).not.to.include('ana@example.com');
  });
});
