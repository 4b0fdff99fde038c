/**
 * PGlite's WebAssembly, compiled (V8 compiles on its background threads), and its file bundle,
 * read once per process. `npm start` asks for them before it loads the app's modules, so the
 * embedded store opens without waiting for them; every later PGlite of the process (the tests
 * open many) reuses the compiled module.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let assets: Promise<PgliteAssets | undefined> | undefined;

/** A DATABASE_URL of a PostgreSQL server (anything else is the embedded PGlite). Here so start can ask without loading the store. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** The assets, or undefined when they cannot be had here (PGlite then loads its own). */
export function pgliteAssets(): Promise<PgliteAssets | undefined> {
  return (assets ??= (async () => {
    const dist = path.dirname(require.resolve('@electric-sql/pglite'));
    const [wasm, bundle] = await Promise.all([fs.promises.readFile(path.join(dist, 'pglite.wasm')), fs.promises.readFile(path.join(dist, 'pglite.data'))]);
    return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([bundle]) };
  })().catch(() => undefined));
}
