import type { Logger } from '../log/logger';
import type {
  AnswerPort, HandoffPort, HandoffRulesPort, LlmPort, NotificationPort, OrderReadPort, TranscriptPort, UnderstandingPort, VerificationPort,
} from './ports';

/** What the engine is wired with (src/app/container.ts): its ports only. */
export interface EngineDeps {
  resolver: UnderstandingPort;
  orders: OrderReadPort;
  /** Verification with its per-message budget and throttle (src/linking). */
  verifier: VerificationPort;
  transcript: TranscriptPort;
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
