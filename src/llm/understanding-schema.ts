import { z } from 'zod';
import { zodFunction } from 'openai/helpers/zod';
import { INTENTS, LANGUAGES, type ProblemKind } from '../vocabulary';

export const PROBLEM_KINDS = ['not_received', 'damaged', 'wrong_item', 'missing_item', 'stuck', 'failed_delivery'] as const satisfies readonly ProblemKind[];
// Fails to compile when ProblemKind gains a kind this list lacks.
const everyProblemKindListed: Exclude<ProblemKind, (typeof PROBLEM_KINDS)[number]> extends never ? true : never = true;
void everyProblemKindListed;

/** Small caps keep a confused or manipulated model from flooding the caller. */
const entityList = (what: string) => z.array(z.string()).max(5).describe(what);

/**
 * The function the model must call. Optional values are `null` rather than absent
 * because strict function calling requires every property.
 */
export const understandingArguments = z.object({
  intent: z.enum(INTENTS).describe('intent of the last shopper message'),
  alsoIntents: z.array(z.enum(INTENTS)).max(3).describe('other intents in the same message, usually none'),
  problem: z.enum(PROBLEM_KINDS).nullable().describe('kind of delivery problem, for delivery_problem only'),
  language: z.enum(LANGUAGES).nullable().describe('language of the last shopper message; null when too short to tell'),
  entities: z
    .object({
      orderNumbers: entityList('order numbers exactly as typed in the last message'),
      emails: entityList('email addresses exactly as typed in the last message'),
      phones: entityList('phone numbers exactly as typed in the last message'),
      postcodes: entityList('postcodes exactly as typed in the last message'),
    })
    .describe('details typed in the last shopper message; empty lists when none'),
});

export type UnderstandingArguments = z.infer<typeof understandingArguments>;

export const UNDERSTANDING_FUNCTION = 'record_understanding';

export const understandingTool = zodFunction({
  name: UNDERSTANDING_FUNCTION,
  description: "Record how the bot should read the shopper's last message.",
  parameters: understandingArguments,
});
