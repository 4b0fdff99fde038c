import fs from 'node:fs';
import path from 'node:path';
import { Document, isMap, isNode, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { LANGUAGES } from '../vocabulary';
import { canonicalJson, DEFAULT_FILE_OF_SECTION } from './document';
import type { KnowledgeDocument } from './schema';

/**
 * Writing the knowledge back to YAML. Files that exist are updated in place, value by
 * value, so the merchant's comments and layout survive an export; sections keep the file
 * they are in, and new files follow the shop's usual layout (fulfilment.yaml, shipping.yaml...).
 */

/** The whole document as one YAML file; a knowledge folder holding only this file loads the same document. */
export function knowledgeYaml(doc: KnowledgeDocument, header?: string): string {
  const out = new Document(doc);
  if (header) out.commentBefore = ` ${header}`;
  return out.toString(FORMAT);
}

/** The files an export changes: relative path -> YAML text (existing files updated in place, unchanged ones left out). */
export function knowledgeFiles(dir: string, doc: KnowledgeDocument, header = 'Written by the knowledge export.'): Map<string, string> {
  const existing = readExisting(dir);
  const placement = sectionPlacement(existing);
  const before = new Map([...existing].map(([file, d]) => [file, canonicalJson(d.toJS())]));
  const targets = new Map<string, Document>();
  const target = (file: string): Document => {
    let d = targets.get(file) ?? existing.get(file);
    if (!d) {
      d = new Document({});
      d.commentBefore = ` ${header}`;
    }
    targets.set(file, d);
    return d;
  };

  for (const [section, value] of Object.entries(doc) as [keyof KnowledgeDocument, unknown][]) {
    if (section === 'policies' && !placement.has('policies')) {
      for (const lang of LANGUAGES) {
        const d = target(`policies/${lang}.yaml`);
        d.contents = updated(d, d.contents, doc.policies[lang]) as typeof d.contents;
      }
      continue;
    }
    const d = target(placement.get(section) ?? DEFAULT_FILE_OF_SECTION[section as Exclude<keyof KnowledgeDocument, 'policies'>]);
    if (!isMap(d.contents)) d.contents = d.createNode({}) as typeof d.contents;
    const root = d.contents as unknown as { get(k: string, keep: true): unknown; set(k: string, v: unknown): void };
    const current = root.get(section, true);
    root.set(section, current === undefined ? d.createNode(withoutImplied(value)) : updated(d, current, value));
  }
  // A file whose values did not change keeps its text byte for byte.
  const changed = [...targets].filter(([file, d]) => !existing.has(file) || canonicalJson(d.toJS()) !== before.get(file));
  return new Map(changed.map(([file, d]) => [file, d.toString(FORMAT)]));
}

/** Writes the document into a knowledge folder; returns the files written (none when they already say it). */
export function writeKnowledgeFiles(dir: string, doc: KnowledgeDocument, header?: string): string[] {
  const files = knowledgeFiles(dir, doc, header);
  for (const [file, text] of files) {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    // Write then rename: a watching instance never reads half a file.
    fs.writeFileSync(`${full}.tmp`, text);
    fs.renameSync(`${full}.tmp`, full);
  }
  return [...files.keys()];
}

// ------------------------------------------------------------------ in-place update

/** As the shop's files are written: `[mon, tue]`, long texts folded at 100 columns. */
const FORMAT = { flowCollectionPadding: false, lineWidth: 100 } as const;

/** Fields whose absence means this value: an export does not add them to a file that leaves them out. */
const IMPLIED_FALSE = new Set(['carriers_closed']);
const IMPLIED_ZERO = new Set(['add_days', 'add_transit_days']);
const IMPLIED_EMPTY = new Set(['holidays', 'closures', 'rules', 'warehouses', 'vendors', 'releases', 'notices', 'aliases']);

function impliedByAbsence(key: string, value: unknown): boolean {
  return (IMPLIED_FALSE.has(key) && value === false) || (IMPLIED_ZERO.has(key) && value === 0) || (IMPLIED_EMPTY.has(key) && Array.isArray(value) && value.length === 0);
}

/** The node for `value`, reusing `node` (and its comments) wherever it still fits. */
function updated(doc: Document, node: unknown, value: unknown): Node {
  if (isNode(node) && sameMeaning(node.toJS(doc), value)) return node;
  if (isMap(node) && isRecord(value)) {
    // A copy: deleting from node.items while walking it would skip entries.
    for (const pair of node.items.slice()) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!(key in value)) node.delete(pair.key);
    }
    for (const [key, v] of Object.entries(value)) {
      const current = node.get(key, true);
      if (current === undefined) {
        if (!impliedByAbsence(key, v)) node.set(key, doc.createNode(withoutImplied(v)));
      } else {
        node.set(key, updated(doc, current, v));
      }
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    value.forEach((v, i) => {
      const current = node.items[i];
      if (current === undefined) node.add(doc.createNode(withoutImplied(v)));
      else node.items[i] = updated(doc, current, v);
    });
    node.items.length = value.length;
    return node;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value;
    return node;
  }
  return doc.createNode(withoutImplied(value));
}

/** A new value as a merchant would write it: without the fields that default to what they say. */
function withoutImplied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutImplied);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => !impliedByAbsence(k, v)).map(([k, v]) => [k, withoutImplied(v)]));
}

/** Equal, or written in a short form the schema reads the same: "tag: x" for [x], "5-10" or 3 for a range. */
function sameMeaning(written: unknown, value: unknown): boolean {
  if (canonicalJson(written) === canonicalJson(value)) return true;
  if (Array.isArray(value) && value.length === 1 && !Array.isArray(written)) return canonicalJson(written) === canonicalJson(value[0]);
  if (isRecord(value) && Object.keys(value).length === 2 && typeof value.min === 'number' && typeof value.max === 'number') {
    if (typeof written === 'number') return written === value.min && written === value.max;
    const m = typeof written === 'string' ? /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(written) : null;
    return !!m && Number(m[1]) === value.min && Number(m[2]) === value.max;
  }
  return false;
}

// ------------------------------------------------------------------ the folder as it is

function readExisting(dir: string): Map<string, Document> {
  const out = new Map<string, Document>();
  if (!fs.existsSync(dir)) return out;
  const names = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f));
  const policyDir = path.join(dir, 'policies');
  if (fs.existsSync(policyDir)) names.push(...fs.readdirSync(policyDir).filter((f) => /\.ya?ml$/i.test(f)).map((f) => `policies/${f}`));
  for (const file of names) {
    const doc = parseDocument(fs.readFileSync(path.join(dir, file), 'utf8'));
    // A file that does not parse is rewritten from scratch rather than patched.
    if (doc.errors.length === 0) out.set(file, doc);
  }
  return out;
}

/** Which existing top-level file holds each section. */
function sectionPlacement(existing: Map<string, Document>): Map<string, string> {
  const placement = new Map<string, string>();
  for (const [file, doc] of existing) {
    if (file.startsWith('policies/') || !isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!placement.has(key)) placement.set(key, file);
    }
  }
  return placement;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
