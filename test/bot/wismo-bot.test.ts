import { expect } from 'chai';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { CHANNEL_NAME, WismoBot, type TurnEngine } from '../../src/bot/wismo-bot';
import type { TurnLock } from '../../src/store/turn-lock';

describe('bot: the turn handler', () => {
  it('reads, answers and writes a conversation\'s state inside the cross-instance turn lock', async () => {
    const events: string[] = [];
    const lock: TurnLock = {
      hold: async (key, task) => {
        events.push(`lock ${key}`);
        try {
          return await task();
        } finally {
          events.push('unlock');
        }
      },
      close: async () => undefined,
    };
    const engine: TurnEngine = {
      handle: async (message, memory) => {
        events.push(`turn ${message.text}`);
        return { replies: [], memory: { ...memory, language: 'en' } };
      },
    };
    const storage = new MemoryStorage();
    const write = storage.write.bind(storage);
    storage.write = async (changes) => {
      events.push('state written');
      return write(changes);
    };
    const bot = new WismoBot(engine, new ConversationState(storage), lock);
    const adapter = new TestAdapter(async (context) => {
      context.turnState.set(CHANNEL_NAME, 'sms');
      await bot.run(context);
    });
    await adapter.send('where is my order');
    const conversationId = adapter.conversation.conversation.id;
    expect(events).to.deep.equal([`lock sms:${conversationId}`, 'turn where is my order', 'state written', 'unlock']);
  });
});
