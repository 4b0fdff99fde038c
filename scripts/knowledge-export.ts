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
import { ConfigError, loadConfig } from '../src/config';
import { openStore } from '../src/store/db';
import { KnowledgeVersions } from '../src/knowledge/versions';
import { knowledgeYaml, writeKnowledgeFiles } from '../src/knowledge/yaml-export';

const KNOWLEDGE_DIR = path.resolve(__dirname, '..', 'knowledge');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' }, stdout: { type: 'boolean', default: false } } });
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`cannot export: the configuration has ${err.problems.length} problem(s):`);
    for (const p of err.problems) console.error(`  ${p}`);
    return 1;
  }
  const store = await openStore({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, schemaName: config.DATABASE_SCHEMA });
  try {
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
  } finally {
    await store.close();
  }
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error('export failed:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
