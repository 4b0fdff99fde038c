import type http from 'node:http';
import type { Router } from 'express';
import type { ConversationAddress, DeliveryResult, FeatureStatus, ProactiveMessage } from '../../src/vocabulary';

export type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../../src/vocabulary';

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
