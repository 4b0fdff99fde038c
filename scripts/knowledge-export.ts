/**
 * `npm run knowledge:export`: writes the latest stored knowledge version back into the
 * YAML files of `knowledge/` (values are updated in place: comments stay; files that
 * already say the same are not touched).
 *
 *   npm run knowledge:export                      latest version -> knowledge/
 *   npm run knowledge:export -- --version 12      a given version
 *   npm run knowledge:export -- --out /tmp/kb     another folder
 *   npm run knowledge:export -- --stdout          print one YAML file instead of writing
 *
 * Reads the configured store (DATABASE_URL, DATABASE_SCHEMA, DATA_DIR). The embedded store
 * can be open in one process only: while the bot runs on it, use
 * `GET /api/v1/knowledge/export` instead.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KnowledgeVersions } from '../src/knowledge/versions';
import { knowledgeYaml, writeKnowledgeFiles } from '../src/knowledge/yaml-export';
import { runWithStore } from './with-store';

const KNOWLEDGE_DIR = path.resolve(__dirname, '..', 'knowledge');

const { values } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' }, stdout: { type: 'boolean', default: false } } });

runWithStore('export', async (store) => {
  const versions = new KnowledgeVersions(store.db);
  const wanted = values.version === undefined ? undefined : Number(values.version);
  if (wanted !== undefined && !(Number.isInteger(wanted) && wanted > 0)) {
    console.error(`--version expects a version number, not "${values.version}"`);
    return 1;
  }
  const version = wanted === undefined ? await versions.latest() : await versions.get(wanted);
  if (!version) {
    console.error(wanted === undefined ? 'no knowledge version is stored yet: the files in knowledge/ are the knowledge' : `there is no version ${wanted}`);
    return 1;
  }
  const header = `Knowledge version ${version.version} (${version.source}, by ${version.author}, ${version.createdAt.toISOString()}).`;
  if (values.stdout) {
    process.stdout.write(knowledgeYaml(version.document, header));
    return 0;
  }
  const dir = path.resolve(values.out ?? KNOWLEDGE_DIR);
  const written = writeKnowledgeFiles(dir, version.document, `Written by npm run knowledge:export from ${header}`);
  console.log(written.length === 0 ? `${dir} already holds version ${version.version}: nothing to write` : `wrote version ${version.version} to ${written.map((f) => path.join(dir, f)).join(', ')}`);
  return 0;
});
