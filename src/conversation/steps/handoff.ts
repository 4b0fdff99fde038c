import type { HandoffReason } from '../../vocabulary';
import type { HandoffEta } from '../ports';
import type { Turn } from '../turn';

/**
 * Hand off: who owns the conversation now (people may have resolved, handed back or reopened
 * its case since the last turn), and opening a case with the order and what the bot told.
 */
/** People may have resolved, handed back or reopened the case since the last turn: the case store decides. */
export async function syncOwnership(turn: Turn): Promise<void> {
  const m = turn.memory;
  // Cases are only opened by the bot's own handoff: a conversation never handed over is the bot's.
  if (!m.everHandedOff && !m.handoff) return;
  const own = await turn.deps.handoff.ownership(turn.conversationKey);
  if (own.active) {
    m.handoff = { active: true, agentJoined: own.agentJoined, caseId: own.caseId, reason: m.handoff?.reason ?? 'reopened', since: m.handoff?.since ?? turn.now.toISOString() };
  } else if (m.handoff?.active) {
    // Back with the bot: start the dialogue afresh, keep what was verified.
    m.handoff = undefined;
    m.misunderstood = 0;
    m.clarifications = 0;
    m.expecting = null;
    m.goal = undefined;
  }
}

export async function handOff(turn: Turn, reason: HandoffReason, locked: boolean): Promise<void> {
  const m = turn.memory;
  const facts = [...turn.replies].reverse().find((r) => r.facts)?.facts;
  const { eta, caseId } = await turn.deps.handoff.open({
    conversationKey: turn.conversationKey, channel: turn.msg.channel, senderId: turn.msg.senderId, reason, lang: turn.lang,
    orderId: m.linkedOrderId, now: turn.now, problem: turn.u.problem, facts,
  });
  m.handoff = { active: true, reason, since: turn.now.toISOString(), agentJoined: false, caseId };
  m.everHandedOff = true;
  m.expecting = null;
  if (locked) turn.say('verification_locked', {});
  turn.say('handoff_created', { eta: etaSentence(turn, eta) });
}

/** "A person will reply within 2 hours." / "We're closed now; a person will reply from Monday 9:00." */
function etaSentence(turn: Turn, eta: HandoffEta): string {
  if (eta.kind === 'open') return turn.deps.answers.message(turn.lang, 'handoff_eta_open', { hours: eta.withinHours });
  const opensAt = new Intl.DateTimeFormat(turn.msg.locale ?? turn.lang, {
    weekday: 'long', hour: 'numeric', minute: '2-digit', timeZone: turn.deps.shop.timeZone,
  }).format(eta.opensAt);
  return turn.deps.answers.message(turn.lang, 'handoff_eta_closed', { opensAt });
}
