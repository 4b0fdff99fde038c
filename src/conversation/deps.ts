import type { Logger } from '../log/logger';
import type { OrderRepository } from '../orders/repository';
import type { OrderVerifier } from '../linking/verifier';
import type { AnswerPort, HandoffPort, HandoffRulesPort, LlmPort, NotificationPort, UnderstandingPort } from './ports';
import type { TranscriptStore } from './transcript';

/** What the engine is wired with (src/app/container.ts): its ports and the few concrete stores it reads. */
export interface EngineDeps {
  resolver: UnderstandingPort;
  orders: OrderRepository;
  /** Verification with its per-message budget and throttle (src/linking). */
  verifier: OrderVerifier;
  transcript: TranscriptStore;
  answers: AnswerPort;
  handoff: HandoffPort;
  /** The handoff rules (src/handoff/rules.ts with the merchant's settings). */
  rules: HandoffRulesPort;
  /** The optional model; absent without OPENAI_API_KEY. */
  llm?: LlmPort;
  /** Order update subscriptions ("text me when it's delivered"). */
  notifications: NotificationPort;
  shop: { name: string; timeZone: string; orderPrefix?: string };
  logger: Logger;
  clock?: () => Date;
}
