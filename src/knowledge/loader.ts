import fs from 'node:fs';
import path from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LANGUAGES } from '../vocabulary';
import { knowledgeSchema, type Knowledge, type KnowledgeDocument } from './schema';
import { droppedSections } from './dropped';

/** Largest knowledge file read (a file of the example folder is a few kilobytes). */
const MAX_FILE_BYTES = 512 * 1024;
/** Keys that would reach Object.prototype, never sections. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A problem in the knowledge, pointing at the file, line and field to fix. */
export interface KnowledgeProblem {
  /** Path relative to the knowledge folder ("fulfilment.yaml", "policies/de.yaml"), or "api". */
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path inside the document ("processing.rules[2].days"). */
  field: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`invalid knowledge:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

export function formatProblem(p: KnowledgeProblem): string {
  const where = p.line ? `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}` : p.file;
  return `${where} ${p.field || '(file)'}: ${p.message}`;
}

export type LoadResult = { ok: true; knowledge: Knowledge } | { ok: false; problems: KnowledgeProblem[] };

interface LoggerLike {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface KnowledgeBaseOptions {
  logger?: LoggerLike;
  /** Reload when a file in the folder changes (default false). */
  watch?: boolean;
  debounceMs?: number;
}

type ChangeListener = (knowledge: Knowledge, by: string) => void;

/**
 * The knowledge in force. A reload or replace that does not validate is reported and
 * ignored: the last good version stays in force.
 */
export class KnowledgeBase {
  private knowledge: Knowledge;
  private listeners = new Set<ChangeListener>();
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;
  /** Problems of the last failed reload or replace, cleared by a good one. */
  lastProblems: KnowledgeProblem[] = [];

  private constructor(readonly dir: string, initial: Knowledge, private readonly options: KnowledgeBaseOptions) {
    this.knowledge = initial;
  }

  /** Loads the folder; throws KnowledgeError when it is invalid (there is no older version to keep). */
  static async load(dir: string, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    const result = await loadKnowledgeDir(dir);
    if (!result.ok) throw new KnowledgeError(result.problems);
    const base = new KnowledgeBase(dir, result.knowledge, options);
    if (options.watch) base.watch();
    return base;
  }

  /**
   * Starts from knowledge that did not come from the folder (a stored version, when the
   * files do not validate); the folder is still watched, so fixing the files takes effect.
   */
  static withKnowledge(dir: string, knowledge: Knowledge, options: KnowledgeBaseOptions = {}): KnowledgeBase {
    const base = new KnowledgeBase(dir, knowledge, options);
    if (options.watch) base.watch();
    return base;
  }

  current(): Knowledge {
    return this.knowledge;
  }

  /**
   * Reads the folder again; on problems keeps the current knowledge and returns them. Files
   * that validate but drop whole sections (a file saved half-way looks like that) are not
   * applied unless `confirmDroppedSections` says the merchant meant it.
   */
  async reload(options: { confirmDroppedSections?: boolean } = {}): Promise<LoadResult> {
    let result = await loadKnowledgeDir(this.dir);
    if (result.ok && !options.confirmDroppedSections) {
      const dropped = droppedSections(withoutOrigin(this.knowledge), withoutOrigin(result.knowledge));
      if (dropped.length > 0) result = { ok: false, problems: dropped.map((field) => droppedProblem(field, this.knowledge.origin.files)) };
    }
    this.apply(result, 'files');
    return result;
  }

  /**
   * Validates a whole document (the JSON form of the YAML files) and puts it in force.
   * `files` names where each section comes from in fact sources (default "api:<who>").
   */
  replace(doc: unknown, who: string, files?: Knowledge['origin']['files']): LoadResult {
    const result = validateDocument(doc, { by: who, files });
    this.apply(result, who);
    return result;
  }

  /** Called after each change that took effect; returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private apply(result: LoadResult, by: string): void {
    const log = this.options.logger;
    if (!result.ok) {
      this.lastProblems = result.problems;
      log?.error({ problems: result.problems.map(formatProblem) }, 'knowledge not updated: the last good version stays in force');
      return;
    }
    this.lastProblems = [];
    this.knowledge = result.knowledge;
    log?.info({ by }, 'knowledge updated');
    for (const listener of this.listeners) {
      try {
        listener(result.knowledge, by);
      } catch (err) {
        log?.warn({ err }, 'knowledge change listener failed');
      }
    }
  }

  private watch(): void {
    // Editors write a file in several steps (truncate, write, rename): wait for quiet, then
    // for the files to settle (the same sizes and times twice in a row), then read them.
    this.watcher = fs.watch(this.dir, { recursive: true }, (_event, file) => {
      if (file && !/\.ya?ml$/i.test(String(file))) return;
      this.scheduleReload();
    });
    this.watcher.on('error', (err) => this.options.logger?.warn({ err }, 'knowledge watcher stopped'));
  }

  private scheduleReload(): void {
    const delay = this.options.debounceMs ?? 250;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.reloadOnceSettled(delay).catch((err) => this.options.logger?.error({ err }, 'knowledge reload failed'));
    }, delay);
  }

  private async reloadOnceSettled(delay: number): Promise<void> {
    const first = await filesSnapshot(this.dir);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if ((await filesSnapshot(this.dir)) !== first) return this.scheduleReload();
    await this.reload();
  }
}

function withoutOrigin(knowledge: Knowledge): Omit<Knowledge, 'origin'> {
  const { origin: _origin, ...document } = knowledge;
  return document;
}

function droppedProblem(field: string, files: Knowledge['origin']['files']): KnowledgeProblem {
  const section = field.split('.')[0] as keyof KnowledgeDocument;
  return {
    file: files[section] ?? '(files)',
    field,
    message: 'this section is gone from the files (a file saved half-way?): the change is not applied. Put it back, or confirm that it should go: POST /api/v1/knowledge/reload with {"confirmDroppedSections": true}',
  };
}

/** Names, sizes and modification times of the YAML files: equal twice in a row means nobody is writing. */
async function filesSnapshot(dir: string): Promise<string> {
  const files = await listYaml(dir);
  const stats = await Promise.all(files.map(async (f) => {
    const st = await fs.promises.stat(path.join(dir, f)).catch(() => undefined);
    return `${f}:${st?.size ?? '-'}:${st?.mtimeMs ?? '-'}`;
  }));
  return stats.join('|');
}

// ------------------------------------------------------------------ loading

/** One parsed file and the document path its root stands for. */
interface Part {
  file: string;
  doc: Document;
  lines: LineCounter;
  /** ['policies', 'de'] for policies/de.yaml; [] for files holding top-level sections. */
  prefix: (string | number)[];
}

export async function loadKnowledgeDir(dir: string): Promise<LoadResult> {
  const files = await listYaml(dir);
  const problems: KnowledgeProblem[] = [];
  const parts: Part[] = [];
  const merged: Record<string, unknown> = {};
  const policies: Record<string, unknown> = {};
  const origin: Partial<Record<keyof KnowledgeDocument, string>> = {};

  for (const file of files) {
    const lines = new LineCounter();
    // A knowledge file is a few kilobytes; a huge one would hold the event loop while parsing.
    const { size } = await fs.promises.stat(path.join(dir, file));
    if (size > MAX_FILE_BYTES) {
      problems.push({ file, field: '', message: `file is ${Math.round(size / 1024)} KB; knowledge files may be at most ${MAX_FILE_BYTES / 1024} KB` });
      continue;
    }
    const text = await fs.promises.readFile(path.join(dir, file), 'utf8');
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const at = lines.linePos(e.pos[0]);
        problems.push({ file, line: at.line, column: at.col, field: '', message: e.message.split('\n')[0] });
      }
      continue;
    }
    const policyLang = /^policies\/([a-z]{2})\.ya?ml$/i.exec(file)?.[1]?.toLowerCase();
    const value = doc.toJS() as unknown;
    if (file.startsWith('policies/')) {
      if (!policyLang || !(LANGUAGES as readonly string[]).includes(policyLang)) {
        problems.push({ file, field: '', message: `policy files are named after a language: ${LANGUAGES.map((l) => `policies/${l}.yaml`).join(', ')}` });
        continue;
      }
      policies[policyLang] = value;
      parts.push({ file, doc, lines, prefix: ['policies', policyLang] });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!isMap(doc.contents)) {
      problems.push({ file, line: 1, field: '', message: 'expected sections such as "calendar:" at the top of the file' });
      continue;
    }
    for (const [key, section] of Object.entries(value as Record<string, unknown>)) {
      if (RESERVED_KEYS.has(key)) {
        problems.push({ file, ...keyPosition(doc, lines, [], key), field: key, message: `"${key}" is not a knowledge section` });
        continue;
      }
      if (Object.hasOwn(merged, key)) {
        const at = keyPosition(doc, lines, [], key);
        problems.push({ file, ...at, field: key, message: `section "${key}" is also in ${origin[key as keyof KnowledgeDocument]}; keep each section in one file` });
        continue;
      }
      merged[key] = section;
      origin[key as keyof KnowledgeDocument] = file;
    }
    parts.push({ file, doc, lines, prefix: [] });
  }
  if (Object.keys(policies).length > 0) {
    merged.policies = policies;
    origin.policies = 'policies/';
  }
  if (problems.length > 0) return { ok: false, problems };
  return validateDocument(merged, { files: origin, locate: (p) => locate(parts, p) });
}

/** Validates a document; `locate` maps a field path to a file and line (YAML), else the file is "api". */
export function validateDocument(doc: unknown, options: { by?: string; files?: Knowledge['origin']['files']; locate?: (p: (string | number)[]) => Omit<KnowledgeProblem, 'field' | 'message'> }): LoadResult {
  // A document read back from current() carries its origin: that is ours, not the merchant's.
  const body = doc && typeof doc === 'object' && 'origin' in doc ? Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'origin')) : doc;
  const parsed = knowledgeSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap((issue) => problemsOf(issue, options.locate)) };
  const files = options.files ?? Object.fromEntries(Object.keys(parsed.data).map((k) => [k, options.by ? `api:${options.by}` : 'api']));
  return { ok: true, knowledge: { ...parsed.data, origin: { files, loadedAt: new Date().toISOString(), by: options.by } } };
}

function problemsOf(issue: z.core.$ZodIssue, locate?: (p: (string | number)[]) => Omit<KnowledgeProblem, 'field' | 'message'>): KnowledgeProblem[] {
  const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // Unknown keys are reported one by one, at the key itself.
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k]) : [base];
  const message = issue.code === 'unrecognized_keys' ? 'unknown field (check the spelling; see the comments in the file)' : issue.message;
  return paths.map((p) => ({ ...(locate ? locate(p) : { file: 'api' }), field: fieldName(p), message }));
}

function locate(parts: Part[], fieldPath: (string | number)[]): Omit<KnowledgeProblem, 'field' | 'message'> {
  const part = parts.find((pt) => pt.prefix.length > 0 && pt.prefix.every((seg, i) => fieldPath[i] === seg))
    ?? parts.find((pt) => pt.prefix.length === 0 && pt.doc.hasIn([fieldPath[0]]));
  if (!part) {
    const section = String(fieldPath[0] ?? '');
    const missingPolicy = section === 'policies' && fieldPath[1] !== undefined;
    return { file: missingPolicy ? `policies/${String(fieldPath[1])}.yaml` : `(no file has the "${section}" section)` };
  }
  const inner = fieldPath.slice(part.prefix.length);
  // A field's key is the clearest place; a missing field is reported at the nearest parent that exists.
  const last = inner[inner.length - 1];
  const atKey = last !== undefined ? keyPosition(part.doc, part.lines, inner.slice(0, -1), last) : undefined;
  if (atKey) return { file: part.file, ...atKey };
  for (let n = inner.length; n >= 0; n--) {
    const node = n === 0 ? part.doc.contents : part.doc.getIn(inner.slice(0, n), true);
    if (isNode(node) && node.range) {
      const at = part.lines.linePos(node.range[0]);
      return { file: part.file, line: at.line, column: at.col };
    }
  }
  return { file: part.file, line: 1 };
}

/** Line and column of a key in a map (unknown keys and duplicate sections point there). */
function keyPosition(doc: Document, lines: LineCounter, mapPath: (string | number)[], key: string | number): { line: number; column: number } | undefined {
  const map = mapPath.length === 0 ? doc.contents : doc.getIn(mapPath, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isNode(p.key) && 'value' in p.key && String(p.key.value) === String(key));
  const range = pair && isNode(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const at = lines.linePos(range[0]);
  return { line: at.line, column: at.col };
}

function fieldName(p: (string | number)[]): string {
  return p.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

async function listYaml(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(entry.name);
    if (entry.isDirectory() && entry.name === 'policies') {
      for (const f of await fs.promises.readdir(path.join(dir, 'policies'))) if (/\.ya?ml$/i.test(f)) out.push(`policies/${f}`);
    }
  }
  return out.sort();
}

