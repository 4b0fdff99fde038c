import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { knowledgeVersions } from '../store/schema';
import { diffJson, summarizeDiff, type DiffEntry } from './diff';
import { sameDocument } from './document';
import type { KnowledgeDocument } from './schema';

export type VersionSource = 'api' | 'editor' | 'restore' | 'file';

/** What the `diff` column holds: the changes from the previous version and bookkeeping. */
export interface VersionDiff {
  changes: DiffEntry[];
  /** How many changes were left out of `changes` (a huge replacement is not stored twice). */
  omitted?: number;
  /** Set on the first version ever recorded (there is nothing to compare with). */
  first?: true;
  /** The version this one restored (source 'restore'). */
  restoredFrom?: number;
  /**
   * Content hash of the YAML files as the recording instance last read them. On start, files
   * whose hash differs from the latest version's were changed since: they win.
   */
  filesHash: string | null;
}

export interface VersionSummary {
  version: number;
  author: string;
  source: VersionSource;
  createdAt: Date;
  changeCount: number;
  summary: string;
  restoredFrom?: number;
}

export interface KnowledgeVersion extends VersionSummary {
  document: KnowledgeDocument;
  diff: VersionDiff;
}

export interface AddVersionOptions {
  author: string;
  source: VersionSource;
  filesHash: string | null;
  restoredFrom?: number;
  /** Record nothing when the document equals the latest version (file reloads, concurrent instances). */
  onlyIfChanged?: boolean;
  /** The version the editor started from: a newer one means someone else saved meanwhile. */
  expectLatest?: number;
}

/** A save based on an older version than the latest (two people editing at once). */
export class VersionConflict extends Error {
  constructor(readonly expected: number, readonly latest: number) {
    super(`the knowledge changed meanwhile: you edited version ${expected}, the latest is ${latest}`);
    this.name = 'VersionConflict';
  }
}

/** Stored changes per version: enough to read a history, bounded for a whole replacement. */
const MAX_STORED_CHANGES = 200;
/** Serialises writers across instances: the diff is computed against the true latest version. */
const WRITE_LOCK = 727_001;

/** The history of the knowledge document in `knowledge_versions`; the highest number is the newest. */
export class KnowledgeVersions {
  constructor(private readonly db: Db) {}

  /** Stores a whole document as the next version, with its diff against the previous one. */
  async add(document: KnowledgeDocument, options: AddVersionOptions): Promise<{ version: KnowledgeVersion; created: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      const [previous] = await tx.select().from(knowledgeVersions).orderBy(desc(knowledgeVersions.version)).limit(1);
      const before = previous ? toVersion(previous) : undefined;
      if (options.expectLatest !== undefined && options.expectLatest !== (before?.version ?? 0)) throw new VersionConflict(options.expectLatest, before?.version ?? 0);
      if (options.onlyIfChanged && before && sameDocument(before.document, document)) return { version: before, created: false };
      const changes = before ? diffJson(before.document, document) : [];
      const diff: VersionDiff = { changes: changes.slice(0, MAX_STORED_CHANGES), filesHash: options.filesHash };
      if (changes.length > MAX_STORED_CHANGES) diff.omitted = changes.length - MAX_STORED_CHANGES;
      if (!before) diff.first = true;
      if (options.restoredFrom !== undefined) diff.restoredFrom = options.restoredFrom;
      const [row] = await tx.insert(knowledgeVersions).values({ document, author: options.author, source: options.source, diff }).returning();
      return { version: toVersion(row), created: true };
    });
  }

  /** Newest first, without the documents. */
  async list(limit = 100): Promise<VersionSummary[]> {
    const rows = await this.db
      .select({ version: knowledgeVersions.version, author: knowledgeVersions.author, source: knowledgeVersions.source, createdAt: knowledgeVersions.createdAt, diff: knowledgeVersions.diff })
      .from(knowledgeVersions)
      .orderBy(desc(knowledgeVersions.version))
      .limit(limit);
    return rows.map((r) => summaryOf(r));
  }

  async get(version: number): Promise<KnowledgeVersion | undefined> {
    const [row] = await this.db.select().from(knowledgeVersions).where(eq(knowledgeVersions.version, version)).limit(1);
    return row ? toVersion(row) : undefined;
  }

  async latest(): Promise<KnowledgeVersion | undefined> {
    const [row] = await this.db.select().from(knowledgeVersions).orderBy(desc(knowledgeVersions.version)).limit(1);
    return row ? toVersion(row) : undefined;
  }

  /** The newest version number (0 when there is none): the cheap query instances poll. */
  async latestNumber(): Promise<number> {
    const [row] = await this.db.select({ max: sql<number | null>`max(${knowledgeVersions.version})` }).from(knowledgeVersions);
    return Number(row?.max ?? 0);
  }
}

type Row = typeof knowledgeVersions.$inferSelect;

function summaryOf(row: Pick<Row, 'version' | 'author' | 'source' | 'createdAt' | 'diff'>): VersionSummary {
  const diff = row.diff as VersionDiff;
  const changeCount = diff.changes.length + (diff.omitted ?? 0);
  const changes = diff.first ? 'first version' : summarizeDiff(diff.changes) + (diff.omitted ? ` (${diff.omitted} more not stored)` : '');
  const summary = diff.restoredFrom !== undefined ? `restored version ${diff.restoredFrom}: ${changes}` : changes;
  const out: VersionSummary = { version: row.version, author: row.author, source: row.source as VersionSource, createdAt: row.createdAt, changeCount, summary };
  if (diff.restoredFrom !== undefined) out.restoredFrom = diff.restoredFrom;
  return out;
}

function toVersion(row: Row): KnowledgeVersion {
  return { ...summaryOf(row), document: row.document as KnowledgeDocument, diff: row.diff as VersionDiff };
}
