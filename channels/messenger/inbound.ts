import { z } from 'zod';

/**
 * The webhook envelope, as loose as Meta's own (unknown fields pass through; new event
 * kinds are ignored) but strict about what we rely on: ids, message mids, text.
 */
const id = z.union([z.string().min(1), z.number()]).transform(String);

const messageSchema = z.looseObject({
  mid: z.string().min(1),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  attachments: z.array(z.looseObject({ type: z.string() })).optional(),
});

const postbackSchema = z.looseObject({
  mid: z.string().optional(),
  title: z.string().optional(),
  payload: z.string().optional(),
});

const eventSchema = z.looseObject({
  // Checkbox-plugin opt-ins carry `user_ref` instead of an id: such events are ignored.
  sender: z.looseObject({ id: id.optional() }).optional(),
  recipient: z.looseObject({ id: id.optional() }).optional(),
  timestamp: z.number().optional(),
  message: messageSchema.optional(),
  postback: postbackSchema.optional(),
  pass_thread_control: z.looseObject({}).optional(),
  take_thread_control: z.looseObject({}).optional(),
  request_thread_control: z.looseObject({}).optional(),
});

const entrySchema = z.looseObject({
  id,
  time: z.number().optional(),
  messaging: z.array(eventSchema).optional(),
  /** Events of threads another app owns (handover protocol): we may read, not answer. */
  standby: z.array(eventSchema).optional(),
});

export const webhookSchema = z.looseObject({
  object: z.literal('page'),
  entry: z.array(entrySchema),
});

export type WebhookBody = z.infer<typeof webhookSchema>;
type WebhookEvent = z.infer<typeof eventSchema>;

/** A shopper's message or button tap, which the bot answers. */
export interface ShopperMessage {
  kind: 'message';
  pageId: string;
  psid: string;
  /** Dedupe key: the message mid (postbacks without a mid get a stable synthetic one). */
  mid: string;
  /** What the shopper typed, or the payload of the quick reply or button they tapped. */
  text: string;
  timestamp: number;
}

/** A message in a thread another app (a human inbox) owns: recorded, never answered. */
export interface StandbyMessage {
  kind: 'standby';
  pageId: string;
  psid: string;
  timestamp: number;
}

/** Thread control changed hands (messaging_handovers). */
export interface HandoverNotice {
  kind: 'handover';
  pageId: string;
  psid: string;
  change: 'pass_thread_control' | 'take_thread_control' | 'request_thread_control';
  timestamp: number;
}

export type InboundEvent = ShopperMessage | StandbyMessage | HandoverNotice;

/**
 * Every event of a (possibly batched) webhook, in order. Echoes of our own messages,
 * delivery and read receipts and unknown kinds are left out.
 */
export function inboundEvents(body: WebhookBody, now = Date.now()): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const entry of body.entry) {
    for (const event of entry.messaging ?? []) {
      const mapped = messagingEvent(entry.id, event, now);
      if (mapped) events.push(mapped);
    }
    for (const event of entry.standby ?? []) {
      const psid = event.sender?.id;
      if (!psid || event.message?.is_echo) continue;
      if (event.message || event.postback) events.push({ kind: 'standby', pageId: entry.id, psid, timestamp: event.timestamp ?? now });
    }
  }
  return events;
}

function messagingEvent(pageId: string, event: WebhookEvent, now: number): InboundEvent | undefined {
  const timestamp = event.timestamp ?? now;
  if (event.message?.is_echo) return undefined;
  const psid = event.sender?.id;
  if (!psid) return undefined;
  if (event.message) {
    const text = event.message.quick_reply?.payload ?? event.message.text ?? '';
    return { kind: 'message', pageId, psid, mid: event.message.mid, text, timestamp };
  }
  if (event.postback) {
    const text = event.postback.payload ?? event.postback.title ?? '';
    // Older postbacks have no mid; sender + time + payload identifies a redelivery.
    const mid = event.postback.mid ?? `postback:${psid}:${timestamp}:${text}`;
    return { kind: 'message', pageId, psid, mid, text, timestamp };
  }
  for (const change of ['pass_thread_control', 'take_thread_control', 'request_thread_control'] as const) {
    if (event[change]) return { kind: 'handover', pageId, psid, change, timestamp };
  }
  return undefined;
}
