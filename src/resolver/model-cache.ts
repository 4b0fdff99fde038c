/**
 * The trained intent model kept on disk between starts: training is most of a start's time.
 * A model file is named by the hash of everything training depends on (the chosen utterances,
 * the resolver's and the vocabulary's source files, the script converters' versions), so a
 * stale file is never taken for a new model. The cache only saves time: a missing, damaged or
 * unwritable file means training again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SavedModel } from './classifier';

export interface ModelCache {
  load(key: string): SavedModel | undefined;
  save(key: string, model: SavedModel): void;
}

const PREFIX = 'intent-model-';
/** Models kept: the shipped one and a few variants (the tests' held-out training, an edit being tried). */
const KEEP = 4;
/** Code training depends on besides the utterances: this folder and the vocabulary it imports. */
const SOURCE_DIRS = [__dirname, path.join(__dirname, '..', 'vocabulary')];
/** Libraries that rewrite training text (Traditional to Simplified, Latin to Cyrillic). */
const CONVERTERS = ['opencc-js', 'cyrillic-to-translit-js'];

/** The usual home of build caches (babel's, eslint's): the project's node_modules/.cache. */
export const DEFAULT_MODEL_CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'wismo-bot');

/** The key of a model trained on these texts by this code; undefined when the code cannot be read. */
export function modelKey(training: string): string | undefined {
  try {
    const hash = createHash('sha256').update(training);
    for (const dir of SOURCE_DIRS) {
      for (const file of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
        const full = path.join(dir, file);
        if (fs.statSync(full).isFile()) hash.update(`\0${file}\0`).update(fs.readFileSync(full));
      }
    }
    for (const name of CONVERTERS) hash.update(`\0${name}@${versionOf(name)}`);
    return hash.digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}

function versionOf(name: string): string {
  // Walks up from the package's entry file (its exports may not offer package.json).
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === name) return manifest.version ?? '';
  }
  throw new Error(`no package.json for ${name}`);
}

/**
 * A file holds a 4-byte length, the JSON of the labels and feature names, then the parameters
 * (8-byte floats, exactly as trained).
 */
export function fileModelCache(dir: string = DEFAULT_MODEL_CACHE_DIR): ModelCache {
  const fileOf = (key: string) => path.join(dir, `${PREFIX}${key}.bin`);
  return {
    load(key) {
      try {
        const bytes = fs.readFileSync(fileOf(key));
        const headerEnd = 4 + bytes.readUInt32LE(0);
        const { labels, features } = JSON.parse(bytes.toString('utf8', 4, headerEnd)) as Omit<SavedModel, 'parameters'>;
        const size = (bytes.byteLength - headerEnd) / Float64Array.BYTES_PER_ELEMENT;
        if (!Number.isInteger(size) || !Array.isArray(labels) || !Array.isArray(features)) return undefined;
        // Copied into a buffer of its own: a Buffer may sit at an unaligned offset of a shared pool.
        const parameters = new Float64Array(size);
        new Uint8Array(parameters.buffer).set(bytes.subarray(headerEnd));
        return { labels, features, parameters };
      } catch {
        return undefined;
      }
    },
    save(key, { labels, features, parameters }) {
      try {
        const header = Buffer.from(JSON.stringify({ labels, features }));
        const length = Buffer.alloc(4);
        length.writeUInt32LE(header.byteLength);
        fs.mkdirSync(dir, { recursive: true });
        // Written aside and renamed, so a reader never sees half a file.
        const temporary = `${fileOf(key)}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, Buffer.concat([length, header, new Uint8Array(parameters.buffer, parameters.byteOffset, parameters.byteLength)]));
        fs.renameSync(temporary, fileOf(key));
        pruneOldest(dir);
      } catch {
        // A read-only install trains on every start; nothing else depends on the file.
      }
    },
  };
}

function pruneOldest(dir: string): void {
  const models = fs.readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith('.bin'))
    .map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of models.slice(KEEP)) fs.rmSync(path.join(dir, name), { force: true });
}
