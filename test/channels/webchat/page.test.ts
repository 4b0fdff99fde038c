import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import type { Store } from '../../../src/store/db';
import { buildWebchat, openTestStore, SECRET, testConfig } from './helpers';

describe('web chat: shop page, embed and token endpoint', () => {
  let store: Store;
  let app: Express;
  let channel: ReturnType<typeof buildWebchat>['channel'];

  before(async () => {
    store = await openTestStore();
    ({ app, channel } = buildWebchat(store, { config: testConfig({ SHOP_NAME: 'Tom & Jerry <Shop>' }) }));
  });
  after(async () => {
    await channel.close();
    await store.close();
  });

  it('serves the shop page with Web Chat from our own files, no inline script, the name escaped', async () => {
    const res = await request(app).get('/').expect(200).expect('Content-Type', /text\/html/);
    expect(res.text).to.contain('Tom &amp; Jerry &lt;Shop&gt;');
    expect(res.text).to.contain('--accent: #aa3355');
    expect(res.text).to.contain('<script src="/webchat/webchat.js" defer></script>');
    expect(res.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.to.contain(SECRET);
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
  });

  it('serves the Web Chat bundle gzipped with an ETag', async () => {
    const res = await request(app).get('/webchat/webchat.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).to.equal('gzip');
    expect(res.headers['content-type']).to.match(/javascript/);
    expect(res.text).to.contain('renderWebChat');
    await request(app).get('/webchat/webchat.js').set('If-None-Match', res.headers.etag).expect(304);
  });

  it('serves the embed snippet for other origins, with the shop settings', async () => {
    const res = await request(app).get('/webchat/embed.js').expect(200);
    expect(res.headers['cross-origin-resource-policy']).to.equal('cross-origin');
    expect(res.text).to.contain('"accentColor":"#aa3355"');
    expect(res.text).to.contain('\\u003cShop>');
    expect(res.text).not.to.contain('__WISMO_CONFIG__');
  });

  it('lets any page frame the chat frame, and only that page', async () => {
    const frame = await request(app).get('/webchat/frame').expect(200);
    expect(frame.headers['content-security-policy']).to.contain('frame-ancestors *');
    expect(frame.headers['x-frame-options']).to.equal(undefined);
    const page = await request(app).get('/').expect(200);
    expect(page.headers['content-security-policy']).to.contain("frame-ancestors 'self'");
  });

  it('issues a Direct Line token with a server-chosen dl_ user id, never the secret', async () => {
    const res = await request(app).post('/webchat/token').send({}).expect(200);
    expect(res.body).to.include.keys('conversationId', 'token', 'expires_in', 'userId', 'domain');
    expect(res.body.userId).to.match(/^dl_/);
    expect(res.body.token).not.to.equal(SECRET);
    expect(res.headers['cache-control']).to.equal('no-store');
    const conv = await request(app).post('/v3/directline/conversations').set('Authorization', `Bearer ${res.body.token}`).expect(201);
    expect(conv.body.conversationId).to.equal(res.body.conversationId);
    const bad = await request(app).post('/webchat/token').send({ userToken: 42 }).expect(400);
    expect(bad.body.error.problems[0].path).to.equal('userToken');
  });

  it('answers CORS preflights of Direct Line for Web Chat on other origins', async () => {
    const res = await request(app).options('/v3/directline/conversations').set('Origin', 'https://shop.example').expect(204);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.headers['access-control-allow-headers']).to.match(/Authorization/);
  });
});
