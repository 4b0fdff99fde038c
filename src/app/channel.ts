import type http from 'node:http';
import type { Router } from 'express';
import type { FeatureStatus } from './status';

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

/** What every channel folder exports: its routes, its status for /health, and its lifecycle. */
export interface Channel {
  name: string;
  /** The engine channel names this channel serves ('sms' and 'whatsapp' for Twilio messaging). */
  serves?: string[];
  status(): FeatureStatus;
  /** Routes under the channel's own paths, with its own body parsers and signature checks. */
  router?: Router;
  /** Upgrades and other server-level hooks (Direct Line WebSocket streams). */
  attach?(server: http.Server): void;
  /** Sends a message to a conversation outside a turn (agent replies, notifications), the channel's way and within its rules. */
  deliver?(address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult>;
  /** A person took over / gave back the conversation (Messenger handover protocol, voice dial-out...). */
  handoffStarted?(address: ConversationAddress): Promise<void>;
  handoffEnded?(address: ConversationAddress): Promise<void>;
  close?(): Promise<void>;
}
