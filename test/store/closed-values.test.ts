import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { openTestStore, type TestStore } from '../helpers/db';

/** Status-like columns hold only their closed value sets (src/vocabulary/records.ts): the database refuses the rest. */
describe('store: closed value sets are checked by the database', function () {
  this.timeout(30_000);
  let t: TestStore;
  before(async () => {
    t = await openTestStore();
  });
  after(() => t?.cleanup());

  const refusal = async (statement: ReturnType<typeof sql>): Promise<string> => {
    try {
      await t.store.db.execute(statement);
      return 'accepted';
    } catch (err) {
      const e = err as Error & { cause?: Error };
      return `${e.message} ${e.cause?.message ?? ''}`;
    }
  };

  it('a language, a role or a handoff reason outside its set is refused; one inside, or none, is kept', async () => {
    expect(await refusal(sql`INSERT INTO conversations (id, channel, sender_id, language) VALUES ('webchat:x', 'webchat', 'u', 'xx')`)).to.match(/conversations_language_check/);
    expect(await refusal(sql`INSERT INTO conversations (id, channel, sender_id, language) VALUES ('webchat:y', 'webchat', 'u', 'pt')`)).to.equal('accepted');
    expect(await refusal(sql`INSERT INTO conversations (id, channel, sender_id) VALUES ('webchat:z', 'webchat', 'u')`)).to.equal('accepted');
    expect(await refusal(sql`INSERT INTO agents (email, name, role, password_hash) VALUES ('a@example.com', 'A', 'owner', 'x')`)).to.match(/agents_role_check/);
    expect(await refusal(sql`INSERT INTO cases (conversation_key, channel, sender_id, reason, summary) VALUES ('webchat:y', 'webchat', 'u', 'because', 's')`)).to.match(/cases_reason_check/);
  });
});
