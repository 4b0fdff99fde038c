import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { KnowledgeService } from '../../src/knowledge/service';
import { KnowledgeVersions } from '../../src/knowledge/versions';
import { plainDocument } from '../../src/knowledge/document';
import { openTestStore, type TestStore } from '../helpers/db';
import { clearVersions, copyKnowledge, editFile, removeFolders, setDefaultDaysInFile, waitUntil } from './kb-fixture';

/** The document in force with one processing time changed, as an API client would send it. */
function withDefaultDays(service: KnowledgeService, days: number) {
  const doc = plainDocument(service.current());
  doc.processing.default_days = days;
  return doc;
}

describe('knowledge service: versions and precedence', function () {
  this.timeout(60_000);
  let t: TestStore;
  let versions: KnowledgeVersions;
  const running: KnowledgeService[] = [];
  const start = async (dir: string, pollMs = 0) => {
    const s = await KnowledgeService.start({ dir, versions, pollMs });
    running.push(s);
    return s;
  };

  before(async () => {
    t = await openTestStore();
    versions = new KnowledgeVersions(t.store.db);
  });
  afterEach(async () => {
    running.splice(0).forEach((s) => s.close());
    await clearVersions(t.store);
  });
  after(async () => {
    removeFolders();
    await t?.cleanup();
  });

  it('records the files as the first version on the first start', async () => {
    const service = await start(copyKnowledge());
    const list = await versions.list();
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ author: 'file', source: 'file', summary: 'first version' });
    expect(service.inForce()).to.include({ version: list[0].version, source: 'file' });
    // The files' own origins stay in force: fact sources keep naming the file to edit.
    expect(service.current().origin.files.processing).to.equal('fulfilment.yaml');
  });

  it('stores an API edit as a version with author and diff, and puts it in force at once', async () => {
    const service = await start(copyKnowledge());
    const result = await service.save(withDefaultDays(service, 4), { author: 'ana@shop.example', source: 'api' });
    if (!result.ok) throw new Error('save failed');
    expect(service.current().processing.default_days).to.equal(4);
    expect(service.inForce()).to.include({ version: result.version.version, author: 'ana@shop.example', source: 'api' });
    const stored = await versions.get(result.version.version);
    expect(stored!.diff.changes).to.deep.equal([{ path: 'processing.default_days', from: 1, to: 4 }]);
    expect((await versions.list())[0].summary).to.equal('processing.default_days: 1 → 4');
  });

  it('refuses an invalid document and stores nothing', async () => {
    const service = await start(copyKnowledge());
    const doc = withDefaultDays(service, 4) as unknown as { processing: { default_days: unknown } };
    doc.processing.default_days = 'soon';
    const result = await service.save(doc, { author: 'admin-key', source: 'api' });
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.problems.map((p) => p.field)).to.deep.equal(['processing.default_days']);
    expect(await versions.list()).to.have.length(1);
    expect(service.current().processing.default_days).to.equal(1);
  });

  it('a file change after an API edit wins and is recorded', async () => {
    const dir = copyKnowledge();
    const service = await start(dir);
    await service.save(withDefaultDays(service, 4), { author: 'admin-key', source: 'api' });
    setDefaultDaysInFile(dir, 2);
    await service.reloadFiles();
    expect(service.current().processing.default_days).to.equal(2);
    const [latest] = await versions.list();
    expect(latest).to.include({ source: 'file', author: 'file', summary: 'processing.default_days: 4 → 2' });
    expect(service.inForce().version).to.equal(latest.version);
  });

  it('an API edit after a file change wins', async () => {
    const dir = copyKnowledge();
    const service = await start(dir);
    setDefaultDaysInFile(dir, 2);
    await service.reloadFiles();
    await service.save(withDefaultDays(service, 5), { author: 'admin-key', source: 'api' });
    expect(service.current().processing.default_days).to.equal(5);
    expect((await versions.list()).map((v) => v.source)).to.deep.equal(['api', 'file', 'file']);
  });

  it('a file save that changes nothing (a comment) records no version', async () => {
    const dir = copyKnowledge();
    const service = await start(dir);
    editFile(dir, 'fulfilment.yaml', '# How and when orders leave the warehouse.', '# How and when orders leave our warehouse.');
    await service.reloadFiles();
    expect(await versions.list()).to.have.length(1);
  });

  it('a restart keeps the newest: the API edit while the files are unchanged, the files when they changed while stopped', async () => {
    const dir = copyKnowledge();
    const first = await start(dir);
    await first.save(withDefaultDays(first, 4), { author: 'admin-key', source: 'api' });
    first.close();

    const second = await start(dir);
    expect(second.current().processing.default_days, 'the API edit is newer than the files').to.equal(4);
    expect(await versions.list()).to.have.length(2);
    second.close();

    setDefaultDaysInFile(dir, 3);
    const third = await start(dir);
    expect(third.current().processing.default_days, 'the files changed while stopped').to.equal(3);
    const [latest] = await versions.list();
    expect(latest).to.include({ source: 'file', summary: 'processing.default_days: 4 → 3' });
    expect(third.inForce().version).to.equal(latest.version);
  });

  it('restores an old version as a new one', async () => {
    const service = await start(copyKnowledge());
    const v1 = service.inForce().version;
    await service.save(withDefaultDays(service, 4), { author: 'admin-key', source: 'api' });
    const restored = await service.restore(v1, 'ana@shop.example');
    if (!restored?.ok) throw new Error('restore failed');
    expect(service.current().processing.default_days).to.equal(1);
    const [latest] = await versions.list();
    expect(latest).to.include({ version: restored.version.version, source: 'restore', author: 'ana@shop.example', restoredFrom: v1 });
    expect(latest.summary).to.equal(`restored version ${v1}: processing.default_days: 4 → 1`);
    expect(await service.restore(9999, 'admin-key')).to.equal(undefined);
  });

  it('refuses a save based on an older version (someone else saved meanwhile)', async () => {
    const service = await start(copyKnowledge());
    const base = service.inForce().version;
    await service.save(withDefaultDays(service, 4), { author: 'a@shop.example', source: 'editor', baseVersion: base });
    let error: unknown;
    await service.save(withDefaultDays(service, 6), { author: 'b@shop.example', source: 'editor', baseVersion: base }).catch((e: unknown) => { error = e; });
    expect(error).to.have.property('name', 'VersionConflict');
    expect(service.current().processing.default_days).to.equal(4);
  });

  it('starts with the stored version when the files do not validate', async () => {
    const dir = copyKnowledge();
    const first = await start(dir);
    await first.save(withDefaultDays(first, 4), { author: 'admin-key', source: 'api' });
    first.close();
    editFile(dir, 'fulfilment.yaml', /default_days: \d+/, 'default_days: many');
    const second = await start(dir);
    expect(second.current().processing.default_days).to.equal(4);
  });

  it('several instances: an edit on A is in force on B after its poll', async () => {
    const a = await start(copyKnowledge(), 50);
    const b = await start(copyKnowledge(), 50);
    const first = a.inForce().version;
    expect(b.inForce().version).to.equal(first);
    const saved = await a.save(withDefaultDays(a, 7), { author: 'admin-key', source: 'api' });
    await waitUntil(() => b.current().processing.default_days === 7, 5000, 'B to pick up the edit');
    expect(b.inForce().version).to.equal(saved.ok && saved.version.version);
    // And back: a restore on B reaches A.
    await b.restore(first, 'admin-key');
    await waitUntil(() => a.current().processing.default_days === 1, 5000, 'A to pick up the restore');
  });

  it('the watcher records a file change on its own', async () => {
    const dir = copyKnowledge();
    const service = await KnowledgeService.start({ dir, versions, pollMs: 0, watch: true, debounceMs: 30 });
    running.push(service);
    setDefaultDaysInFile(dir, 6);
    await waitUntil(async () => (await versions.list()).length === 2, 5000, 'the file change to be recorded');
    expect(service.current().processing.default_days).to.equal(6);
    expect((await versions.list())[0]).to.include({ source: 'file', summary: 'processing.default_days: 1 → 6' });
  });

  it('a file saved half-way that drops whole sections is not applied or stored until the merchant confirms', async () => {
    const dir = copyKnowledge();
    const service = await start(dir);
    const notices = service.current().notices.length;
    expect(notices).to.be.greaterThan(0);
    // The file cut off after its comments: still valid YAML, and a valid document (notices default to none).
    const file = path.join(dir, 'notices.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split('\nnotices:')[0]);
    const refused = await service.reloadFiles();
    expect(refused.ok).to.equal(false);
    expect(!refused.ok && refused.problems.map((p) => `${p.file} ${p.field}`)).to.deep.equal(['notices.yaml notices']);
    expect(service.current().notices).to.have.length(notices);
    expect(await versions.list()).to.have.length(1);
    expect(service.fileProblems().map((p) => p.field)).to.deep.equal(['notices']);

    const confirmed = await service.reloadFiles({ confirmDroppedSections: true });
    expect(confirmed.ok).to.equal(true);
    expect(service.current().notices).to.have.length(0);
    expect(await versions.list()).to.have.length(2);
  });

  it('the watcher waits for a file being written to settle: a slow two-step write is recorded once, finished', async () => {
    const dir = copyKnowledge();
    const service = await KnowledgeService.start({ dir, versions, pollMs: 0, watch: true, debounceMs: 200 });
    running.push(service);
    setDefaultDaysInFile(dir, 7);
    // The second step lands after the quiet period but before the files were seen to settle.
    await new Promise((r) => setTimeout(r, 300));
    setDefaultDaysInFile(dir, 8);
    await waitUntil(() => service.current().processing.default_days === 8, 10_000, 'the finished file to be in force');
    await new Promise((r) => setTimeout(r, 600));
    const list = await versions.list();
    expect(list.map((v) => v.summary)).to.deep.equal(['processing.default_days: 1 → 8', 'first version']);
  });
});
