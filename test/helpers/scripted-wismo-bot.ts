import { ConversationState } from 'botbuilder';
import { PostgresStorage } from '../../src/bot/pg-storage';
import { WismoBot, type TurnEngine } from '../../src/bot/wismo-bot';
import type { ConversationMemory, InboundMessage, OutboundReply } from '../../src/conversation/types';
import type { Db } from '../../src/store/db';

/**
 * A scripted stand-in for the ConversationEngine (whose resolver and answers are not in this
 * tree yet), run by the real WismoBot with PostgreSQL-backed ConversationState. It follows
 * the WISMO flow's shape: ask for details, verify order 1001 + ana@example.com, answer
 * from memory afterwards, hand over on request. Every message it saw is kept.
 */
export const DEMO_ORDER = { id: '1001', email: 'ana@example.com' };

export function scriptedEngine(seen: InboundMessage[] = []): TurnEngine & { seen: InboundMessage[] } {
  return {
    seen,
    async handle(message, memoryIn) {
      seen.push(message);
      const memory: ConversationMemory = structuredClone(memoryIn);
      const text = message.text.toLowerCase();
      const reply = (t: string, intent: OutboundReply['wismo']['intent'], suggestions: string[] = []): OutboundReply => ({
        text: t,
        suggestions,
        language: 'en',
        wismo: { intent, handoff: memory.handoff?.active ?? false, ...(memory.linkedOrderId ? { orderId: memory.linkedOrderId } : {}) },
      });
      let out: OutboundReply[];
      if (text.includes('person')) {
        memory.handoff = { active: true, reason: 'asked', since: message.at.toISOString(), agentJoined: false };
        out = [reply('A person will reply here soon.', 'human_agent')];
      } else if (text.includes(DEMO_ORDER.id) && text.includes(DEMO_ORDER.email)) {
        memory.linkedOrderId = DEMO_ORDER.id;
        memory.verifiedOrderIds = [DEMO_ORDER.id];
        memory.expecting = null;
        out = [reply(`Order ${DEMO_ORDER.id} is in transit and should arrive on 2030-05-04.`, 'provide_details', ['Track my order', 'Talk to a person'])];
      } else if (text.includes('where') || text === 'track_order') {
        if (memory.linkedOrderId) {
          out = [reply(`Order ${memory.linkedOrderId} is still in transit.`, 'order_status')];
        } else {
          memory.expecting = 'order_number';
          out = [reply('I can check that. What is your order number and the email you used?', 'order_status', ['Talk to a person'])];
        }
      } else if (text === 'long') {
        out = [reply(`${'Lorem ipsum dolor sit amet. '.repeat(160)}The end.`, 'other')];
      } else if (text === 'menu') {
        out = [reply('Pick one:', 'other', Array.from({ length: 15 }, (_, i) => `Option number ${i + 1} with a long title`))];
      } else {
        out = [reply(`You said: ${message.text}`, 'other')];
      }
      return { replies: out, memory };
    },
  };
}

export function scriptedWismoBot(db: Db): { bot: WismoBot; engine: ReturnType<typeof scriptedEngine> } {
  const engine = scriptedEngine();
  return { bot: new WismoBot(engine, new ConversationState(new PostgresStorage(db))), engine };
}
