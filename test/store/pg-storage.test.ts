import { expect } from 'chai';
import { PostgresStorage } from '../../src/bot/pg-storage';
import { BACKENDS, openTestStore, requireServer, type TestStore } from '../helpers/db';

for (const backend of BACKENDS) {
  describe(`store: PostgresStorage (botbuilder Storage) on ${backend}`, () => {
    let t: TestStore;
    let storage: PostgresStorage;
    let n = 0;
    /** A key of its own per test: the store is shared by the file. */
    const key = () => `conv/${backend}/${++n}`;

    if (backend === 'postgres') before(requireServer('postgres'));
    before(async () => {
      t = await openTestStore(backend);
      storage = new PostgresStorage(t.store.db);
    });
    after(() => t?.cleanup());

    it('reads nothing for unknown keys and for an empty key list', async () => {
      expect(await storage.read([key()])).to.deep.equal({});
      expect(await storage.read([])).to.deep.equal({});
    });

    it('writes and reads back documents with an etag', async () => {
      const [a, b] = [key(), key()];
      await storage.write({ [a]: { step: 'ask_email', orderId: '1001' }, [b]: { step: 'greeted' } });
      const items = await storage.read([a, b, key()]);
      expect(Object.keys(items).sort()).to.deep.equal([a, b].sort());
      expect(items[a]).to.deep.equal({ step: 'ask_email', orderId: '1001', eTag: '1' });
    });

    it('accepts a write with the current etag and bumps it', async () => {
      const k = key();
      await storage.write({ [k]: { v: 1 } });
      const read = await storage.read([k]);
      await storage.write({ [k]: { ...read[k], v: 2 } });
      expect(await storage.read([k])).to.deep.equal({ [k]: { v: 2, eTag: '2' } });
    });

    it('rejects a write with a stale etag and keeps the other writer\'s state', async () => {
      const k = key();
      await storage.write({ [k]: { turn: 'first' } });
      const stale = (await storage.read([k]))[k];
      await storage.write({ [k]: { ...stale, turn: 'other instance' } });
      let error: unknown;
      try {
        await storage.write({ [k]: { ...stale, turn: 'late writer' } });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include('etag conflict');
      expect((await storage.read([k]))[k]).to.deep.equal({ turn: 'other instance', eTag: '2' });
    });

    it('overwrites unconditionally with eTag "*"', async () => {
      const k = key();
      await storage.write({ [k]: { v: 1 } });
      await storage.write({ [k]: { v: 9, eTag: '*' } });
      expect((await storage.read([k]))[k]).to.deep.equal({ v: 9, eTag: '2' });
    });

    it('deletes keys', async () => {
      const [a, b] = [key(), key()];
      await storage.write({ [a]: { x: 1 }, [b]: { x: 2 } });
      await storage.delete([a]);
      expect(Object.keys(await storage.read([a, b]))).to.deep.equal([b]);
    });
  });
}
