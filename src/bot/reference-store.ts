import type { ConversationReference, Storage } from 'botbuilder';

/**
 * Conversation references (serviceUrl, ids) kept in the bot's Storage, i.e. PostgreSQL:
 * an agent's reply or a notification reaches an Azure conversation from any instance,
 * also after a restart.
 */
export class StoredReferences {
  constructor(private readonly storage: Storage, private readonly prefix = 'reference/') {}

  async save(conversationId: string, reference: Partial<ConversationReference>): Promise<void> {
    await this.storage.write({ [this.prefix + conversationId]: { reference, eTag: '*' } });
  }

  async get(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const key = this.prefix + conversationId;
    const items = await this.storage.read([key]);
    return (items[key] as { reference?: Partial<ConversationReference> } | undefined)?.reference;
  }
}
