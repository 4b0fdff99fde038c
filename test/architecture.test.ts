import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';

/**
 * The boundaries of .dependency-cruiser.cjs (no cycles; the domain never imports the
 * composition root, the HTTP layer or a channel; frameworks stay at the edges; channels stand
 * alone), plus what dependency-cruiser does not check by itself: no cycle between folders
 * (src/<folder>, channels/<folder>). A wrong-way import fails this test, so it fails CI.
 */
interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number };
}

describe('architecture: dependency rules (dependency-cruiser)', function () {
  this.timeout(120_000);
  let cruise: Cruise;

  before(() => {
    const root = path.resolve(__dirname, '..');
    const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
    cruise = JSON.parse(execFileSync(bin, ['src', 'channels', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Cruise;
  });

  it('reads the whole code base (a parser that reads nothing passes every rule)', () => {
    expect(cruise.summary.totalCruised).to.be.greaterThan(150);
    expect(cruise.modules.filter((m) => m.source.endsWith('.ts')).length).to.be.greaterThan(150);
  });

  it('finds no forbidden import and no module cycle', () => {
    expect(cruise.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).to.deep.equal([]);
  });

  it('finds no cycle between folders', () => {
    const folder = (p: string) => /^(src|channels)\/([^/.]+)\//.exec(p)?.slice(1, 3).join('/');
    const edges = new Map<string, Set<string>>();
    for (const m of cruise.modules) {
      const from = folder(m.source);
      if (!from) continue;
      for (const d of m.dependencies) {
        const to = folder(d.resolved);
        if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(folderCycles(edges)).to.deep.equal([]);
  });
});

/** Strongly connected components with more than one folder (Tarjan). */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])) if (!index.has(v)) visit(v);
  return cycles;
}

describe('architecture: lint (oxlint, .oxlintrc.json)', function () {
  this.timeout(120_000);

  it('finds nothing in src, channels, test, scripts and bench', () => {
    const root = path.resolve(__dirname, '..');
    const bin = path.join(root, 'node_modules', '.bin', 'oxlint');
    // oxlint exits non-zero when it finds something: read its report either way.
    const run = spawnSync(bin, ['--format', 'json', 'src', 'channels', 'test', 'scripts', 'bench'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(run.stdout) as { diagnostics: { message: string; filename: string; labels?: { span: { line: number } }[] }[]; number_of_files: number };
    expect(report.number_of_files).to.be.greaterThan(200);
    expect(report.diagnostics.map((d) => `${d.filename}:${d.labels?.[0]?.span.line ?? '?'} ${d.message}`)).to.deep.equal([]);
  });
});
