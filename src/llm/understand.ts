import type OpenAI from 'openai';
import type { Expecting } from '../vocabulary';
import type { Entities, Understanding } from '../resolver/types';
import { UnusableAnswer } from './client';
import { recentTurns, shopperMessage, type ChatTurn } from './conversation-window';
import { keepLiteralEntities } from './literal-entities';
import { understandContextNote, understandSystemPrompt } from './prompts';
import { UNDERSTANDING_FUNCTION, understandingArguments, understandingTool, type UnderstandingArguments } from './understanding-schema';

export interface UnderstandInput {
  /** The shopper's current message. */
  text: string;
  /** Earlier messages of this conversation only, oldest first. */
  history: ChatTurn[];
  /** What the local resolver made of the message. */
  local: Understanding;
  expecting: Expecting;
}

/** What the model may change in the local understanding; absent fields keep the local reading. */
export type ModelUnderstanding = Partial<Pick<Understanding, 'intent' | 'alsoIntents' | 'problem' | 'language'>> & { entities?: Partial<Entities> };

/**
 * Asks the model to classify the message through one forced function call. The request
 * holds the shop name, this conversation's last messages (bot replies masked) and the
 * local guess: no order data. Throws on anything unusable; the caller maps that to undefined.
 */
export async function understandWithModel(client: OpenAI, model: string, shopName: string, input: UnderstandInput): Promise<ModelUnderstanding> {
  const completion = await client.chat.completions.parse({
    model,
    // No temperature: some models accept only the default, and a forced function call needs no sampling tweak.
    max_completion_tokens: 400,
    messages: [
      { role: 'system', content: understandSystemPrompt(shopName) },
      { role: 'system', content: understandContextNote(input.expecting, input.local) },
      ...recentTurns(input.history, input.text),
      shopperMessage(input.text),
    ],
    tools: [understandingTool],
    tool_choice: { type: 'function', function: { name: UNDERSTANDING_FUNCTION } },
  });
  const message = completion.choices[0]?.message;
  if (!message) throw new UnusableAnswer('no_choice');
  if (message.refusal) throw new UnusableAnswer('refusal');
  const call = message.tool_calls?.find((c) => c.type === 'function' && c.function.name === UNDERSTANDING_FUNCTION);
  if (!call || call.type !== 'function' || !call.function.parsed_arguments) throw new UnusableAnswer('no_function_call');
  // parse() has validated the arguments already; this gives them their type back.
  return toModelUnderstanding(understandingArguments.parse(call.function.parsed_arguments), input.text);
}

function toModelUnderstanding(args: UnderstandingArguments, shopperText: string): ModelUnderstanding {
  const result: ModelUnderstanding = {
    intent: args.intent,
    alsoIntents: [...new Set(args.alsoIntents.filter((i) => i !== args.intent))],
  };
  // A problem kind only means something for a delivery problem.
  if (args.problem && (args.intent === 'delivery_problem' || args.alsoIntents.includes('delivery_problem'))) result.problem = args.problem;
  if (args.language) result.language = args.language;
  const entities = keepLiteralEntities(args.entities, shopperText);
  if (Object.keys(entities).length > 0) result.entities = entities;
  return result;
}
