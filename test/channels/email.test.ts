import type net from 'node:net';
import { expect } from 'chai';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createEmailChannel } from '../../channels/email';
import type { Channel } from '../../channels/kit/channel';
import { loadConfig } from '../../src/config';
import type { ProactiveMessage } from '../../src/vocabulary';
import { captureLogger } from '../helpers/capture-logger';
import { freePort } from '../helpers/net';

const USER = 'mailer';
const PASS = 'p@ss word';
const SHOPPER = 'jane.shopper@customer.example';
const FROM = 'Test Shop <orders@shop.example>';

interface Received {
  raw: string;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
  user?: string;
}

/** A real SMTP server in-process: it accepts, or answers RCPT TO with the reply a test sets. */
class FakeSmtp {
  readonly received: Received[] = [];
  connections = 0;
  /** A reply code for RCPT TO (550, 451...), or undefined to accept. */
  rcptReply: { code: number; text: string } | undefined;
  private readonly server: SMTPServer;
  private waiting: Array<() => void> = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        if (auth.username === USER && auth.password === PASS) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('invalid credentials'), { responseCode: 535 }));
      },
      onRcptTo: (_address, _session, callback) => {
        const reply = this.rcptReply;
        if (reply) callback(Object.assign(new Error(reply.text), { responseCode: reply.code }));
        else callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            const from = session.envelope.mailFrom;
            this.received.push({
              raw,
              parsed,
              envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              user: session.user as string | undefined,
            });
            for (const w of this.waiting.splice(0)) w();
            callback();
          }, callback);
        });
      },
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  url(): string {
    return `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASS)}@127.0.0.1:${this.port}`;
  }

  reset(): void {
    this.received.length = 0;
    this.connections = 0;
    this.rcptReply = undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function configWith(env: Record<string, string>) {
  return loadConfig({
    NODE_ENV: 'test',
    ADMIN_API_KEY: 'admin-key-for-tests-0000',
    DIRECTLINE_SECRET: 'directline-secret-for-tests',
    SHOP_NAME: 'Test Shop',
    ...env,
  });
}

const notice = (over: Partial<ProactiveMessage> = {}): ProactiveMessage => ({
  text: 'Your order SH-1001 is running late.',
  kind: 'notification',
  wismo: { intent: 'order_status', orderId: 'SH-1001', handoff: false },
  ...over,
});

const address = (senderId: string, channel = 'email') => ({ channel, conversationId: `email:${senderId}`, senderId });

const toAddresses = (to: AddressObject | AddressObject[] | undefined) => (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address));

describe('email channel (outbound SMTP through nodemailer)', function () {
  this.timeout(30_000);
  let smtp: FakeSmtp;
  let channel: Channel | undefined;
  let logs: ReturnType<typeof captureLogger>;

  before(async () => {
    smtp = new FakeSmtp();
    await smtp.listen();
  });
  after(async () => {
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.reset();
    logs = captureLogger('debug');
  });
  afterEach(async () => {
    await channel?.close?.();
    channel = undefined;
  });

  const open = (env: Record<string, string> = {}): Channel => {
    channel = createEmailChannel({ config: configWith({ SMTP_URL: smtp.url(), EMAIL_FROM: FROM, ...env }), logger: logs.logger });
    return channel;
  };

  describe('configuration', () => {
    it('is off without SMTP_URL and EMAIL_FROM, and says why', () => {
      const off = createEmailChannel({ config: configWith({}), logger: logs.logger });
      expect(off.name).to.equal('email');
      expect(off.serves).to.deep.equal(['email']);
      expect(off.status()).to.deep.equal({ on: false, why: 'SMTP_URL and EMAIL_FROM are unset: no notices by email' });
      expect(off.deliver).to.equal(undefined);
    });

    it('is off with only one of the two variables', () => {
      const noFrom = createEmailChannel({ config: configWith({ SMTP_URL: smtp.url() }), logger: logs.logger });
      expect(noFrom.status()).to.deep.equal({ on: false, why: 'EMAIL_FROM is unset: no notices by email' });
      const noUrl = createEmailChannel({ config: configWith({ EMAIL_FROM: FROM }), logger: logs.logger });
      expect(noUrl.status()).to.deep.equal({ on: false, why: 'SMTP_URL is unset: no notices by email' });
    });

    it('is on with both, and its status names the server but not the credentials', () => {
      const status = open().status();
      expect(status.on).to.equal(true);
      expect(status.why).to.equal(`outbound only, SMTP 127.0.0.1:${smtp.port} (STARTTLS when offered), pooled`);
      expect(status.why).not.to.include(USER);
    });

    it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing it', () => {
      expect(() => configWith({ SMTP_URL: 'http://user:hunter2@mail.example', EMAIL_FROM: FROM })).to.throw(/SMTP_URL: expected smtp:\/\/user:pass@host:587.*got "\*\*\*"/);
    });

    it('refuses an EMAIL_FROM that is not an address', () => {
      expect(() => configWith({ SMTP_URL: smtp.url(), EMAIL_FROM: 'Test Shop' })).to.throw(/EMAIL_FROM: expected an address/);
    });
  });

  describe('delivering', () => {
    it('sends the message with its subject, a text body and an escaped HTML alternative, and returns the Message-ID', async () => {
      const result = await open().deliver!(
        address(SHOPPER),
        notice({
          subject: 'Your order SH-1001 is late',
          text: 'Sorry, <script>alert("x")</script> your parcel is late.\nTrack it: https://shop.example/track/tok?a=1&b=2\n\nWe will write again.',
          suggestions: ['Where is my parcel?', 'Talk to a person'],
        }),
      );
      expect(result.ok, JSON.stringify(result)).to.equal(true);
      expect(smtp.received).to.have.length(1);
      const { parsed, envelope, user, raw } = smtp.received[0];
      if (!result.ok) throw new Error('unreachable');
      expect(result.providerMessageId).to.be.a('string').and.equal(parsed.messageId);

      expect(user).to.equal(USER);
      expect(envelope).to.deep.equal({ from: 'orders@shop.example', to: [SHOPPER] });
      expect(parsed.from?.value).to.deep.equal([{ address: 'orders@shop.example', name: 'Test Shop' }]);
      expect(toAddresses(parsed.to)).to.deep.equal([SHOPPER]);
      expect(parsed.subject).to.equal('Your order SH-1001 is late');
      expect(parsed.text).to.equal(
        'Sorry, <script>alert("x")</script> your parcel is late.\nTrack it: https://shop.example/track/tok?a=1&b=2\n\nWe will write again.\n\n- Where is my parcel?\n- Talk to a person\n',
      );

      const html = parsed.html as string;
      expect(html).to.be.a('string');
      expect(html).not.to.include('<script>');
      expect(html).to.include('<p>Sorry, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; your parcel is late.<br>\nTrack it: <a href="https://shop.example/track/tok?a=1&amp;b=2">https://shop.example/track/tok?a=1&amp;b=2</a></p>\n<p>We will write again.</p>');
      expect(html).to.include('<ul>\n<li>Where is my parcel?</li>\n<li>Talk to a person</li>\n</ul>');
      expect(html).to.include('<title>Your order SH-1001 is late</title>');

      expect(raw).to.match(/^Auto-Submitted: auto-generated\r$/m);
      expect(raw).not.to.match(/^List-Unsubscribe:/im);
    });

    it('falls back to the shop name and a default subject, and uses a given HTML as is', async () => {
      const result = await open().deliver!(address(SHOPPER), notice({ html: '<p>Our <b>own</b> template</p>' }));
      expect(result.ok).to.equal(true);
      const { parsed } = smtp.received[0];
      expect(parsed.subject).to.equal('Test Shop: an update on your order');
      expect(parsed.text).to.equal('Your order SH-1001 is running late.\n');
      expect(parsed.html).to.equal('<p>Our <b>own</b> template</p>');
    });

    it('keeps a subject on one line (no header injection)', async () => {
      await open().deliver!(address(SHOPPER), notice({ subject: 'Late\r\nBcc: thief@evil.example' }));
      const { parsed, envelope, raw } = smtp.received[0];
      expect(parsed.subject).to.equal('Late Bcc: thief@evil.example');
      expect(envelope.to).to.deep.equal([SHOPPER]);
      expect(raw).not.to.match(/^Bcc:/im);
    });

    it('adds List-Unsubscribe only when the message carries an unsubscribe URL', async () => {
      const result = await open().deliver!(address(SHOPPER), notice({ unsubscribeUrl: 'https://shop.example/notices/stop?t=abc' }));
      expect(result.ok).to.equal(true);
      expect(smtp.received[0].raw).to.match(/^List-Unsubscribe: <https:\/\/shop\.example\/notices\/stop\?t=abc>\r$/m);
    });

    it('refuses an unsubscribe URL that is not http(s) or mailto, without connecting', async () => {
      const result = await open().deliver!(address(SHOPPER), notice({ unsubscribeUrl: 'javascript:alert(1)' }));
      expect(result).to.deep.equal({ ok: false, reason: 'unsubscribeUrl is not an absolute https, http or mailto URL', permanent: true });
      expect(smtp.connections).to.equal(0);
    });

    it('sends several notices over the pool', async () => {
      const ch = open();
      const results = await Promise.all(['a@customer.example', 'b@customer.example', 'c@customer.example'].map((to) => ch.deliver!(address(to), notice())));
      expect(results.map((r) => r.ok)).to.deep.equal([true, true, true]);
      expect(smtp.received.map((r) => r.envelope.to[0]).sort()).to.deep.equal(['a@customer.example', 'b@customer.example', 'c@customer.example']);
      expect(new Set(results.map((r) => (r.ok ? r.providerMessageId : '')))).to.have.property('size', 3);
    });

    it('never logs the full recipient address', async () => {
      await open().deliver!(address(SHOPPER), notice());
      smtp.rcptReply = { code: 550, text: `5.1.1 <${SHOPPER}>: mailbox unavailable` };
      await channel!.deliver!(address(SHOPPER), notice());
      const sent = logs.find(/email: notice sent/);
      const failed = logs.find(/email: notice not sent/);
      expect(sent?.to).to.equal('j***@customer.example');
      expect(failed?.to).to.equal('j***@customer.example');
      expect(JSON.stringify(logs.lines)).not.to.include(SHOPPER);
    });
  });

  describe('failures', () => {
    it('a 550 from the server is a permanent failure', async () => {
      smtp.rcptReply = { code: 550, text: `5.1.1 <${SHOPPER}>: mailbox unavailable` };
      const result = await open().deliver!(address(SHOPPER), notice());
      expect(result.ok).to.equal(false);
      if (result.ok) throw new Error('unreachable');
      expect(result.permanent).to.equal(true);
      expect(result.reason).to.match(/^SMTP 550 \(RCPT\): /);
      expect(result.reason).not.to.include(SHOPPER);
      expect(smtp.received).to.have.length(0);
    });

    it('a 451 from the server is a temporary failure', async () => {
      smtp.rcptReply = { code: 451, text: '4.3.0 try again later' };
      const result = await open().deliver!(address(SHOPPER), notice());
      expect(result.ok).to.equal(false);
      if (result.ok) throw new Error('unreachable');
      expect(result.permanent).to.equal(false);
      expect(result.reason).to.match(/^SMTP 451 \(RCPT\): /);
      expect(smtp.received).to.have.length(0);
    });

    it('a refused connection is a temporary failure', async () => {
      const port = await freePort();
      const ch = open({ SMTP_URL: `smtp://${USER}:x@127.0.0.1:${port}` });
      const result = await ch.deliver!(address(SHOPPER), notice());
      expect(result.ok).to.equal(false);
      if (result.ok) throw new Error('unreachable');
      expect(result.permanent).to.equal(false);
      expect(result.reason).to.match(/ECONNREFUSED/);
    });

    it('refuses a recipient that is not one email address, without connecting', async () => {
      const ch = open();
      for (const bad of ['not-an-address', '', 'a@customer.example, b@customer.example', `${SHOPPER}\r\nBcc: thief@evil.example`, 'Jane <jane@customer.example>']) {
        const result = await ch.deliver!(address(bad), notice());
        expect(result, JSON.stringify(bad)).to.deep.equal({ ok: false, reason: 'the recipient is not an email address', permanent: true });
      }
      expect(smtp.connections).to.equal(0);
      expect(smtp.received).to.have.length(0);
    });

    it('refuses an address of another channel', async () => {
      const result = await open().deliver!(address('+4915112345678', 'sms'), notice());
      expect(result).to.deep.equal({ ok: false, reason: 'not an email conversation: sms', permanent: true });
      expect(smtp.connections).to.equal(0);
    });
  });

  it('close() ends the pool and the status says so', async () => {
    const ch = open();
    await ch.deliver!(address(SHOPPER), notice());
    await ch.close!();
    expect(ch.status()).to.deep.equal({ on: false, why: 'closed' });
  });
});
