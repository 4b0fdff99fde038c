import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadKnowledgeDir } from '../../src/knowledge/loader';
import { plainDocument } from '../../src/knowledge/document';
import { knowledgeFiles, writeKnowledgeFiles } from '../../src/knowledge/yaml-export';
import type { KnowledgeDocument } from '../../src/knowledge/schema';
import { copyKnowledge, removeFolders } from './kb-fixture';

async function documentIn(dir: string): Promise<KnowledgeDocument> {
  const result = await loadKnowledgeDir(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return plainDocument(result.knowledge);
}

describe('knowledge export to YAML files', () => {
  after(removeFolders);

  it('round trip: export -> load gives the same document, and only changed files are rewritten', async () => {
    const dir = copyKnowledge();
    const doc = await documentIn(dir);
    expect(knowledgeFiles(dir, doc).size, 'files that already say it are left alone').to.equal(0);

    doc.processing.default_days = 3;
    doc.calendar.holidays.push({ date: '2027-12-24', name: 'Christmas Eve 2027', carriers_closed: false });
    doc.policies.de.returns = 'Rücksendungen innerhalb von {return_window_days} Tagen.';
    doc.shipping.zones[0].rates.standard.days = { min: 2, max: 9 };
    expect(writeKnowledgeFiles(dir, doc).sort()).to.deep.equal(['fulfilment.yaml', 'policies/de.yaml', 'shipping.yaml']);
    expect(await documentIn(dir)).to.deep.equal(doc);
  });

  it("keeps the merchant's comments and short forms", async () => {
    const dir = copyKnowledge();
    const doc = await documentIn(dir);
    doc.processing.default_days = 2;
    writeKnowledgeFiles(dir, doc);
    const text = fs.readFileSync(path.join(dir, 'fulfilment.yaml'), 'utf8');
    expect(text).to.contain('# Orders placed at or after this time count from the next business day.');
    expect(text).to.contain('default_days: 2');
    expect(text).to.contain('tag: [engraved, personalised]');
    expect(text).not.to.match(/name: Christmas Eve\n\s+carriers_closed: false/);
  });

  it('writes a whole folder from scratch in the usual layout', async () => {
    const doc = await documentIn(copyKnowledge());
    const empty = copyKnowledge();
    fs.rmSync(empty, { recursive: true });
    fs.mkdirSync(empty);
    expect(writeKnowledgeFiles(empty, doc)).to.include.members(['fulfilment.yaml', 'shipping.yaml', 'notices.yaml', 'returns.yaml', 'policies/en.yaml', 'policies/zh.yaml']);
    expect(await documentIn(empty)).to.deep.equal(doc);
  });
});
