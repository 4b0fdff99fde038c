import { expect } from 'chai';
import pg from 'pg';
import { PostgresTurnLock } from '../../src/store/turn-lock';
import { openTestStore, postgresUrl, randomSchemaName, requireServer } from '../helpers/db';

/** A promise with its resolve, to hold a turn open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('store: a conversation\'s turns, one at a time across instances', function () {
  this.timeout(30_000);

  it('the embedded store has one process: its lock only runs the turn', async () => {
    const t = await openTestStore('pglite');
    try {
      expect(await t.store.turnLock().hold('webchat:c1', async () => 'ran')).to.equal('ran');
    } finally {
      await t.cleanup();
    }
  });

  describe('on PostgreSQL', () => {
    before(requireServer('postgres'));
    let a: PostgresTurnLock;
    let b: PostgresTurnLock;
    const namespace = randomSchemaName();
    before(() => {
      // Two instances: two processes' worth of lock connections on one database.
      a = new PostgresTurnLock(postgresUrl()!, namespace);
      b = new PostgresTurnLock(postgresUrl()!, namespace);
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    it('a second instance\'s turn of the same conversation waits; another conversation does not', async () => {
      const held = gate();
      const order: string[] = [];
      const first = a.hold('sms:+15550001', async () => {
        order.push('a starts');
        await held.promise;
        order.push('a ends');
      });
      await tick();
      const second = b.hold('sms:+15550001', async () => void order.push('b runs'));
      const other = b.hold('sms:+15550002', async () => void order.push('other runs'));
      await other;
      await tick();
      expect(order).to.deep.equal(['a starts', 'other runs']);
      held.open();
      await Promise.all([first, second]);
      expect(order).to.deep.equal(['a starts', 'other runs', 'a ends', 'b runs']);
    });

    it('an instance that dies mid-turn releases the conversation with its connection', async () => {
      const never = gate();
      const stuck = a.hold('messenger:psid-9', () => never.promise).catch(() => undefined);
      await tick();
      let ran = false;
      const next = b.hold('messenger:psid-9', async () => void (ran = true));
      await tick();
      expect(ran).to.equal(false);
      // The holder's connection goes away as it would when its process is killed.
      const admin = new pg.Client({ connectionString: postgresUrl() });
      await admin.connect();
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
             AND l.objid = (hashtext($1)::bigint & 4294967295)::oid`,
          [`turn:${namespace}:messenger:psid-9`],
        );
        expect(killed.rowCount).to.equal(1);
      } finally {
        await admin.end();
      }
      await next;
      expect(ran).to.equal(true);
      never.open();
      await stuck;
    });

    it('a lock that cannot be had never drops the turn', async () => {
      const broken = new PostgresTurnLock('postgres://nobody@127.0.0.1:1/none', namespace);
      try {
        expect(await broken.hold('webchat:c2', async () => 'answered')).to.equal('answered');
      } finally {
        await broken.close();
      }
    });
  });
});
