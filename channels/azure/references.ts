import type { ConversationReference } from 'botbuilder';

/**
 * Where the channel keeps each conversation's reference (serviceUrl, ids) so a person's
 * reply or a notification can reach it later. The default lives in this process only:
 * a restart or another instance loses them (see the README); pass a persistent one.
 */
export interface ConversationReferenceStore {
  save(conversationId: string, reference: Partial<ConversationReference>): Promise<void>;
  get(conversationId: string): Promise<Partial<ConversationReference> | undefined>;
}

export class InProcessReferenceStore implements ConversationReferenceStore {
  private readonly references = new Map<string, Partial<ConversationReference>>();

  async save(conversationId: string, reference: Partial<ConversationReference>): Promise<void> {
    this.references.set(conversationId, reference);
  }

  async get(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.references.get(conversationId);
  }
}
