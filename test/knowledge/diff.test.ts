import { expect } from 'chai';
import { diffJson, summarizeDiff } from '../../src/knowledge/diff';

describe('knowledge diff', () => {
  it('reports changed, added and removed fields with their paths', () => {
    const changes = diffJson({ a: 1, b: { c: 'x', d: true } }, { a: 2, b: { c: 'x', e: [1] } });
    expect(changes).to.deep.equal([{ path: 'a', from: 1, to: 2 }, { path: 'b.d', from: true }, { path: 'b.e', to: [1] }]);
    expect(summarizeDiff(changes)).to.equal('a: 1 → 2; b.d removed; b.e added');
  });

  it('an item inserted in a list is one addition, not a shift of every later item', () => {
    const before = { holidays: [{ date: '2026-12-24' }, { date: '2026-12-25' }, { date: '2027-01-01' }] };
    const after = { holidays: [{ date: '2026-12-24' }, { date: '2026-12-26' }, { date: '2026-12-25' }, { date: '2027-01-01' }] };
    expect(diffJson(before, after)).to.deep.equal([{ path: 'holidays[1]', to: { date: '2026-12-26' } }]);
    expect(diffJson(after, before)).to.deep.equal([{ path: 'holidays[1]', from: { date: '2026-12-26' } }]);
  });

  it('an item edited in place is reported field by field', () => {
    const changes = diffJson({ rules: [{ tag: ['fragile'], days: 2 }, { days: 0 }] }, { rules: [{ tag: ['fragile'], days: 3 }, { days: 0 }] });
    expect(changes).to.deep.equal([{ path: 'rules[0].days', from: 2, to: 3 }]);
  });

  it('equal documents, whatever the key order, have no changes', () => {
    expect(diffJson({ a: 1, b: 2 }, { b: 2, a: 1 })).to.deep.equal([]);
    expect(summarizeDiff([])).to.equal('no changes');
  });
});
