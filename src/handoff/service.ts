import type { HandoffPort } from '../conversation/ports';
import type { Logger } from '../log/logger';

/**
 * Handoff as the conversation core needs it: the conversation is flagged for a person
 * (the transcript store keeps the flag) and the reason is logged. Cases, the agent inbox
 * and business-hour promises build on this (src/handoff).
 */
export class HandoffService implements HandoffPort {
  constructor(private readonly logger: Logger, private readonly etaSentence: (lang: string) => string = () => '') {}

  async open(request: Parameters<HandoffPort['open']>[0]): Promise<{ eta: string; caseId?: string }> {
    this.logger.info({ conversation: request.conversationKey, reason: request.reason, channel: request.channel }, 'handed to a person');
    return { eta: this.etaSentence(request.lang) };
  }
}
