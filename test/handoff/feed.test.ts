import { expect } from 'chai';
import { openStore, type Store } from '../../src/store/db';
import { conversations } from '../../src/store/schema';
import { CaseFeed, type FeedEvent } from '../../src/handoff/feed';
import { CaseRepository } from '../../src/handoff/cases';
import { createLogger } from '../../src/log/logger';
import { BACKENDS, openTestStore, requireServer, tempDir, type TestStore } from '../helpers/db';

/** Issue "A turn in two round trips", streams without polling: the inbox feed reads when the database says a case was written. */
describe('handoff: the inbox feed is told by the database (LISTEN/NOTIFY)', () => {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestStore;
      let other: Store | undefined;

      before(async function () {
        if (backend === 'postgres') await requireServer('postgres').call(this);
        t = await openTestStore(backend);
        // On PostgreSQL the case is written through another instance's connections.
        other = backend === 'postgres' ? await openStore({ url: process.env.DATABASE_URL, dataDir: tempDir(), schemaName: t.schemaName, poolSize: 2 }) : undefined;
      });
      after(async () => {
        await other?.close();
        await t?.cleanup();
      });

      it('a case opened elsewhere reaches a listener whose polling is off', async () => {
        const writer = other ?? t.store;
        // Ten minutes between polls: only the announcement can deliver within the test.
        const feed = new CaseFeed(t.store.db, new CaseRepository(t.store.db, { reopenHours: 24 }), createLogger('silent'), { intervalMs: 600_000, overlapMs: 5000, signals: t.store.signals });
        const events: FeedEvent[] = [];
        const got = new Promise<FeedEvent>((resolve) => {
          void feed.subscribe((e) => {
            events.push(e);
            if (e.type === 'case.created') resolve(e);
          });
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const key = `webchat:feed-${backend}`;
        await writer.db.insert(conversations).values({ id: key, channel: 'webchat', senderId: 'u-feed' });
        await new CaseRepository(writer.db, { reopenHours: 24 }).open({ conversationKey: key, channel: 'webchat', senderId: 'u-feed', reason: 'stuck' }, new Date());
        const created = await Promise.race([got, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000))]);
        feed.close();
        if (created?.type !== 'case.created') throw new Error(`no case.created event; got ${events.map((e) => e.type).join(', ') || 'nothing'}`);
        expect(created.case).to.include({ conversationKey: key, reason: 'stuck' });
      });
    });
  }
});
