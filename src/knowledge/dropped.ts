import { isRecord } from '../vocabulary';

/**
 * Sections of the knowledge that a change would remove entirely: a list that had entries and
 * has none, or a field that held something and is gone. A file saved half-way (an editor's
 * truncate-then-write, a copy cut short) looks exactly like this while still validating, so
 * file changes that drop sections need the merchant's confirmation (src/knowledge/loader.ts).
 */
export function droppedSections(before: unknown, after: unknown, path = ''): string[] {
  if (Array.isArray(before)) return before.length > 0 && (!Array.isArray(after) || after.length === 0) ? [path] : [];
  if (!isRecord(before)) return [];
  if (!isRecord(after)) return hasContent(before) ? [path] : [];
  return Object.keys(before).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    if (!(key in after) || after[key] === undefined) return hasContent(before[key]) ? [at] : [];
    return droppedSections(before[key], after[key], at);
  });
}

function hasContent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.values(value).some(hasContent);
  return value !== undefined && value !== null && value !== '';
}
