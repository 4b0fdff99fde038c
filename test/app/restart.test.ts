import { expect } from 'chai';
import request from 'supertest';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { buildWismo, type Wismo } from '../../src/app/container';
import { seedDemoShop } from '../../src/app/seed';
import { tempDir } from '../helpers/db';

/**
 * A conversation survives a restart: its memory (botbuilder state), the Direct Line log and
 * the tokens live in the embedded store and the secret, not in the process.
 */
describe('app: a conversation survives a restart', function () {
  this.timeout(120_000);
  const SECRET = 'restart-directline-secret-0123';
  let config: Config;
  let wismo: Wismo | undefined;

  before(() => {
    const dataDir = tempDir();
    config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: `pglite://${path.join(dataDir, 'pglite')}`,
      ADMIN_API_KEY: 'restart-admin-key-0123456789', DIRECTLINE_SECRET: SECRET,
    });
  });
  after(async () => wismo?.close());

  it('asks to verify before the restart and answers with the email after it', async () => {
    wismo = await buildWismo({ config, logger: createLogger('silent') });
    await seedDemoShop(wismo.orders);
    const started = await request(wismo.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
    const { conversationId, token } = started.body;
    const say = (app: Wismo['app'], text: string) =>
      request(app).post(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`).send({ type: 'message', from: { id: 'restart-user' }, text }).expect(200);
    await say(wismo.app, 'where is my order 1001?');
    await wismo.close();
    wismo = undefined;

    wismo = await buildWismo({ config, logger: createLogger('silent') });
    await say(wismo.app, 'ana@example.com');
    const log = await request(wismo.app).get(`/v3/directline/conversations/${conversationId}/activities`).set('Authorization', `Bearer ${token}`).expect(200);
    const bot = (log.body.activities as any[]).filter((a) => a.from.role === 'bot');
    expect(bot[0].text).to.match(/email|phone|postcode|zip/i);
    expect(bot.at(-1).text).to.contain('1Z999AA10123456784');
    expect(bot.at(-1).channelData.wismo).to.include({ orderId: '1001', intent: 'provide_details' });
  });
});
