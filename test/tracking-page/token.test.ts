import { expect } from 'chai';
import { TrackingTokens } from '../../src/tracking-page/token';

describe('tracking page: link tokens (AES-256-GCM)', () => {
  const SECRET = 'tracking-page-secret-for-tests-0123456789';
  const tokens = new TrackingTokens(SECRET);
  const now = new Date('2026-11-20T12:00:00Z');
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);

  it('opens what it issued: the order, the language and the expiry (to the second)', () => {
    const token = tokens.issue({ orderId: 'SH-1001', lang: 'de', expiresAt: inDays(60) });
    expect(token).to.match(/^[A-Za-z0-9_-]+$/);
    expect(tokens.open(token, now)).to.deep.equal({ orderId: 'SH-1001', lang: 'de', expiresAt: inDays(60) });
    // Another key instance from the same secret (another bot instance) opens it too: no shared state.
    expect(new TrackingTokens(SECRET).open(token, inDays(59))?.orderId).to.equal('SH-1001');
    expect(tokens.open(tokens.issue({ orderId: '订单-7', lang: 'zh', expiresAt: inDays(1) }), now)).to.include({ orderId: '订单-7', lang: 'zh' });
  });

  it('carries no readable order number, and two links for one order differ', () => {
    const a = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: inDays(60) });
    const b = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: inDays(60) });
    expect(a).not.to.equal(b);
    for (const token of [a, b]) {
      expect(token).not.to.contain('1001');
      const raw = Buffer.from(token, 'base64url');
      expect(raw.includes(Buffer.from('1001'))).to.equal(false);
      expect(raw.toString('latin1')).not.to.contain('1001');
      // 1 version + 12 IV + 5 header + 4 id + 16 tag: short enough for an SMS.
      expect(raw.length).to.equal(38);
    }
  });

  it('refuses a token with any one byte changed', () => {
    const token = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: inDays(60) });
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const changed = Buffer.from(raw);
      changed[i] ^= 0x01;
      expect(tokens.open(changed.toString('base64url'), now), `byte ${i}`).to.equal(undefined);
    }
    // Cut short, lengthened, or another spelling of the same bytes.
    expect(tokens.open(token.slice(0, -1), now)).to.equal(undefined);
    expect(tokens.open(token + 'A', now)).to.equal(undefined);
    expect(tokens.open(`${token}=`, now)).to.equal(undefined);
    expect(tokens.open('', now)).to.equal(undefined);
    expect(tokens.open('not a token!', now)).to.equal(undefined);
    expect(tokens.open('A'.repeat(5000), now)).to.equal(undefined);
  });

  it('refuses an expired token, and one made with another key', () => {
    const token = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: inDays(60) });
    expect(tokens.open(token, inDays(59.99))?.orderId).to.equal('1001');
    expect(tokens.open(token, inDays(60))).to.equal(undefined);
    expect(tokens.open(token, inDays(61))).to.equal(undefined);
    const stale = tokens.issue({ orderId: '1001', lang: 'en', expiresAt: inDays(-1) });
    expect(tokens.open(stale, now)).to.equal(undefined);
    expect(new TrackingTokens('another-secret-entirely-0123456789').open(token, now)).to.equal(undefined);
  });

  it('refuses to make a link it could not open again', () => {
    expect(() => tokens.issue({ orderId: '', lang: 'en', expiresAt: inDays(1) })).to.throw(/order id/);
    expect(() => tokens.issue({ orderId: 'x'.repeat(300), lang: 'en', expiresAt: inDays(1) })).to.throw(/order id/);
    expect(() => new TrackingTokens('short')).to.throw(/16 characters/);
  });
});
