import { expect } from 'chai';
import { CaseRepository } from '../../src/handoff/cases';
import { openStore, type Store } from '../../src/store/db';
import { openTestStore, postgresUrl, requireServer, tempDir, type TestStore } from '../helpers/db';

/**
 * Two instances handing the same conversation over at the same moment open one case: the
 * open is serialised per conversation by an advisory lock. Real concurrency needs PostgreSQL
 * (two pools); PGlite runs one statement at a time.
 */
describe('handoff: one case per conversation under concurrency (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestStore;
  let other: Store | undefined;

  before(async function () {
    await requireServer('postgres').call(this);
    t = await openTestStore('postgres');
    other = await openStore({ url: postgresUrl()!, dataDir: tempDir(), schemaName: t.schemaName, poolSize: 4 });
  });
  after(async () => {
    await other?.close();
    await t?.cleanup();
  });

  it('twenty simultaneous handoffs from two instances open exactly one case', async () => {
    const repos = [new CaseRepository(t.store.db, { reopenHours: 48 }), new CaseRepository(other!.db, { reopenHours: 48 })];
    const key = `webchat:race-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      repos[i % 2].open({ conversationKey: key, channel: 'webchat', senderId: 'u1', reason: 'requested' }, new Date())));
    expect(results.filter((r) => r!.created)).to.have.length(1);
    expect(new Set(results.map((r) => r!.case.id)).size).to.equal(1);
  });
});
