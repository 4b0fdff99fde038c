/**
 * `npm start`'s TypeScript loader (`node --require ./scripts/ts-loader.cjs src/main.ts`).
 *
 * Each .ts file is compiled by esbuild, as tsx does, and the result is kept under
 * node_modules/.cache/wismo-bot/ts, named by the hash of the source and of the compiler's
 * version and options, so a second start compiles nothing. tsx stays the runner of the tests and
 * scripts; at start it cost about 1 s more than this loader on the same files (its cache checks
 * and its loader thread), which is a third of the 3 s start target: see the README's figures.
 * Source maps go inline, so stack traces name the .ts lines.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { addHook } = require('pirates');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'wismo-bot', 'ts');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const options = {
  loader: 'ts',
  format: 'cjs',
  target: `node${process.versions.node}`,
  sourcemap: 'inline',
  // The project's own settings (class fields follow its target, as in type checking and tsx).
  tsconfigRaw: { compilerOptions },
};
const optionsKey = JSON.stringify([esbuild.version, options]);

function compiled(source, filename) {
  const key = crypto.createHash('sha256').update(optionsKey).update('\0').update(filename).update('\0').update(source).digest('hex');
  const file = path.join(cacheDir, `${key.slice(0, 40)}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet (or the cache is unreadable): compile now and keep the result if we can.
  }
  const { code } = esbuild.transformSync(source, { ...options, sourcefile: filename });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, file);
  } catch {
    // A read-only install compiles on every start.
  }
  return code;
}

process.setSourceMapsEnabled(true);
addHook(compiled, { exts: ['.ts'], ignoreNodeModules: true });
