import { expect } from 'chai';
import { coalesced } from '../../src/store/bulk';
import { failure } from '../helpers/rejection';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Coalesced calls (contacts read, delivery log written by concurrent sends) group like a commit log. */
describe('store: coalesced calls', () => {
  function recorder(parallel: number) {
    const runs: string[][] = [];
    const finish: (() => void)[] = [];
    let failNext = false;
    const call = coalesced<string, string>(async (keys) => {
      runs.push([...keys]);
      await new Promise<void>((resolve) => finish.push(resolve));
      if (failNext) {
        failNext = false;
        throw new Error('the store went away');
      }
      return keys.map((k) => k.toUpperCase());
    }, 500, parallel);
    return { runs, call, finishOne: () => finish.shift()?.(), failNext: () => (failNext = true) };
  }

  it('calls of one turn go as one run; calls made while the runs are busy wait and go together', async () => {
    const r = recorder(1);
    const first = ['a', 'b', 'c'].map(r.call);
    await tick();
    await tick();
    expect(r.runs).to.deep.equal([['a', 'b', 'c']]);
    const later: Promise<string>[] = [];
    for (const key of ['d', 'e', 'f', 'g']) {
      later.push(r.call(key));
      await tick();
    }
    // Still one run: the rest waits for it.
    expect(r.runs).to.have.length(1);
    r.finishOne();
    expect(await Promise.all(first)).to.deep.equal(['A', 'B', 'C']);
    await tick();
    await tick();
    expect(r.runs).to.deep.equal([['a', 'b', 'c'], ['d', 'e', 'f', 'g']]);
    r.finishOne();
    expect(await Promise.all(later)).to.deep.equal(['D', 'E', 'F', 'G']);
  });

  it('runs up to `parallel` at once, and a failed run fails its own calls only and frees its place', async () => {
    const r = recorder(2);
    const one = r.call('a');
    await tick();
    const two = r.call('b');
    await tick();
    const three = r.call('c');
    await tick();
    await tick();
    expect(r.runs).to.deep.equal([['a'], ['b']]);
    r.failNext();
    r.finishOne();
    expect(await failure(one)).to.equal('the store went away');
    await tick();
    await tick();
    expect(r.runs).to.deep.equal([['a'], ['b'], ['c']]);
    r.finishOne();
    r.finishOne();
    expect(await Promise.all([two, three])).to.deep.equal(['B', 'C']);
    // Idle again: a call goes at once.
    const four = r.call('d');
    await tick();
    await tick();
    expect(r.runs.at(-1)).to.deep.equal(['d']);
    r.finishOne();
    expect(await four).to.equal('D');
  });
});

