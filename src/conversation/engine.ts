import { boundText } from './limits';
import type { EngineDeps } from './deps';
import { TranscriptStore, type TranscriptEntry } from './transcript';
import { freshMemory, type ConversationMemory, type InboundMessage, type OutboundReply } from './types';
import { Turn } from './turn';
import { understand } from './steps/understand';
import { link, linkNoticedOrder, linkVouchedOrder } from './steps/link';
import { answer } from './steps/answer';
import { handOff, syncOwnership } from './steps/handoff';
import { turnOutcome, type TurnOutcome } from './outcome';

export type { EngineDeps } from './deps';

/** Rules that apply before anything else is done with the message. */
const IMMEDIATE_REASONS = new Set(['abusive', 'merchant_keyword', 'requested']);

/**
 * One shopper message in, the bot's replies out. Plain TypeScript: no botbuilder, no
 * express. Linking follows contract §6-7: nothing about an order is told before the
 * conversation is verified for it, and failures never say why.
 */
export class ConversationEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** The replies, the memory to keep, and what the turn ended as (src/conversation/outcome.ts, for the operations metrics). */
  async handle(messageIn: InboundMessage, memoryIn: ConversationMemory): Promise<{ replies: OutboundReply[]; memory: ConversationMemory; outcome: TurnOutcome }> {
    const memory: ConversationMemory = { ...freshMemory(), ...structuredClone(memoryIn) };
    // However long the message, only the channel's limit of it is read (and kept).
    const bounded = boundText(messageIn.text, messageIn.channel);
    const message: InboundMessage = { ...messageIn, text: bounded.text };
    const turn = new Turn(this.deps, message, memory);
    await runTurn(turn, bounded.cutAt);
    const key = TranscriptStore.key(message.channel, message.conversationId);
    const entries: TranscriptEntry[] = [
      { direction: 'in', text: message.text, intent: turn.intent, orderId: memory.linkedOrderId, language: turn.lang, at: message.at },
      ...turn.replies.map((r) => ({
        direction: 'out' as const, text: r.text, intent: r.wismo.intent, orderId: r.wismo.orderId, language: r.language, facts: r.facts, kind: r.kind, stage: r.stage, at: turn.now,
      })),
    ];
    await this.deps.transcript.saveTurn(key, message.channel, message.senderId, {
      linkedOrderId: memory.linkedOrderId,
      language: memory.language,
      handoff: memory.handoff?.active ?? false,
    }, entries);
    this.deps.logger.debug({ channel: message.channel, intent: turn.intent, linked: !!memory.linkedOrderId, replies: turn.replies.length }, 'turn answered');
    return { replies: turn.replies, memory, outcome: turnOutcome(turn.replies, memory.handoff?.active ?? false) };
  }
}

/** The steps of one turn, in order: understand, who owns the conversation, urgent handoffs, link/verify, answer. */
async function runTurn(turn: Turn, cutAt?: number): Promise<void> {
  const m = turn.memory;
  await understand(turn, cutAt);
  // Before anything else, so a handoff from the tracking page's chat carries its order too.
  linkVouchedOrder(turn);
  await linkNoticedOrder(turn);
  await syncOwnership(turn);
  if (m.handoff?.active) {
    // Contract §7: acknowledge until an agent joins, then stay silent (the transcript still records).
    if (!m.handoff.agentJoined) turn.say('handoff_waiting', {});
    return;
  }
  const immediate = turn.deps.rules({ intent: turn.intent, text: turn.msg.text, misunderstoodTurns: 0, verificationLocked: false, negative: false });
  if (immediate && IMMEDIATE_REASONS.has(immediate)) return handOff(turn, immediate, false);
  if ((await link(turn)) === 'stop') return;
  await answer(turn);
}
