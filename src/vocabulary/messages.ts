/** Where a conversation lives on its channel (enough to send to it later). */
export interface ConversationAddress {
  /** The channel name the engine saw ('webchat', 'sms', 'whatsapp', 'messenger', 'voice', 'azure'). */
  channel: string;
  conversationId: string;
  senderId: string;
}

/** A message sent outside a shopper's turn: an agent's reply, a notification. */
export interface ProactiveMessage {
  text: string;
  kind: 'agent' | 'bot' | 'notification';
  /** contract §3 summary, where the channel has a place for it. */
  wismo: { intent: string; orderId?: string; handoff: boolean };
  suggestions?: string[];
  /**
   * The same key for every attempt of one message (a proactive notice's retries): channels that
   * queue their sends use it as the job id, so a retry after a crash never sends twice.
   */
  key?: string;
  /** Email only: the subject line (default: the shop's name and a short default). */
  subject?: string;
  /** Email only: the HTML alternative, trusted markup from our own templates (default: the text, escaped, links made clickable). */
  html?: string;
  /** Email only: where the shopper unsubscribes from notices (the List-Unsubscribe header; absent: no header). */
  unsubscribeUrl?: string;
}

export type DeliveryResult = { ok: true; providerMessageId?: string } | { ok: false; reason: string; permanent: boolean };
