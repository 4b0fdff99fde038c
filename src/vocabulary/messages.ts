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
}

export type DeliveryResult = { ok: true; providerMessageId?: string } | { ok: false; reason: string; permanent: boolean };
