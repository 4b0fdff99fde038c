import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, parseEnv } from '../../src/config';
import { tempDir } from '../helpers/db';

/** The ConfigError thrown by parsing `env`, or a failure when it parses. */
function problemsOf(env: Record<string, string>): ConfigError {
  try {
    parseEnv(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  expect.fail(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('config: environment schema', () => {
  describe('errors', () => {
    it('reports one line per problem, naming the variable and what was expected', () => {
      const err = problemsOf({ PORT: 'eighty', SHOP_TIMEZONE: 'Mars/Olympus', BODY_LIMIT: 'lots' });
      expect(err.problems).to.have.length(3);
      for (const line of err.problems) expect(line).not.to.include('\n');
      expect(err.problems.find((p) => p.startsWith('PORT:'))).to.include('expected a port number').and.include('"eighty"');
      expect(err.problems.find((p) => p.startsWith('SHOP_TIMEZONE:'))).to.include('expected an IANA time zone');
      expect(err.problems.find((p) => p.startsWith('BODY_LIMIT:'))).to.include('expected a size such as 100kb or 5mb');
      // The message (what `npm start` prints) carries every line too.
      expect(err.message.split('\n')).to.have.length(4);
    });

    it('never prints a secret value: a bad DATABASE_URL is named but not shown', () => {
      const secretUrl = 'mysql://shop:hunter2-very-secret@db.internal/shop';
      const err = problemsOf({ DATABASE_URL: secretUrl, ADMIN_API_KEY: 'short-key' });
      const text = err.message + err.problems.join('\n');
      expect(text).to.include('DATABASE_URL: expected postgres://');
      expect(text).to.include('ADMIN_API_KEY: expected at least 16 characters');
      expect(text).not.to.include('hunter2');
      expect(text).not.to.include('db.internal');
      expect(text).not.to.include('short-key');
    });

    it('rejects an out-of-range port and an unknown log level', () => {
      const err = problemsOf({ PORT: '70000', LOG_LEVEL: 'loud' });
      expect(err.problems.map((p) => p.split(':')[0]).sort()).to.deep.equal(['LOG_LEVEL', 'PORT']);
    });
  });

  describe('defaults', () => {
    it('fills every default from an empty environment', () => {
      const env = parseEnv({});
      expect(env).to.include({
        NODE_ENV: 'development', PORT: 3000, HOST: '0.0.0.0', LOG_LEVEL: 'info', DATA_DIR: './data', SEED_DEMO: 'auto',
        BODY_LIMIT: '5mb', SHOP_NAME: 'Demo Shop', SHUTDOWN_TIMEOUT_MS: 10000, ENABLE_INSECURE_DEV_FLAGS: false,
      });
      expect(env.DATABASE_URL).to.equal(undefined);
      expect(env.REDIS_URL).to.equal(undefined);
      expect(env.SHOP_TIMEZONE, 'unset: the knowledge calendar decides').to.equal(undefined);
    });

    it('treats a blank value as unset (FOO= in a .env file), numbers included', () => {
      const env = parseEnv({ PORT: '', HANDOFF_ORDER_VALUE_OVER: ' ', REDIS_URL: '', TWILIO_ACCOUNT_SID: '' });
      expect(env.PORT).to.equal(3000);
      expect(env.HANDOFF_ORDER_VALUE_OVER).to.equal(undefined);
      expect(env.REDIS_URL).to.equal(undefined);
      expect(env.TWILIO_ACCOUNT_SID).to.equal(undefined);
    });

    it('derives PUBLIC_BASE_URL from the port and strips a trailing slash from a given one', () => {
      const dir = tempDir();
      expect(loadConfig({ DATA_DIR: dir, PORT: '8080' }).PUBLIC_BASE_URL).to.equal('http://localhost:8080');
      expect(loadConfig({ DATA_DIR: dir, PUBLIC_BASE_URL: 'https://bot.example.com/' }).PUBLIC_BASE_URL).to.equal('https://bot.example.com');
    });
  });

  describe('generated secrets', () => {
    it('generates the admin key once, keeps it in DATA_DIR (mode 0600) and reuses it', () => {
      const dir = path.join(tempDir(), 'nested', 'data');
      const first = loadConfig({ DATA_DIR: dir });
      expect(first.generated.adminKey).to.equal(true);
      expect(first.ADMIN_API_KEY).to.have.length.of.at.least(16);
      const file = path.join(dir, 'admin-key');
      expect(fs.readFileSync(file, 'utf8').trim()).to.equal(first.ADMIN_API_KEY);
      expect(fs.statSync(file).mode & 0o777).to.equal(0o600);

      const second = loadConfig({ DATA_DIR: dir });
      expect(second.ADMIN_API_KEY).to.equal(first.ADMIN_API_KEY);
      // The Direct Line secret is generated the same way, and differs from the admin key.
      expect(second.DIRECTLINE_SECRET).to.equal(first.DIRECTLINE_SECRET).and.not.equal(first.ADMIN_API_KEY);
    });

    it('uses a configured ADMIN_API_KEY without writing a file', () => {
      const dir = tempDir();
      const config = loadConfig({ DATA_DIR: dir, ADMIN_API_KEY: 'configured-admin-key-123' });
      expect(config.ADMIN_API_KEY).to.equal('configured-admin-key-123');
      expect(config.generated.adminKey).to.equal(false);
      expect(fs.existsSync(path.join(dir, 'admin-key'))).to.equal(false);
    });

    it('gives two DATA_DIRs two different keys', () => {
      expect(loadConfig({ DATA_DIR: tempDir() }).ADMIN_API_KEY).not.to.equal(loadConfig({ DATA_DIR: tempDir() }).ADMIN_API_KEY);
    });
  });
});
