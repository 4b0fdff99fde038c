import type OpenAI from 'openai';
import type { FactSheetRef } from '../vocabulary/fact-sheet';
import type { Lang } from '../vocabulary';
import { UnusableAnswer } from './client';
import { HISTORY_LIMIT, recentTurns, shopperMessage, type ChatTurn } from './conversation-window';
import { checkDraftFacts, type UnmatchedClaim } from './fact-check';
import { isInLanguage } from './language-check';
import { draftFactsNote, draftSystemPrompt } from './prompts';

export interface DraftInput {
  /** The shopper's current message. */
  text: string;
  /** Earlier messages of this conversation only, oldest first. */
  history: ChatTurn[];
  language: Lang;
  /** The one order this conversation is verified for, as the template answer used it. */
  facts: FactSheetRef;
  /** The answer that goes out when the draft is not used. */
  templateAnswer: string;
}

/** A rewrite may be warmer, not much longer. */
function maxDraftLength(templateAnswer: string): number {
  return Math.max(2 * templateAnswer.length, templateAnswer.length + 300);
}

/**
 * Asks the model to reword the template answer. The request holds the conversation's
 * last messages (bot replies masked), the template answer and this one order's facts.
 * Throws on anything unusable, a guardrail rejection included.
 */
export async function draftWithModel(client: OpenAI, model: string, shopName: string, input: DraftInput): Promise<string> {
  const completion = await client.chat.completions.create({
    model,
    max_completion_tokens: 500,
    messages: [
      { role: 'system', content: draftSystemPrompt(shopName, input.language) },
      { role: 'system', content: draftFactsNote(input.facts, input.templateAnswer) },
      ...recentTurns(input.history, input.text),
      shopperMessage(input.text),
    ],
  });
  const choice = completion.choices[0];
  if (!choice) throw new UnusableAnswer('no_choice');
  if (choice.message.refusal) throw new UnusableAnswer('refusal');
  if (choice.finish_reason !== 'stop') throw new UnusableAnswer(`finish_${choice.finish_reason}`);
  const draft = choice.message.content?.trim();
  if (!draft) throw new UnusableAnswer('empty_draft');
  const rejection = guardDraft(draft, input, shopName);
  if (rejection) throw new DraftRejected(rejection.reason, rejection.unmatched);
  return draft;
}

/** A draft that failed the guardrail; `unmatched` holds draft text, so only its kinds are logged. */
export class DraftRejected extends UnusableAnswer {
  constructor(reason: string, readonly unmatched: UnmatchedClaim[] = []) {
    super(reason);
  }
}

/** Why a draft may not go out, or undefined when it may. */
export function guardDraft(draft: string, input: DraftInput, shopName?: string): { reason: string; unmatched: UnmatchedClaim[] } | undefined {
  if (draft.length > maxDraftLength(input.templateAnswer)) return { reason: 'draft_too_long', unmatched: [] };
  if (!isInLanguage(draft, input.language, input.templateAnswer)) return { reason: 'draft_wrong_language', unmatched: [] };
  const shopperTexts = [input.text, ...input.history.slice(-HISTORY_LIMIT).filter((t) => t.role === 'shopper').map((t) => t.text)];
  const check = checkDraftFacts({ draft, facts: input.facts, templateAnswer: input.templateAnswer, shopperTexts, shopName });
  return check.ok ? undefined : { reason: 'draft_unmatched_facts', unmatched: check.unmatched };
}
