import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { KnowledgeBase, KnowledgeError, formatProblem, loadKnowledgeDir, type KnowledgeProblem } from '../../src/knowledge/loader';
import type { Knowledge } from '../../src/knowledge/schema';
import { KNOWLEDGE_DIR } from '../answers/fixtures';

/** A copy of the shop's knowledge folder to break and edit. */
function copyKnowledge(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-knowledge-'));
  fs.cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(full, next);
}

function lineOf(dir: string, file: string, needle: string): number {
  return fs.readFileSync(path.join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

async function problemsOf(dir: string): Promise<KnowledgeProblem[]> {
  const result = await loadKnowledgeDir(dir);
  expect(result.ok, 'expected the knowledge to be rejected').to.equal(false);
  return result.ok ? [] : result.problems;
}

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('knowledge loader', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = copyKnowledge();
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("loads the shop's folder and remembers which file holds each section", async () => {
    const result = await loadKnowledgeDir(KNOWLEDGE_DIR);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const k = result.knowledge;
    expect(k.origin.files).to.include({ calendar: 'fulfilment.yaml', shipping: 'shipping.yaml', notices: 'notices.yaml', returns: 'returns.yaml' });
    expect(k.shipping.zones.find((z) => z.id === 'us')?.rates.standard.days).to.deep.equal({ min: 3, max: 5 });
    expect(Object.keys(k.policies).sort()).to.deep.equal(['de', 'en', 'es', 'fr', 'it', 'pt', 'ru', 'zh']);
  });

  it('refuses an oversized file without reading it', async () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'huge.yaml'), `notes:\n${'  - padding line of a file nobody meant to save\n'.repeat(20_000)}`);
    const problems = await problemsOf(dir);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ file: 'huge.yaml' });
    expect(problems[0].message).to.match(/at most 512 KB/);
  });

  it('says plainly that __proto__ is not a section', async () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'odd.yaml'), '__proto__:\n  polluted: true\n');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message)).to.deep.equal(['"__proto__" is not a knowledge section']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('reports a wrong value with its file, line and field', async () => {
    const dir = fresh();
    edit(dir, 'fulfilment.yaml', 'default_days: 1', 'default_days: -1');
    const [problem, ...rest] = await problemsOf(dir);
    expect(rest).to.deep.equal([]);
    expect(problem).to.include({ file: 'fulfilment.yaml', field: 'processing.default_days', line: lineOf(dir, 'fulfilment.yaml', 'default_days: -1') });
    expect(problem.message).to.match(/0 or more/);
  });

  it('reports a field deep in a list, and a bad date, at their lines', async () => {
    const dir = fresh();
    edit(dir, 'fulfilment.yaml', 'date: 2026-12-24', 'date: 24/12/2026');
    edit(dir, 'shipping.yaml', 'standard: { days: 5-8, cost: 12.95, free_over: 150 }', 'standard: { days: 8-5, cost: 12.95, free_over: 150 }');
    const problems = await problemsOf(dir);
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField['calendar.holidays[1].date']).to.include({ file: 'fulfilment.yaml', line: lineOf(dir, 'fulfilment.yaml', '24/12/2026') });
    const range = problems.find((p) => p.field.startsWith('shipping.zones[2].rates.standard.days'));
    expect(range, JSON.stringify(problems)).to.include({ file: 'shipping.yaml', line: lineOf(dir, 'shipping.yaml', 'days: 8-5') });
  });

  it('reports an unknown field at its key, and a policy problem in the language file', async () => {
    const dir = fresh();
    edit(dir, 'returns.yaml', 'window_days: 30', 'window_days: 30\n  windows_days: 31');
    edit(dir, 'policies/de.yaml', '{return_window_days} Tagen nach', '{return_days} Tagen nach');
    const problems = await problemsOf(dir);
    expect(problems.find((p) => p.field === 'returns.windows_days')).to.include({ file: 'returns.yaml', line: lineOf(dir, 'returns.yaml', 'windows_days') });
    const policy = problems.find((p) => p.file === 'policies/de.yaml');
    expect(policy?.field).to.equal('policies.de.returns');
    expect(policy?.line).to.equal(lineOf(dir, 'policies/de.yaml', 'returns:'));
    expect(policy?.message).to.contain('{return_days}');
  });

  it('reports YAML syntax errors and missing languages by file', async () => {
    const dir = fresh();
    edit(dir, 'notices.yaml', 'add_days: 1', 'add_days: [1');
    fs.rmSync(path.join(dir, 'policies', 'it.yaml'));
    const problems = await problemsOf(dir);
    expect(problems[0].file).to.equal('notices.yaml');
    expect(problems[0].line).to.be.a('number');
    fs.writeFileSync(path.join(dir, 'notices.yaml'), 'notices: []\n');
    const missing = await problemsOf(dir);
    expect(missing.map((p) => p.file)).to.include('policies/it.yaml');
  });

  it('refuses a section defined in two files', async () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'extra.yaml'), 'returns:\n  window_days: 14\n  refund_days: 3\n');
    const problems = await problemsOf(dir);
    expect(problems[0]).to.include({ file: 'returns.yaml', field: 'returns', line: 6 });
  });

  it('refuses unknown shipping methods and warehouses referenced by rules', async () => {
    const dir = fresh();
    edit(dir, 'fulfilment.yaml', 'method: express', 'method: overnight');
    const [problem] = await problemsOf(dir);
    expect(problem).to.include({ file: 'fulfilment.yaml', field: 'processing.rules[4].method', line: lineOf(dir, 'fulfilment.yaml', 'method: overnight') });
  });

  describe('KnowledgeBase', () => {
    it('throws with every problem when the first load fails', async () => {
      const dir = fresh();
      edit(dir, 'fulfilment.yaml', 'cutoff_time: "14:00"', 'cutoff_time: "2pm"');
      try {
        await KnowledgeBase.load(dir);
        expect.fail('expected a KnowledgeError');
      } catch (err) {
        expect(err).to.be.instanceOf(KnowledgeError);
        expect((err as Error).message).to.match(/fulfilment\.yaml:\d+:\d+ calendar\.cutoff_time/);
      }
    });

    it('hot-reloads a saved change, keeps the last good version on a bad one, and stops on close', async () => {
      const dir = fresh();
      const kb = await KnowledgeBase.load(dir, { watch: true, debounceMs: 30 });
      const seen: Knowledge[] = [];
      kb.onChange((k) => seen.push(k));
      try {
        expect(kb.current().calendar.cutoff_time).to.equal('14:00');
        edit(dir, 'fulfilment.yaml', 'cutoff_time: "14:00"', 'cutoff_time: "16:30"');
        await waitFor(() => kb.current().calendar.cutoff_time === '16:30');
        expect(seen).to.have.length(1);

        edit(dir, 'returns.yaml', 'window_days: 30', 'window_days: thirty');
        await waitFor(() => kb.lastProblems.length > 0);
        expect(kb.current().returns.window_days, 'the last good version stays').to.equal(30);
        expect(kb.lastProblems[0]).to.include({ file: 'returns.yaml', field: 'returns.window_days' });
        expect(seen).to.have.length(1);

        edit(dir, 'returns.yaml', 'window_days: thirty', 'window_days: 45');
        await waitFor(() => kb.current().returns.window_days === 45);
        expect(kb.lastProblems).to.deep.equal([]);
      } finally {
        kb.close();
      }
      edit(dir, 'returns.yaml', 'window_days: 45', 'window_days: 60');
      await new Promise((r) => setTimeout(r, 200));
      expect(kb.current().returns.window_days, 'no reload after close').to.equal(45);
    });

    it('replaces the whole document from JSON, or reports the field paths', async () => {
      const kb = await KnowledgeBase.load(KNOWLEDGE_DIR);
      const changes: string[] = [];
      kb.onChange((_k, by) => changes.push(by));
      // The JSON form of current(), as an admin API would return it (origin included).
      const doc = JSON.parse(JSON.stringify(kb.current()));
      doc.returns.window_days = 14;

      const ok = kb.replace(doc, 'admin@example.com');
      expect(ok.ok).to.equal(true);
      expect(kb.current().returns.window_days).to.equal(14);
      expect(kb.current().origin.by).to.equal('admin@example.com');
      expect(changes).to.deep.equal(['admin@example.com']);

      doc.calendar.time_zone = 'Mars/Olympus';
      const bad = kb.replace(doc, 'admin@example.com');
      expect(bad.ok).to.equal(false);
      if (!bad.ok) expect(bad.problems[0]).to.include({ file: 'api', field: 'calendar.time_zone' });
      expect(kb.current().calendar.time_zone).to.equal('America/New_York');
    });
  });
});
