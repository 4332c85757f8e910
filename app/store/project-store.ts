/**
 * The project store: a folder of JSON files on lowdb, durable and crash-safe.
 *
 * Layout (all JSON pretty-printed with stable key order, see `json.ts`):
 * - `sourcemark.json`: name, schema, settings, format version;
 * - `sources.json`: the source registry (the sources of no layer), `sources/<layer>.json`: the
 *   sources each layer's annotator created (layer-sources.ts);
 * - `articles/<id>.json`: one article (text, metadata, provenance), `layers/<layer>/<id>.json`:
 *   one layer's spans, links, events and status of it (layer-files.ts), so that copies annotated
 *   offline merge under git without a conflict;
 * - `.sourcemark/`: the index (a cache), the lock, backups, and files set aside.
 *
 * Only one process writes a project (the lock). Operations are checked by the model before
 * anything is written; an edit resolves only once it is on disk.
 *
 * This class is a thin composition and the store's one public face: the shared state lives in
 * `core.ts`, the lock in `lock.ts`, the registry files in `registry.ts`, the articles, their
 * index and cache in `articles.ts`, edits and undo in `apply.ts`, backups in `project-backups.ts`
 * and `backups.ts`, what is answered from the index in `listing.ts`. Every file access goes
 * through the injected file operations (`FileOps`, durable.ts) and every time through the injected clock
 * ({@link StoreOptions}).
 *
 * Must not: import from api/, shells/ or cli/ (the store is below them).
 */

import path from 'node:path';
import { UserError, describeWriteError } from '../errors.js';
import type {
  ArticleDoc, ArticleList, ArticleSummary, IdSource, ListQuery, Operation, ProjectSchema, ProjectSettings, SchemaUsage, Source,
} from '../../annotations/index.js';
import { ProjectArticles } from './articles.js';
import { ProjectEditor } from './apply.js';
import { StoreCore, type StoreOptions } from './core.js';
import { INDEX_KEY } from './index-file.js';
import { Journal, journalFailureMessage, journalSegments, pendingJournalMessage, replayJournal, replayMessage } from './journal.js';
import { isRegistryFile } from './files.js';
import type { Author } from './history.js';
import { listEntries, schemaUsageOf, statsOf, type ProjectStats } from './listing.js';
import { lockProject, unlockProject } from './lock.js';
import { ProjectBackups } from './project-backups.js';
import { ProjectRegistry, createProjectFiles } from './registry.js';
import type { ApplyResult, ChangeEvent } from './types.js';

export type { ArticleList, ArticleSummary, ListQuery } from '../../annotations/index.js';
export type { ApplyResult, ChangeEvent } from './types.js';
export type { StoreOptions } from './core.js';
export { SHOW_PROGRESS_FROM } from './core.js';

/** How long a journaled save waits before its files are written, so that the states which come meanwhile make one write (journal.ts). */
const JOURNAL_DELAY_MS = 50;
export { PROJECT_FILE, SOURCES_FILE } from './files.js';
export type { Author } from './history.js';
export { textHash } from './index-file.js';
export type { ProjectStats } from './listing.js';

/** A project folder opened for reading and (unless read-only) writing. */
export class ProjectStore {
  private readonly core: StoreCore;
  private readonly backups: ProjectBackups;
  private readonly registry: ProjectRegistry;
  private readonly articles: ProjectArticles;
  private readonly editor: ProjectEditor;
  readonly ids: IdSource;

  private constructor(readonly dir: string, opts: StoreOptions) {
    this.core = new StoreCore(dir, opts);
    this.ids = this.core.ids;
    this.backups = new ProjectBackups(this.core);
    this.registry = new ProjectRegistry(this.core, this.backups);
    this.articles = new ProjectArticles(this.core, this.backups);
    this.editor = new ProjectEditor(this.core, this.articles, this.registry);
  }

  /**
   * Why the project is open read-only although it was opened for writing: a `sourcemark.json` or
   * `sources.json` that does not match its format, or a folder that cannot be written. Names the
   * file and the problem; undefined when the project is writable (or was opened read-only).
   */
  get problem(): string | undefined {
    return this.core.problem;
  }

  /** Messages gathered while open (lock taken over, files migrated, index rebuilt). */
  get messages(): string[] {
    return this.core.messages;
  }

  /** True when nothing may be written: opened read-only, or opened with a {@link problem}. */
  get readOnly(): boolean {
    return this.core.readOnly;
  }

  /** Creates an empty project with the default schema in `dir` (which must be empty or absent). */
  static async create(dir: string, init: { name?: string; schema?: ProjectSchema } = {}, opts: StoreOptions = {}): Promise<ProjectStore> {
    const abs = path.resolve(dir);
    await createProjectFiles(abs, init, opts);
    return ProjectStore.open(abs, opts);
  }

  /** Opens an existing project. Damaged article files are listed as such, never fatal. */
  static async open(dir: string, opts: StoreOptions = {}): Promise<ProjectStore> {
    const store = new ProjectStore(path.resolve(dir), opts);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const { core } = this;
    // A journal left by a desk that was stopped is written to the files before anything is read.
    const journalLeft = journalSegments(core.dir, core.fs).length > 0;
    if (journalLeft && !core.askedReadOnly) {
      await lockProject(core); // the lock first: no other process writes while this one does
      const replayed = core.readOnly ? undefined : await replayJournal(core.dir, core.fs).catch(async (e: unknown) => {
        await unlockProject(core); // a later try in this process may take it again
        throw new UserError('write-failed', journalFailureMessage(core.dir, describeWriteError(e)));
      });
      if (replayed) core.say(replayMessage(replayed));
    }
    if (journalLeft && core.readOnly) core.say(pendingJournalMessage(core.dir));
    const { project, sources } = await this.registry.read();
    const firstOpen = !core.fs.existsSync(core.meta);
    if (!core.askedReadOnly && !journalLeft) await lockProject(core);
    if (core.journal && !core.readOnly) core.saves.useJournal(new Journal(core.dir, core.fs), { delay: JOURNAL_DELAY_MS, unordered: (key) => key === INDEX_KEY });
    this.registry.open(project, sources);
    if (!core.readOnly) {
      await core.fs.mkdir(path.join(core.dir, 'articles'), { recursive: true });
      // `.sourcemark/` is a cache of this copy: a clone (git ignores the ignore file's own `*`) gets it back here.
      const ignore = path.join(core.meta, '.gitignore');
      if (!core.fs.existsSync(ignore)) await core.fs.mkdir(core.meta, { recursive: true }).then(() => core.fs.writeFile(ignore, '*\n')).catch(() => undefined);
    }
    await this.articles.loadIndex(firstOpen);
  }

  get info(): { name: string; dir: string; schema: ProjectSchema; settings: ProjectSettings; id: string } {
    const p = this.core.project.data;
    return { id: p.id, name: p.name, dir: this.dir, schema: p.schema, settings: p.settings };
  }

  get schema(): ProjectSchema {
    return this.core.schema;
  }

  get sources(): Source[] {
    return this.core.sources;
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Lists articles from the index: filtered, sorted, paged; with the progress summary. */
  listArticles(q: ListQuery = {}): ArticleList {
    return listEntries(this.articles.liveEntries(), q);
  }

  /** Every article the index lists (filtered and sorted as `q` says, never paged): for work over the whole project. */
  allArticles(q: Omit<ListQuery, 'limit' | 'offset'> = {}): ArticleList['items'] {
    return listEntries(this.articles.liveEntries(), { ...q, limit: Number.MAX_SAFE_INTEGER }).items;
  }

  /** One article with its annotations. Throws a UserError for a damaged or missing file. */
  getArticle(id: string): Promise<ArticleDoc> {
    return this.articles.get(id);
  }

  /**
   * The articles `ids`, in that order, for a pass over many (an export): the open copy of one open, the others
   * read without being kept in the cache of open articles, read ahead (on reading threads when there are many), so a pass
   * over 100,000 articles uses every core and holds only a few at a time. One that cannot be read
   * throws when its turn comes.
   */
  articlesInTurn(ids: readonly string[]): AsyncGenerator<ArticleDoc> {
    return this.articles.inTurn(ids);
  }

  /** True when the project has an article with this id. */
  hasArticle(id: string): boolean {
    return this.articles.has(id);
  }

  /** The article whose text has this hash, if any (duplicates are skipped on import). */
  articleWithText(hash: string): ArticleSummary | undefined {
    return this.articles.withText(hash);
  }

  /** Articles whose index lists `sourceId`. */
  articlesMentioning(sourceId: string): string[] {
    return this.articles.mentioning(sourceId);
  }

  /** How the whole project uses the schema, from the index (no article is read). */
  schemaUsage(): SchemaUsage {
    return schemaUsageOf(this.articles.liveEntries());
  }

  /** Figures for `stats`: articles, spans per label, links, sources, damaged files. */
  stats(): ProjectStats {
    return statsOf(this.articles.liveEntries(), this.core.index.size, this.sources.length);
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Adds a new article (import). Its id must be new. Resolves once it is on disk. */
  addArticle(doc: ArticleDoc): Promise<void> {
    return this.articles.add(doc);
  }

  /** Removes an article: its file moves to `.sourcemark/removed/`, nothing is deleted. */
  removeArticle(id: string): Promise<void> {
    return this.articles.remove(id);
  }

  /**
   * Applies an operation: loads the articles it touches, checks it with the model, then saves
   * what changed. Resolves once every change is on disk. `scope` names the undo history it joins
   * (the article being edited, or "sources"), kept per annotator of `author`.
   */
  apply(op: Operation, scope = 'project', author: Author = {}): Promise<ApplyResult> {
    return this.editor.apply(op, scope, author);
  }

  /** Undoes `author`'s last operation in `scope`; resolves to undefined when there is nothing to undo. */
  undo(scope = 'project', author: Author = {}): Promise<ApplyResult | undefined> {
    return this.editor.step(scope, 'undo', author);
  }

  /** Redoes `author`'s last undone operation in `scope`. */
  redo(scope = 'project', author: Author = {}): Promise<ApplyResult | undefined> {
    return this.editor.step(scope, 'redo', author);
  }

  /** How many steps `author` can undo and redo in `scope`. */
  historyDepth(scope = 'project', author: Author = {}): { undo: number; redo: number } {
    return this.editor.historyDepth(scope, author);
  }

  /** Merges two sources across every article that mentions the one that goes. */
  mergeSources(keepId: string, goneId: string, scope = 'sources', author: Author = {}): Promise<ApplyResult> {
    return this.editor.mergeSources(keepId, goneId, scope, author);
  }

  /** Changes the project's name or settings (checked like every write of `sourcemark.json`). */
  updateProject(patch: Parameters<ProjectEditor['updateProject']>[0], author: Author = {}): Promise<void> {
    return this.editor.updateProject(patch, author);
  }

  /** Listens to every change made through this store; returns the function that stops listening. */
  onChange(listener: (e: ChangeEvent) => void): () => void {
    return this.core.onChange(listener);
  }

  // ---- saving -----------------------------------------------------------------------------------

  /**
   * Writes again, in order, everything whose save failed (a full disk), and everything queued
   * behind it. Resolves once all is on disk or a write failed again (see {@link unsaved}).
   */
  async retrySaves(): Promise<void> {
    await this.core.saves.retry();
  }

  /**
   * Changes not yet on disk: article ids, and `sourcemark.json` / `sources.json` by name (the
   * index, a cache rebuilt when missing, is not listed). Empty once everything is saved.
   */
  get unsaved(): string[] {
    return this.core.saves.pending.filter((k) => k !== INDEX_KEY).map((k) => /^articles\/(.+)\.json$/.exec(k)?.[1] ?? k);
  }

  /** The last save failure while something is still unsaved. */
  get saveError(): string | undefined {
    return this.unsaved.length ? this.core.saves.lastError?.message : undefined;
  }

  // ---- backups ----------------------------------------------------------------------------------

  /** Backups of an article (or of `sourcemark.json`, `sources.json`), newest first. */
  listBackups(target: string): { file: string; time: string }[] {
    return this.backups.list(target);
  }

  /**
   * Restores the newest readable backup of an article, or of `sourcemark.json` / `sources.json`.
   * The current file, damaged or not, is kept in `.sourcemark/damaged/` first: nothing
   * overwrites a file the app could not read. Restoring a readable `sourcemark.json` or
   * `sources.json` into a project opened read-only because of it makes the project writable.
   */
  restoreBackup(target: string): Promise<{ restoredFrom: string }> {
    if (isRegistryFile(target)) return this.registry.restore(target, () => this.articles.reindexAll());
    return this.articles.restore(target);
  }

  // ---- closing ----------------------------------------------------------------------------------

  /**
   * Waits until every queued write is on disk, or stopped at a failure: {@link unsaved} then
   * lists what is not saved.
   */
  async flush(): Promise<void> {
    await this.core.serial(async () => undefined);
    if (this.articles.indexWriteScheduled) void this.articles.writeIndex().catch(() => undefined);
    await this.core.saves.retry();
  }

  /**
   * Flushes, writes the index and releases the lock. What could not be written is listed by
   * {@link unsaved} afterwards: the caller must say so (it is lost when the process ends).
   */
  /**
   * Resolves once the index is checked against the files: at once, unless the store was opened
   * with `checkIndexLater` (then when the check in the background has taken in what it found).
   */
  indexChecked(): Promise<void> {
    return this.articles.checked();
  }

  async close(): Promise<void> {
    const { core } = this;
    if (core.closed) return;
    await this.articles.checked(true);
    await core.serial(async () => undefined);
    if (!core.readOnly) void this.articles.writeIndex().catch(() => undefined);
    await core.saves.retry();
    await core.saves.closeJournal();
    core.closed = true;
    this.articles.stopIndexTimer();
    core.stopListeners();
    await unlockProject(core);
  }
}
