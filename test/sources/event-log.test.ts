import { expect } from 'chai';
import { SourceEventLog } from '../../src/sources/event-log';
import { openTestStore, type TestStore } from '../helpers/db';

describe('sources: the event log', function () {
  this.timeout(30_000);
  let t: TestStore;
  let log: SourceEventLog;
  before(async () => {
    t = await openTestStore();
    log = new SourceEventLog(t.store.db);
  });
  after(() => t?.cleanup());

  const record = (at: string) => ({ source: 'test', recordKey: 'order:1', updatedAt: new Date(at), localId: '1001' });
  const applied = async () => ({ outcome: 'applied' as const, orderId: '1001' });

  it('a version is recorded only once its change is stored: after a crash in between, the retry applies it again', async () => {
    await log.unlessStale(record('2026-11-20T10:00:00Z'), async () => { throw new Error('killed mid-write'); }).catch(() => undefined);
    expect(await log.unlessStale(record('2026-11-20T10:00:00Z'), applied)).to.deep.equal({ outcome: 'applied', orderId: '1001' });
    expect(await log.localId('test', 'order:1')).to.equal('1001');
  });

  it('an older version is stale; the same version again is applied again (harmless)', async () => {
    expect(await log.unlessStale(record('2026-11-20T09:00:00Z'), applied)).to.equal('stale');
    expect(await log.unlessStale(record('2026-11-20T10:00:00Z'), applied)).to.deep.equal({ outcome: 'applied', orderId: '1001' });
  });

  it('an event id is applied once; one whose apply failed for a reason of ours is taken again', async () => {
    await log.once('test', 'evt-1', 'topic', async () => { throw new Error('database down'); }).catch(() => undefined);
    expect(await log.once('test', 'evt-1', 'topic', applied)).to.deep.equal({ outcome: 'applied', orderId: '1001' });
    expect(await log.once('test', 'evt-1', 'topic', applied)).to.deep.equal({ outcome: 'duplicate' });
  });
});
