import type { Env } from '../config/schema';
import type { Logger } from '../log/logger';
import type { Understanding } from '../resolver/types';
import { createModelClient, failureReason, MAX_TIMEOUT_MS } from './client';
import { DraftRejected, draftWithModel, type DraftInput } from './draft';
import { understandWithModel, type ModelUnderstanding, type UnderstandInput } from './understand';

export type { ChatTurn } from './conversation-window';
export type { DraftInput } from './draft';
export type { ModelUnderstanding, UnderstandInput } from './understand';
export { checkDraftFacts } from './fact-check';

/**
 * The optional model. Both calls resolve to undefined on any problem (no answer in
 * time, HTTP error, refusal, malformed or invalid output, a draft that fails the fact
 * check): the caller then keeps the local understanding or sends the template answer.
 */
export interface LlmAssist {
  understand(input: UnderstandInput): Promise<ModelUnderstanding | undefined>;
  draft(input: DraftInput): Promise<string | undefined>;
}

export type LlmConfig = Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'SHOP_NAME'>;

export interface LlmAssistOptions {
  /** Per-call limit in milliseconds, at most (and by default) 3000. */
  timeoutMs?: number;
}

/** Below this local confidence the model is asked; above it the keyword resolver is trusted. */
export const CONSULT_BELOW_CONFIDENCE = 0.6;

/** Whether the local reading is unsure enough to ask the model. */
export function shouldConsultModel(local: Understanding): boolean {
  return local.intent === 'other' || local.confidence < CONSULT_BELOW_CONFIDENCE;
}

/** The model helper, or undefined when OPENAI_API_KEY is unset (the bot then works without a model). */
export function createLlmAssist(config: LlmConfig, logger: Logger, options: LlmAssistOptions = {}): LlmAssist | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  const client = createModelClient({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: options.timeoutMs ?? MAX_TIMEOUT_MS,
  });
  const model = config.OPENAI_MODEL;
  const shopName = config.SHOP_NAME;
  const log = logger.child({ component: 'llm', model });

  /** Runs one call; logs only the call name, the outcome label and the duration (never texts). */
  async function guarded<T>(call: 'understand' | 'draft', run: () => Promise<T>): Promise<T | undefined> {
    const started = Date.now();
    try {
      const result = await run();
      log.debug({ call, ms: Date.now() - started }, 'model answer used');
      return result;
    } catch (err) {
      const reason = failureReason(err);
      const rejected = err instanceof DraftRejected ? { unmatchedKinds: [...new Set(err.unmatched.map((u) => u.kind))] } : {};
      log.warn({ call, reason, ...rejected, ms: Date.now() - started }, 'model answer not used');
      return undefined;
    }
  }

  return {
    understand: (input) => guarded('understand', () => understandWithModel(client, model, shopName, input)),
    draft: (input) => guarded('draft', () => draftWithModel(client, model, shopName, input)),
  };
}
