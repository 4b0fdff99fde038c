import crypto from 'node:crypto';
import type { Knowledge, KnowledgeDocument } from './schema';

/**
 * The knowledge as data: the validated document without the `origin` bookkeeping that
 * the loader adds. This is what versions store, diffs compare and exports write.
 */
export function plainDocument(knowledge: Knowledge | KnowledgeDocument): KnowledgeDocument {
  const { origin: _origin, ...doc } = knowledge as Knowledge;
  // A JSON round trip drops `undefined` fields, exactly as jsonb storage does.
  return JSON.parse(JSON.stringify(doc)) as KnowledgeDocument;
}

/** JSON with object keys sorted: equal documents give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A content hash of a document (sha256 of its canonical JSON). */
export function documentHash(doc: KnowledgeDocument): string {
  return crypto.createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export function sameDocument(a: KnowledgeDocument, b: KnowledgeDocument): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Which file each top-level section is written to when no file holds it yet. */
export const DEFAULT_FILE_OF_SECTION: Record<Exclude<keyof KnowledgeDocument, 'policies'>, string> = {
  calendar: 'fulfilment.yaml',
  processing: 'fulfilment.yaml',
  releases: 'fulfilment.yaml',
  shipping: 'shipping.yaml',
  notices: 'notices.yaml',
  returns: 'returns.yaml',
  tracking: 'returns.yaml',
  proactive: 'proactive.yaml',
};
