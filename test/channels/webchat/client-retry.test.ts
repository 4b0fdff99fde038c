import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { ActivityStore } from '../../../src/messaging/directline-log';
import { InboundReceipts } from '../../../src/messaging/receipts';
import type { TestStore } from '../../helpers/db';
import { openTestBot, SECRET } from '../../security/attack-kit';

/**
 * A message sent again with the same clientActivityID (a client resending after a lost
 * response) is answered once; one whose turn died with its process (stored, claimed, never
 * answered) is answered when it is sent again after the dead claim expired, and not stored twice.
 */
describe('web chat: a message sent again is answered once, even after a crash', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof openTestBot>>;
  let db: TestStore;
  let app: Express;

  before(async () => {
    bot = await openTestBot();
    ({ app, db } = bot);
  });
  after(() => bot?.close());

  async function conversation() {
    const started = await request(app).post('/v3/directline/conversations').set('Authorization', `Bearer ${SECRET}`).expect(201);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    const auth = { Authorization: `Bearer ${token}` };
    return {
      conversationId,
      send: async (text: string, clientActivityID: string) =>
        (await request(app).post(`/v3/directline/conversations/${conversationId}/activities`).set(auth)
          .send({ type: 'message', from: { id: 'shopper-1' }, text, channelData: { clientActivityID } }).expect(200)).body.id as string,
      activities: async () =>
        (await request(app).get(`/v3/directline/conversations/${conversationId}/activities`).set(auth).expect(200)).body.activities as { id: string; from: { role: string }; replyToId?: string }[],
    };
  }

  it('the same message sent twice gets one answer and one id', async () => {
    const chat = await conversation();
    const first = await chat.send('hello', 'client-a1');
    const again = await chat.send('hello', 'client-a1');
    expect(again).to.equal(first);
    const log = await chat.activities();
    expect(log.filter((a) => a.from.role === 'user')).to.have.length(1);
    expect(log.filter((a) => a.from.role === 'bot' && a.replyToId === first)).to.have.length(1);
  });

  it('a message whose turn died with its process is answered when sent again, once', async () => {
    const chat = await conversation();
    // What a process killed mid-turn leaves: the message stored and claimed, no answer.
    const store = new ActivityStore(db.store.db);
    const { activity } = await store.append(chat.conversationId, {
      type: 'message', channelId: 'directline', conversation: { id: chat.conversationId }, text: 'hello', timestamp: new Date().toISOString(),
      from: { id: 'shopper-1', role: 'user' }, recipient: { id: 'wismo-bot', role: 'bot' }, channelData: { clientActivityID: 'client-b1' },
    } as never);
    await new InboundReceipts(db.store.db).claim('directline', `${chat.conversationId}:client-b1`, new Date(Date.now() - 5 * 60_000));

    const id = await chat.send('hello', 'client-b1');
    expect(id).to.equal(activity.id);
    expect(await chat.send('hello', 'client-b1')).to.equal(activity.id);
    const log = await chat.activities();
    expect(log.filter((a) => a.from.role === 'user')).to.have.length(1);
    expect(log.filter((a) => a.from.role === 'bot' && a.replyToId === activity.id)).to.have.length(1);
  });
});
