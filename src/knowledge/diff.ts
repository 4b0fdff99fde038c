import { canonicalJson } from './document';

/**
 * A small structural diff between two JSON documents, for people reading a version
 * history ("calendar.holidays[7]: added"), not for patching. Lists are aligned on equal
 * items first, so adding one holiday in the middle reports one addition, not a shift of
 * every later entry.
 */
export interface DiffEntry {
  /** Dotted path with [index] for list items, as the API reports field problems. */
  path: string;
  /** Absent: the value was added. */
  from?: unknown;
  /** Absent: the value was removed. */
  to?: unknown;
}

type Json = unknown;

export function diffJson(before: Json, after: Json, path = ''): DiffEntry[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => {
      const at = path ? `${path}.${k}` : k;
      if (!(k in before)) return [{ path: at, to: after[k] }];
      if (!(k in after)) return [{ path: at, from: before[k] }];
      return diffJson(before[k], after[k], at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, path);
  return [{ path: path || '(document)', from: before, to: after }];
}

/** Aligns two lists on their longest common run of equal items; the gaps are edits. */
function diffLists(before: Json[], after: Json[], path: string): DiffEntry[] {
  const a = before.map(canonicalJson);
  const b = after.map(canonicalJson);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => Array.from({ length: b.length + 1 }, () => 0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffEntry[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    // An item removed and one added at the same place is an edit of that item.
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) out.push(...diffJson(before[removed[k]], after[added[k]], `${path}[${added[k]}]`));
    for (const i of removed.slice(paired)) out.push({ path: `${path}[${i}]`, from: before[i] });
    for (const j of added.slice(paired)) out.push({ path: `${path}[${j}]`, to: after[j] });
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added.push(j++);
    } else {
      removed.push(i++);
    }
  }
  flush();
  return out;
}

/** One line for a version list: "processing.default_days: 1 → 3; calendar.holidays[7] added (+2 more)". */
export function summarizeDiff(entries: DiffEntry[], max = 3): string {
  if (entries.length === 0) return 'no changes';
  const line = (e: DiffEntry) => {
    if (!('from' in e)) return `${e.path} added`;
    if (!('to' in e)) return `${e.path} removed`;
    return `${e.path}: ${short(e.from)} → ${short(e.to)}`;
  };
  const shown = entries.slice(0, max).map(line).join('; ');
  return entries.length > max ? `${shown} (+${entries.length - max} more)` : shown;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'nothing';
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
