import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knowledgeVersions } from '../../src/store/schema';
import type { Store } from '../../src/store/db';
import { KNOWLEDGE_DIR } from '../answers/fixtures';

/** Knowledge folders copied from the shop's, removed by `removeFolders()`. */
const folders: string[] = [];

export function copyKnowledge(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-kb-'));
  fs.cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  folders.push(dir);
  return dir;
}

export function removeFolders(): void {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Replaces text in a knowledge file (the test fails loudly when the text is not there). */
export function editFile(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(full, next);
}

/** Sets `processing.default_days` in fulfilment.yaml. */
export function setDefaultDaysInFile(dir: string, days: number): void {
  editFile(dir, 'fulfilment.yaml', /default_days: \d+/, `default_days: ${days}`);
}

export async function clearVersions(store: Store): Promise<void> {
  await store.db.delete(knowledgeVersions);
}

export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 5000, what = 'a condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
