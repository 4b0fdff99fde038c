import { KnowledgeBase, KnowledgeError, formatProblem, loadKnowledgeDir, validateDocument, type KnowledgeBaseOptions, type KnowledgeProblem, type LoadResult } from './loader';
import { DEFAULT_FILE_OF_SECTION, documentHash, plainDocument, sameDocument } from './document';
import type { Knowledge, KnowledgeDocument } from './schema';
import type { KnowledgeVersion, KnowledgeVersions, VersionSource } from './versions';

type Logger = NonNullable<KnowledgeBaseOptions['logger']>;

export interface KnowledgeServiceOptions {
  versions: KnowledgeVersions;
  logger?: Logger;
  /** How often to look for versions other instances recorded, in ms (default 2000; 0: never). */
  pollMs?: number;
}

/** Either an already loaded KnowledgeBase, or the folder to load (and optionally watch). */
export type KnowledgeServiceStart = KnowledgeServiceOptions & ({ base: KnowledgeBase } | { dir: string; watch?: boolean; debounceMs?: number });

export type SaveResult = { ok: true; version: KnowledgeVersion } | { ok: false; problems: KnowledgeProblem[] };

/** The version in force on this instance (0: none recorded yet, which only happens before start completes). */
export type InForce = Pick<KnowledgeVersion, 'version' | 'author' | 'source' | 'createdAt'>;

/**
 * The knowledge with a history. Precedence: the newest change wins, and every change is a
 * version. API and editor saves are recorded and put in force at once; a file change that
 * validates is recorded (source 'file') unless it equals the latest version; other
 * instances pick a new version up by polling the latest version number.
 *
 * `current()` is all the answers need, so `createAnswerPort({ knowledge: service })` and
 * `createAnswerPort({ knowledge: service.base })` both see every change.
 */
export class KnowledgeService {
  private inForceVersion: InForce = { version: 0, author: '', source: 'file', createdAt: new Date(0) };
  /** Newest version number this instance has looked at (in force, or rejected as invalid). */
  private seen = 0;
  /** Hash of the file set as last read and validated (null: the files never validated). */
  private filesHash: string | null = null;
  /** Writes and loads run one at a time, so "in force" and "latest" never cross. */
  private queue: Promise<unknown> = Promise.resolve();
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private readonly unsubscribe: () => void;

  private constructor(readonly base: KnowledgeBase, readonly versions: KnowledgeVersions, private readonly ownsBase: boolean, private readonly options: KnowledgeServiceOptions) {
    this.unsubscribe = base.onChange((knowledge, by) => {
      if (by === FILES) void this.serially(() => this.recordFiles(knowledge)).catch((err) => this.log?.error({ err }, 'knowledge: could not record the changed files as a version'));
    });
  }

  /** Loads the files and the stored history and puts the newest of the two in force. */
  static async start(options: KnowledgeServiceStart): Promise<KnowledgeService> {
    const latest = await options.versions.latest();
    let service: KnowledgeService;
    let files: LoadResult;
    if ('base' in options) {
      service = new KnowledgeService(options.base, options.versions, false, options);
      files = { ok: true, knowledge: options.base.current() };
    } else {
      files = await loadKnowledgeDir(options.dir);
      const baseOptions = { logger: options.logger, watch: options.watch, debounceMs: options.debounceMs };
      if (!files.ok && !latest) throw new KnowledgeError(files.problems);
      const initial = files.ok ? files.knowledge : knowledgeOf(latest!);
      service = new KnowledgeService(KnowledgeBase.withKnowledge(options.dir, initial, baseOptions), options.versions, true, options);
    }
    await service.serially(() => service.settleOnStart(files, latest));
    service.startPolling();
    return service;
  }

  current(): Knowledge {
    return this.base.current();
  }

  /** The version in force on this instance. */
  inForce(): InForce {
    return this.inForceVersion;
  }

  /** Problems of the knowledge files' last failed load (they are not in force while they have any). */
  fileProblems(): KnowledgeProblem[] {
    return this.base.lastProblems;
  }

  /**
   * Validates a whole document, records it as a new version and puts it in force.
   * `baseVersion`: the version the editor started from; a newer latest throws VersionConflict.
   */
  async save(document: unknown, by: { author: string; source: Exclude<VersionSource, 'file' | 'restore'>; baseVersion?: number }): Promise<SaveResult> {
    const checked = validateDocument(document, { by: by.author });
    if (!checked.ok) return checked;
    return this.serially(async () => {
      const { version } = await this.versions.add(plainDocument(checked.knowledge), { author: by.author, source: by.source, filesHash: this.filesHash, expectLatest: by.baseVersion });
      return this.putInForce(version);
    });
  }

  /** Records a new version equal to version `n` and puts it in force; undefined when there is no such version. */
  async restore(n: number, author: string): Promise<SaveResult | undefined> {
    const old = await this.versions.get(n);
    if (!old) return undefined;
    // A version stored by older code may not fit today's schema: check before recording it.
    const checked = validateDocument(old.document, { by: author });
    if (!checked.ok) return checked;
    return this.serially(async () => {
      const { version } = await this.versions.add(plainDocument(checked.knowledge), { author, source: 'restore', restoredFrom: n, filesHash: this.filesHash });
      return this.putInForce(version);
    });
  }

  /**
   * Reads the files now (the watcher does this on its own); a valid change is recorded before
   * this returns. Files that drop whole sections need `confirmDroppedSections`.
   */
  async reloadFiles(options: { confirmDroppedSections?: boolean } = {}): Promise<LoadResult> {
    const result = await this.base.reload(options);
    await this.serially(async () => undefined); // the change listener queued the recording: wait for it
    return result;
  }

  /** Loads a version another instance recorded, if there is a newer one; true when one was put in force. */
  async refresh(): Promise<boolean> {
    const newest = await this.versions.latestNumber();
    if (newest <= this.seen) return false;
    return this.serially(async () => {
      const latest = await this.versions.latest();
      if (!latest || latest.version <= this.seen) return false;
      return this.putInForce(latest).ok;
    });
  }

  close(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.unsubscribe();
    if (this.ownsBase) this.base.close();
  }

  // ------------------------------------------------------------------ internals

  private get log(): Logger | undefined {
    return this.options.logger;
  }

  private async settleOnStart(files: LoadResult, latest: KnowledgeVersion | undefined): Promise<void> {
    if (!files.ok) {
      this.log?.error({ problems: files.problems.map(formatProblem) }, `knowledge files do not validate: version ${latest!.version} from the database is in force`);
      this.putInForce(latest!);
      return;
    }
    const fromFiles = plainDocument(files.knowledge);
    this.filesHash = documentHash(fromFiles);
    if (latest && sameDocument(latest.document, fromFiles)) {
      // The files say what the latest version says: keep the files' origins for fact sources.
      this.markInForce(latest);
      return;
    }
    if (!latest || latest.diff.filesHash !== this.filesHash) {
      // No history yet, or the files changed since the latest version was recorded: they are the newest change.
      const { version } = await this.versions.add(fromFiles, { author: 'file', source: 'file', filesHash: this.filesHash });
      this.markInForce(version);
      this.log?.info({ version: version.version }, latest ? 'knowledge files changed while stopped: recorded and in force' : 'knowledge files recorded as the first version');
      return;
    }
    this.putInForce(latest);
    this.log?.info({ version: latest.version, source: latest.source }, 'knowledge version from the database is in force (newer than the files)');
  }

  private async recordFiles(knowledge: Knowledge): Promise<void> {
    const doc = plainDocument(knowledge);
    this.filesHash = documentHash(doc);
    const { version, created } = await this.versions.add(doc, { author: 'file', source: 'file', filesHash: this.filesHash, onlyIfChanged: true });
    this.markInForce(version);
    if (created) this.log?.info({ version: version.version }, 'knowledge files changed: recorded as a new version');
  }

  /** Puts a stored version in force here (the base validates it again with today's schema). */
  private putInForce(version: KnowledgeVersion): SaveResult {
    this.seen = Math.max(this.seen, version.version);
    const result = this.base.replace(version.document, `v${version.version}`, originOf(version));
    if (!result.ok) {
      this.log?.error({ version: version.version, problems: result.problems.map(formatProblem) }, 'stored knowledge version does not validate: not put in force');
      return result;
    }
    this.markInForce(version);
    return { ok: true, version };
  }

  private markInForce(version: KnowledgeVersion): void {
    this.seen = Math.max(this.seen, version.version);
    this.inForceVersion = { version: version.version, author: version.author, source: version.source, createdAt: version.createdAt };
  }

  private startPolling(): void {
    const every = this.options.pollMs ?? 2000;
    if (every <= 0) return;
    this.pollTimer = setInterval(() => {
      if (this.polling) return;
      this.polling = true;
      this.refresh()
        .catch((err) => this.log?.warn({ err }, 'knowledge: could not check for a newer version'))
        .finally(() => { this.polling = false; });
    }, every);
    this.pollTimer.unref();
  }

  private serially<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The `by` the KnowledgeBase gives a reload of the folder. */
const FILES = 'files';

/** Fact sources name the file a section is written in for file versions, else the version. */
function originOf(version: KnowledgeVersion): Knowledge['origin']['files'] {
  const sections = Object.keys(version.document) as (keyof KnowledgeDocument)[];
  return Object.fromEntries(sections.map((s) => [s, version.source === 'file' ? (s === 'policies' ? 'policies/' : DEFAULT_FILE_OF_SECTION[s]) : `version ${version.version}`]));
}

function knowledgeOf(version: KnowledgeVersion): Knowledge {
  const result = validateDocument(version.document, { by: `v${version.version}`, files: originOf(version) });
  if (!result.ok) throw new KnowledgeError(result.problems);
  return result.knowledge;
}
