import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { DIRECTLINE_CHANNEL_ID } from './adapter';
import { badArgument } from './errors';
import type { Caller } from './auth';

/**
 * Largest text a client may post (400 beyond it). The bot reads only the web chat limit of
 * it (src/conversation/limits.ts) and says so; the shopper's own echo keeps it whole.
 */
export const MAX_TEXT_LENGTH = 100_000;

const account = z.object({
  id: z.string().min(1).max(256).optional(),
  name: z.string().max(256).optional(),
  role: z.string().max(32).optional(),
});

/**
 * What a client may send as an activity. Unknown fields are dropped, attachments too (no
 * upload support). channelData is accepted but only its Web Chat bookkeeping survives
 * (see userActivity).
 */
export const inboundActivitySchema = z.object({
  type: z.string().regex(/^[A-Za-z]{1,64}$/, 'expected an activity type such as message'),
  from: account.optional(),
  text: z.string().max(MAX_TEXT_LENGTH, `text longer than ${MAX_TEXT_LENGTH} characters`).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(35).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'expected a BCP 47 locale such as es-ES').optional(),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  value: z.unknown().optional(),
  name: z.string().max(256).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** Web Chat's own bookkeeping in channelData (it matches the echo of a sent activity on clientActivityID). */
const KEPT_CHANNEL_DATA = ['clientActivityID', 'clientTimestamp'] as const;

/**
 * The user's activity as it is stored and echoed: server-set conversation, channel and
 * role; the token's user id over the client's `from.id`; channelData reduced to Web Chat's
 * bookkeeping, so nothing the client sends can claim an identity.
 */
export function userActivity(
  input: InboundActivity,
  context: { conversationId: string; caller: Caller; bot: { id: string; name: string } },
): Partial<Activity> & { type: string; conversation: { id: string } } {
  const tokenUser = context.caller.kind === 'token' ? context.caller.claims.userId : undefined;
  const fromId = tokenUser ?? input.from?.id;
  if (!fromId) throw badArgument('from.id', 'required (the user id), unless the token carries one');
  if (!tokenUser && context.caller.kind === 'token' && fromId.startsWith('dl_')) {
    throw badArgument('from.id', 'user ids starting with dl_ are reserved for ids embedded in a token');
  }
  const name = (context.caller.kind === 'token' ? context.caller.claims.userName : undefined) ?? input.from?.name;

  const activity: Partial<Activity> & { type: string; conversation: { id: string } } = {
    type: input.type,
    channelId: DIRECTLINE_CHANNEL_ID,
    conversation: { id: context.conversationId } as Activity['conversation'],
    from: (name ? { id: fromId, name, role: 'user' } : { id: fromId, role: 'user' }) as Activity['from'],
    recipient: { id: context.bot.id, name: context.bot.name, role: 'bot' },
  };
  if (input.text !== undefined) activity.text = input.text;
  if (input.textFormat) activity.textFormat = input.textFormat;
  if (input.locale) activity.locale = input.locale;
  if (input.localTimezone) activity.localTimezone = input.localTimezone;
  if (input.localTimestamp) (activity as Record<string, unknown>).localTimestamp = input.localTimestamp;
  if (input.entities) activity.entities = input.entities as Activity['entities'];
  if (input.value !== undefined) activity.value = input.value;
  if (input.name) activity.name = input.name;
  const channelData = keptChannelData(input.channelData);
  if (channelData) activity.channelData = channelData;
  return activity;
}

function keptChannelData(given: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!given) return undefined;
  const kept: Record<string, string> = {};
  for (const key of KEPT_CHANNEL_DATA) {
    const value = given[key];
    if (typeof value === 'string' && value.length <= 128) kept[key] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
