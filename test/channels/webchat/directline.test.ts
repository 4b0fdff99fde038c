import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import type { Store } from '../../../src/store/db';
import { buildWebchat, EchoBot, openTestStore, SECRET, storeUserToken, testConfig } from './helpers';

const auth = (bearer: string) => ({ Authorization: `Bearer ${bearer}` });

describe('web chat: Direct Line 3.0', () => {
  let store: Store;
  let app: Express;
  let bot: EchoBot;
  let channel: ReturnType<typeof buildWebchat>['channel'];
  let nowMs = Date.UTC(2026, 10, 20, 12, 0, 0);

  before(async () => {
    store = await openTestStore();
    bot = new EchoBot();
    ({ app, channel } = buildWebchat(store, { bot, now: () => nowMs }));
  });
  after(async () => {
    await channel.close();
    await store.close();
  });

  async function startWithSecret(): Promise<string> {
    const res = await request(app).post('/v3/directline/conversations').set(auth(SECRET)).expect(201);
    return res.body.conversationId as string;
  }

  function say(conversationId: string, bearer: string, text: string, extra: Record<string, unknown> = {}) {
    return request(app)
      .post(`/v3/directline/conversations/${conversationId}/activities`)
      .set(auth(bearer))
      .send({ type: 'message', from: { id: 'shopper-1' }, text, ...extra });
  }

  describe('tokens', () => {
    it('generates a token with the secret only, without contacting the bot', async () => {
      const turns = bot.turns.length;
      await request(app).post('/v3/directline/tokens/generate').expect(401);
      const res = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ user: { id: 'dl_ana', name: 'Ana' } }).expect(200);
      expect(res.body).to.have.keys('conversationId', 'token', 'expires_in');
      expect(res.body.expires_in).to.equal(1800);
      expect(bot.turns.length).to.equal(turns);
      // A token cannot mint more tokens.
      const denied = await request(app).post('/v3/directline/tokens/generate').set(auth(res.body.token)).expect(403);
      expect(denied.body.error.code).to.equal('Forbidden');
    });

    it('rejects user ids that do not start with dl_ (400 with the field path)', async () => {
      const res = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ user: { id: 'ana' } }).expect(400);
      expect(res.body.error.code).to.equal('BadArgument');
      expect(res.body.error.problems.map((p: { path: string }) => p.path)).to.include('user.id');
    });

    it('is a JWT whose user claim Web Chat can read', async () => {
      const res = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ user: { id: 'dl_reader' } }).expect(200);
      const payload = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString());
      expect(payload.user).to.equal('dl_reader');
    });

    it('expires after 1800 s with a Direct Line TokenExpired error, and refresh extends it', async () => {
      const start = nowMs;
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      const created = await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(201);
      const id = created.body.conversationId;
      expect(id).to.equal(gen.body.conversationId);

      nowMs = start + 1700_000;
      const refreshed = await request(app).post('/v3/directline/tokens/refresh').set(auth(gen.body.token)).expect(200);
      expect(refreshed.body.conversationId).to.equal(id);
      expect(refreshed.body.expires_in).to.equal(1800);

      nowMs = start + 1801_000;
      const expired = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(gen.body.token)).expect(403);
      expect(expired.body).to.deep.equal({ error: { code: 'TokenExpired', message: 'the token has expired' } });
      await request(app).post('/v3/directline/tokens/refresh').set(auth(gen.body.token)).expect(403);
      await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(refreshed.body.token)).expect(200);
      nowMs = start;
    });

    it('refresh takes a token, not the secret', async () => {
      await request(app).post('/v3/directline/tokens/refresh').set(auth(SECRET)).expect(400);
    });
  });

  describe('conversations and auth', () => {
    it('starts a conversation with the secret: 201 with a token and a WebSocket streamUrl', async () => {
      const res = await request(app).post('/v3/directline/conversations').set(auth(SECRET)).expect(201);
      expect(res.body).to.include.keys('conversationId', 'token', 'expires_in', 'streamUrl');
      expect(res.body.streamUrl).to.match(new RegExp(`^ws://[^/]+/v3/directline/conversations/${res.body.conversationId}/stream\\?watermark=0&t=`));
    });

    it('answers 200 when the token conversation already exists', async () => {
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(201);
      const again = await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(200);
      expect(again.body.conversationId).to.equal(gen.body.conversationId);
    });

    it('reconnects with a fresh streamUrl after the watermark', async () => {
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      const id = gen.body.conversationId;
      await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(201);
      const res = await request(app).get(`/v3/directline/conversations/${id}?watermark=7`).set(auth(gen.body.token)).expect(200);
      expect(res.body.conversationId).to.equal(id);
      expect(res.body.token).to.equal(gen.body.token);
      expect(res.body.streamUrl).to.contain('watermark=7');
    });

    it('lets a token open only its own conversation', async () => {
      const other = await startWithSecret();
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      const res = await say(other, gen.body.token, 'hello');
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('Forbidden');
      await request(app).get(`/v3/directline/conversations/${other}/activities`).set(auth(gen.body.token)).expect(403);
    });

    it('answers 401 without credentials and 403 for a wrong secret or forged token', async () => {
      const id = await startWithSecret();
      const missing = await request(app).get(`/v3/directline/conversations/${id}/activities`).expect(401);
      expect(missing.body.error.code).to.equal('Unauthorized');
      await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth('not-the-secret-at-all')).expect(403);
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      const [h, p] = gen.body.token.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), conv: id })).toString('base64url');
      await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(`${h}.${forgedPayload}.${gen.body.token.split('.')[2]}`)).expect(403);
      // A token signed with another Direct Line secret is not ours.
      const { channel: foreign } = buildWebchat(store, { config: testConfig({ DIRECTLINE_SECRET: 'another-secret-0123456789abcdef' }) });
      const foreignToken = foreign.tokens.issue({ conversationId: id }).token;
      await foreign.close();
      await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(foreignToken)).expect(403);
    });

    it('answers 404 for an unknown conversation', async () => {
      const res = await request(app).get('/v3/directline/conversations/doesNotExist123/activities').set(auth(SECRET)).expect(404);
      expect(res.body.error.code).to.equal('NotFound');
      await say('doesNotExist123', SECRET, 'hi').expect(404);
    });
  });

  describe('activities', () => {
    it('counts watermarks and activity ids per conversation: other conversations\' traffic does not show', async () => {
      const busy = await startWithSecret();
      for (let i = 0; i < 5; i++) await say(busy, SECRET, `message ${i}`).expect(200);
      const id = await startWithSecret();
      const sent = await say(id, SECRET, 'hello').expect(200);
      expect(sent.body.id).to.equal(`${id}|0000001`);
      const res = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      expect(res.body.activities.map((a: { id: string }) => a.id)).to.deep.equal([`${id}|0000001`, `${id}|0000002`]);
      expect(res.body.watermark).to.equal('2');
    });

    it('runs the turn before answering: the reply is readable at once, after the user activity', async () => {
      const id = await startWithSecret();
      const sent = await say(id, SECRET, 'where is my order 1001?', { locale: 'es-ES' }).expect(200);
      expect(sent.body.id).to.match(new RegExp(`^${id}\\|\\d{7}$`));
      const res = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      const [user, reply] = res.body.activities;
      expect(res.body.activities).to.have.length(2);
      expect(user).to.include({ id: sent.body.id, type: 'message', text: 'where is my order 1001?', channelId: 'directline', locale: 'es-ES' });
      expect(user.from).to.deep.equal({ id: 'shopper-1', role: 'user' });
      expect(user.conversation).to.deep.equal({ id });
      expect(user.timestamp).to.equal(new Date(nowMs).toISOString());
      expect(reply).to.include({ type: 'message', text: 'echo: where is my order 1001?', replyToId: sent.body.id });
      expect(reply.from).to.deep.equal({ id: 'wismo-bot', name: 'Acme Outfitters', role: 'bot' });
      expect(reply.channelData).to.deep.equal({ wismo: { intent: 'order_status', handoff: false } });
      expect(Number(res.body.watermark)).to.be.greaterThan(0);
      expect(bot.turns.at(-1)!.channel).to.equal('webchat');
    });

    it('pages with the watermark, oldest first, the user own activities included', async () => {
      const id = await startWithSecret();
      await say(id, SECRET, 'one').expect(200);
      const first = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      expect(first.body.activities.map((a: { text: string }) => a.text)).to.deep.equal(['one', 'echo: one']);
      await say(id, SECRET, 'two').expect(200);
      await say(id, SECRET, 'three').expect(200);
      const next = await request(app).get(`/v3/directline/conversations/${id}/activities?watermark=${first.body.watermark}`).set(auth(SECRET)).expect(200);
      expect(next.body.activities.map((a: { text: string }) => a.text)).to.deep.equal(['two', 'echo: two', 'three', 'echo: three']);
      expect(typeof next.body.watermark).to.equal('string');
      const none = await request(app).get(`/v3/directline/conversations/${id}/activities?watermark=${next.body.watermark}`).set(auth(SECRET)).expect(200);
      expect(none.body).to.deep.equal({ activities: [], watermark: next.body.watermark });
      const bad = await request(app).get(`/v3/directline/conversations/${id}/activities?watermark=abc`).set(auth(SECRET)).expect(400);
      expect(bad.body.error.problems[0].path).to.equal('watermark');
    });

    it('puts the token user id over the client from.id', async () => {
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ user: { id: 'dl_ana' } }).expect(200);
      const id = gen.body.conversationId;
      await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(201);
      await say(id, gen.body.token, 'hi', { from: { id: 'someone-else', role: 'bot' } }).expect(200);
      const res = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(gen.body.token)).expect(200);
      expect(res.body.activities[0].from).to.deep.equal({ id: 'dl_ana', role: 'user' });
      expect(bot.turns.at(-1)!.fromId).to.equal('dl_ana');
    });

    it('refuses dl_ user ids chosen by a client whose token carries none', async () => {
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).expect(200);
      const res = await say(gen.body.conversationId, gen.body.token, 'hi', { from: { id: 'dl_victim' } }).expect(400);
      expect(res.body.error.problems[0].path).to.equal('from.id');
    });

    it('validates bodies: 400 with field paths, text capped at 100,000 characters', async () => {
      const id = await startWithSecret();
      // Long text is taken (the bot reads only the channel's limit of it and says so).
      await say(id, SECRET, 'x'.repeat(20_001)).expect(200);
      const long = await say(id, SECRET, 'x'.repeat(100_001)).expect(400);
      expect(long.body.error.problems.map((p: { path: string }) => p.path)).to.deep.equal(['text']);
      const noType = await request(app).post(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).send({ from: { id: 'u' }, text: 'hi', locale: 'not a locale!' }).expect(400);
      expect(noType.body.error.problems.map((p: { path: string }) => p.path)).to.have.members(['type', 'locale']);
      const noFrom = await request(app).post(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).send({ type: 'message', text: 'hi' }).expect(400);
      expect(noFrom.body.error.problems[0].path).to.equal('from.id');
      const notJson = await request(app).post(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).set('Content-Type', 'application/json').send('{"type":').expect(400);
      expect(notJson.body.error.code).to.equal('BadSyntax');
    });

    it('caps the body size with 413', async () => {
      const id = await startWithSecret();
      const res = await say(id, SECRET, 'hi', { value: 'x'.repeat(300 * 1024) }).expect(413);
      expect(res.body.error.code).to.equal('MessageSizeTooBig');
    });

    it('accepts typing without storing it or running the bot', async () => {
      const id = await startWithSecret();
      const turns = bot.turns.length;
      const res = await request(app).post(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).send({ type: 'typing', from: { id: 'u' } }).expect(200);
      expect(res.body.id).to.be.a('string');
      expect(bot.turns.length).to.equal(turns);
      const list = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      expect(list.body.activities).to.deep.equal([]);
    });

    it('answers 502 when the bot fails and stores nothing of its reply', async () => {
      const id = await startWithSecret();
      const res = await say(id, SECRET, 'fail please').expect(502);
      expect(res.body.error.code).to.equal('BotError');
      const list = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      expect(list.body.activities.map((a: { text: string }) => a.text)).to.deep.equal(['fail please']);
      // The conversation goes on.
      await say(id, SECRET, 'still there?').expect(200);
    });

    it('never interleaves the turns of one conversation', async () => {
      const id = await startWithSecret();
      bot.delayMs = 60;
      try {
        await Promise.all([say(id, SECRET, 'first').expect(200), say(id, SECRET, 'second').expect(200)]);
      } finally {
        bot.delayMs = 0;
      }
      const list = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      const texts: string[] = list.body.activities.map((a: { text: string }) => a.text);
      expect(texts).to.have.length(4);
      expect(texts[1]).to.equal(`echo: ${texts[0]}`);
      expect(texts[3]).to.equal(`echo: ${texts[2]}`);
    });

    it('keeps Web Chat bookkeeping but drops client channelData that could claim an identity', async () => {
      const id = await startWithSecret();
      await say(id, SECRET, 'my order please', {
        channelData: { clientActivityID: 'abc123', wismo: { orderId: '1001' }, provenIdentity: { email: 'ana@example.com' }, email: 'ana@example.com' },
      }).expect(200);
      const turn = bot.turns.at(-1)!;
      expect(turn.proven).to.equal(undefined);
      expect(turn.channelData).to.deep.equal({ clientActivityID: 'abc123' });
      const list = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      expect(list.body.activities[0].channelData).to.deep.equal({ clientActivityID: 'abc123' });
    });
  });

  describe('store-signed user token', () => {
    const exp = () => Math.floor(nowMs / 1000) + 600;

    it('carries the proven identity into every turn of the conversation', async () => {
      const userToken = storeUserToken({ email: 'Ana@Example.com', phone: '+15125550101', exp: exp(), name: 'ignored' });
      const gen = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ userToken }).expect(200);
      const id = gen.body.conversationId;
      await request(app).post('/v3/directline/conversations').set(auth(gen.body.token)).expect(201);
      await say(id, gen.body.token, 'where is my order?').expect(200);
      expect(bot.turns.at(-1)!.proven).to.deep.equal({ email: 'ana@example.com', phone: '+15125550101' });
      expect(bot.turns.at(-1)!.fromId).to.match(/^dl_/);
      // ...and after a refresh.
      const refreshed = await request(app).post('/v3/directline/tokens/refresh').set(auth(gen.body.token)).expect(200);
      await say(id, refreshed.body.token, 'and now?').expect(200);
      expect(bot.turns.at(-1)!.proven).to.deep.equal({ email: 'ana@example.com', phone: '+15125550101' });
      // The secret holder posting to the same conversation proves nothing.
      await say(id, SECRET, 'server side').expect(200);
      expect(bot.turns.at(-1)!.proven).to.equal(undefined);
    });

    it('works through the page token endpoint too', async () => {
      const userToken = storeUserToken({ email: 'bo@example.com', exp: exp() });
      const res = await request(app).post('/webchat/token').send({ userToken }).expect(200);
      expect(res.body.userId).to.match(/^dl_/);
      await say(res.body.conversationId, res.body.token, 'hello').expect(200);
      expect(bot.turns.at(-1)!.proven).to.deep.equal({ email: 'bo@example.com' });
    });

    it('rejects a forged, expired or identity-less user token', async () => {
      const forged = storeUserToken({ email: 'ana@example.com', exp: exp() }, 'not-the-store-secret-at-all');
      const bad = await request(app).post('/v3/directline/tokens/generate').set(auth(SECRET)).send({ userToken: forged }).expect(401);
      expect(bad.body.error.code).to.equal('InvalidUserToken');
      const expired = storeUserToken({ email: 'ana@example.com', exp: Math.floor(nowMs / 1000) - 3600 });
      await request(app).post('/webchat/token').send({ userToken: expired }).expect(401);
      const empty = storeUserToken({ exp: exp() });
      await request(app).post('/webchat/token').send({ userToken: empty }).expect(401);
      const none = storeUserToken({ email: 'ana@example.com', exp: exp() }).replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString('base64url'));
      await request(app).post('/webchat/token').send({ userToken: none }).expect(401);
    });

    it('is refused when STORE_USER_TOKEN_SECRET is unset', async () => {
      const { app: plain, channel: plainChannel } = buildWebchat(store, { config: testConfig() });
      try {
        const res = await request(plain).post('/webchat/token').send({ userToken: storeUserToken({ email: 'a@example.com', exp: exp() }) }).expect(400);
        expect(res.body.error.problems[0].path).to.equal('userToken');
      } finally {
        await plainChannel.close();
      }
    });
  });

  describe('proactive messages', () => {
    it('stores an agent reply in the conversation with the contract summary', async () => {
      const id = await startWithSecret();
      await say(id, SECRET, 'I want a person').expect(200);
      const result = await channel.deliver(
        { channel: 'webchat', conversationId: id, senderId: 'shopper-1' },
        { text: 'Hi, this is Sam from support.', kind: 'agent', wismo: { intent: 'human_agent', handoff: true }, suggestions: ['Thanks'] },
      );
      expect(result.ok).to.equal(true);
      const list = await request(app).get(`/v3/directline/conversations/${id}/activities`).set(auth(SECRET)).expect(200);
      const last = list.body.activities.at(-1);
      expect(last).to.include({ type: 'message', text: 'Hi, this is Sam from support.' });
      expect(last.from.role).to.equal('bot');
      expect(last.channelData.wismo).to.deep.equal({ intent: 'human_agent', handoff: true });
      expect(last.suggestedActions.actions[0]).to.include({ title: 'Thanks', value: 'Thanks' });
      const missing = await channel.deliver({ channel: 'webchat', conversationId: 'noSuchConversation1', senderId: 'x' }, { text: 'x', kind: 'bot', wismo: { intent: 'other', handoff: false } });
      expect(missing).to.deep.include({ ok: false, permanent: true });
    });
  });
});
