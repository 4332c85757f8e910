/**
 * The project store: a folder of JSON files on lowdb, durable and crash-safe.
 *
 * Layout (all JSON pretty-printed with stable key order, see `json.ts`):
 * - `sourcemark.json`: name, schema, settings, format version;
 * - `sources.json`: the source registry;
 * - `articles/<id>.json`: one article with its spans and links;
 * - `.sourcemark/`: the index (a cache), the lock, backups, and files set aside.
 *
 * Only one process writes a project (the lock). Saving an annotation rewrites only its article's
 * file. Operations are checked by the model before anything is written; an edit resolves only
 * once it is on disk. Open articles are cached; the rest are known only by their index entries,
 * so memory does not grow with the corpus.
 *
 * Why this file is still long: the edit queue, `apply` with its save ordering, the index cache,
 * the lock and restoring share the class's private state (the open documents, the index, the
 * save queue and the read-only problems), so they stay together; the parts that need none of it
 * live in `store-salvage.ts`, `store-index.ts`, `store-backups.ts`, `store-history.ts` and
 * `store-files.ts`.
 */

import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { Low } from 'lowdb';
import {
  ArticleDocSchema, FORMAT_VERSION, OperationError, ProjectFileSchema,
  SourceSchema, SourcesFileSchema, applyOperation, articlesOf,
  defaultSchema, formatIssues, mergeSources, randomId, isSafeId, schemaChangeProblems, validateDoc,
  type ArticleDoc, type IdSource, type Operation, type ProjectFile, type ProjectSchema,
  type ProjectSettings, type ProjectState, type SchemaUsage, type Source,
} from '../../annotations/index.js';
import { articleLimitProblem, articleLinkProblem } from '../../annotations/model/limits.js';
import { DurableJsonFile, SaveQueue, UnreadableFileError, durableDb, realFileOps, writeFileDurably, type FileOps } from './durable.js';
import { UserError, describeFsError, describeWriteError } from '../errors.js';
import { stableStringify } from './json.js';
import { migrateArticle, needsMigration } from './migrate.js';
import type { ApplyResult, ArticleList, ArticleSummary, ChangeEvent, ListQuery } from '../api/contract.js';
import { BACKUP_INTERVAL_MS, listBackupsIn, setAside, takeBackup } from './backups.js';
import { PROJECT_FILE, SOURCES_FILE, articleKey, isRegistryFile, issuesOf, whyNotWritable, type RegistryFile } from './files.js';
import { Histories, type Author } from './history.js';
import { INDEX_KEY, damagedEntry, readIndexFile, summarize, writeIndexFile, type IndexEntry, type IndexFile } from './index-file.js';
import { salvageProject } from './salvage.js';

export type { ApplyResult, ArticleList, ArticleSummary, ChangeEvent, ListQuery } from '../api/contract.js';
export { PROJECT_FILE, SOURCES_FILE } from './files.js';
export type { Author } from './history.js';
export { textHash } from './index-file.js';

/** How many open articles without unsaved changes stay in memory. */
const CACHE_SIZE = 16;

export type StoreOptions = {
  fs?: FileOps;
  ids?: IdSource;
  clock?: () => Date;
  /** Messages for the user that are not errors (a stale lock taken over, a file migrated). */
  onMessage?: (message: string) => void;
  /** Open without the write lock (read-only uses such as `stats`). */
  readOnly?: boolean;
};

/** A project folder opened for reading and (unless read-only) writing. */
export class ProjectStore {
  private project!: Low<ProjectFile>;
  private sourcesDb!: Low<{ type: 'sourcemark-sources'; version: number; sources: Source[] }>;
  private index: Record<string, IndexEntry> = {};
  private readonly docs = new Map<string, ArticleDoc>();
  /** Backups taken this session, by article id or registry file name: when (Date.now). */
  private readonly lastBackup = new Map<string, number>();
  private readonly histories = new Histories();
  /** Every write of every file, in one ordered queue (see {@link SaveQueue}). */
  private readonly saves: SaveQueue;
  private indexTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private locked = false;
  private revision = 0;
  private readonly events = new EventEmitter();
  private readonly fs: FileOps;
  readonly ids: IdSource;
  private readonly clock: () => Date;
  private readonly say: (m: string) => void;
  private readonly askedReadOnly: boolean;
  /**
   * Why the project is open read-only although it was opened for writing: a `sourcemark.json` or
   * `sources.json` that does not match its format, or a folder that cannot be written. Names the
   * file and the problem; undefined when the project is writable (or was opened read-only).
   */
  get problem(): string | undefined {
    return this.problems.size ? [...this.problems.values()].join(' ') : undefined;
  }

  /** The parts of {@link problem}, by the file (or folder) they are about. */
  private readonly problems = new Map<string, string>();
  /** Messages gathered while opening (lock taken over, files migrated, index rebuilt). */
  readonly messages: string[] = [];

  private constructor(readonly dir: string, opts: StoreOptions) {
    this.fs = opts.fs ?? realFileOps;
    this.ids = opts.ids ?? randomId;
    this.clock = opts.clock ?? (() => new Date());
    this.askedReadOnly = opts.readOnly ?? false;
    this.say = (m) => {
      this.messages.push(m);
      opts.onMessage?.(m);
    };
    this.events.setMaxListeners(0);
    this.saves = new SaveQueue(
      (file, e) => new UserError('write-failed', `Could not save ${this.describeFile(file)}: ${describeWriteError(e)}. Your change is kept in memory; it will be saved with the next change or when you retry.`),
      (file, failed) => new UserError('write-failed', `${this.describeFile(file, true)} is not saved yet: it waits for an earlier change that could not be saved (${failed.message.replace(/ Your change is kept.*$/, '')}). Your change is kept in memory; it will be saved, in order, with the next change or when you retry.`),
    );
  }

  /** True when nothing may be written: opened read-only, or opened with a {@link problem}. */
  get readOnly(): boolean {
    return this.askedReadOnly || this.problem !== undefined;
  }

  /** A file of the project in words: `"Title" (articles/a-1.json)`, or its name. */
  private describeFile(rel: string, capital = false): string {
    const m = /^articles\/(.+)\.json$/.exec(rel);
    if (m) {
      const title = this.docs.get(m[1]!)?.article.title ?? this.index[m[1]!]?.title;
      return title ? `"${title}" (${rel})` : rel;
    }
    const what = rel === PROJECT_FILE ? 'the project settings' : rel === SOURCES_FILE ? 'the sources' : 'the article index';
    return `${capital ? what[0]!.toUpperCase() + what.slice(1) : what} (${rel})`;
  }

  private get meta(): string {
    return path.join(this.dir, '.sourcemark');
  }

  private articleFile(id: string): string {
    if (!isSafeId(id)) throw new UserError('bad-request', `"${id}" is not a valid article id.`);
    return path.join(this.dir, 'articles', `${id}.json`);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** Creates an empty project with the default schema in `dir` (which must be empty or absent). */
  static async create(dir: string, init: { name?: string; schema?: ProjectSchema } = {}, opts: StoreOptions = {}): Promise<ProjectStore> {
    const abs = path.resolve(dir);
    if (existsSync(path.join(abs, PROJECT_FILE))) throw new UserError('exists', `${abs} is already a Sourcemark project.`);
    if (existsSync(abs) && readdirSync(abs).some((f) => !f.startsWith('.'))) {
      throw new UserError('exists', `${abs} is not empty. Choose an empty or new folder for a new project.`);
    }
    const fs = opts.fs ?? realFileOps;
    const clock = opts.clock ?? (() => new Date());
    const ids = opts.ids ?? randomId;
    const proposed = {
      type: 'sourcemark-project', version: FORMAT_VERSION, id: ids('p'), name: init.name ?? path.basename(abs),
      schema: init.schema ?? defaultSchema(), settings: { snapToWords: true }, createdAt: clock().toISOString(),
    };
    // The same check as every later write: a project that is created always opens.
    const checked = ProjectFileSchema.safeParse(proposed);
    if (!checked.success) throw new UserError('invalid-operation', `The project cannot be created: ${PROJECT_FILE} would not match the project format (${issuesOf(checked.error.issues)}).`);
    const project: ProjectFile = checked.data;
    try {
      await fs.mkdir(path.join(abs, 'articles'), { recursive: true });
      await fs.mkdir(path.join(abs, '.sourcemark'), { recursive: true });
      await writeFileDurably(path.join(abs, SOURCES_FILE), stableStringify({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources: [] }), fs);
      await fs.writeFile(path.join(abs, '.sourcemark', '.gitignore'), '*\n');
      await writeFileDurably(path.join(abs, PROJECT_FILE), stableStringify(project), fs);
    } catch (e) {
      throw new UserError('write-failed', `Could not create the project in ${abs}: ${describeWriteError(whyNotWritable(path.dirname(abs), e))}.`);
    }
    return ProjectStore.open(abs, opts);
  }

  /** Opens an existing project. Damaged article files are listed as such, never fatal. */
  static async open(dir: string, opts: StoreOptions = {}): Promise<ProjectStore> {
    const store = new ProjectStore(path.resolve(dir), opts);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const projectPath = path.join(this.dir, PROJECT_FILE);
    if (!existsSync(projectPath)) {
      throw new UserError('project-missing', `${this.dir} is not a Sourcemark project (no ${PROJECT_FILE}). Create one with "npm run cli -- init ${this.dir}".`);
    }
    const problems: [RegistryFile, string][] = [];
    // A project file that cannot be read or does not match the format never locks the user out:
    // the project opens read-only with what can be read, and the problem is named.
    let projectData: unknown;
    try {
      projectData = await this.readJson(projectPath);
    } catch (e) {
      if (!(e instanceof UserError) || e.code !== 'damaged') throw e;
      problems.push([PROJECT_FILE, e.message.replace(/ Restore it.*$/, '')]);
    }
    let project: ProjectFile;
    if (projectData === undefined) project = salvageProject({}, this.dir);
    else {
      needsMigration(projectData, projectPath, 'sourcemark-project');
      const parsedProject = ProjectFileSchema.safeParse(projectData);
      if (parsedProject.success) project = parsedProject.data;
      else {
        problems.push([PROJECT_FILE, `${projectPath} does not match the project format: ${issuesOf(parsedProject.error.issues)}.`]);
        project = salvageProject(projectData, this.dir);
      }
    }
    const sourcesPath = path.join(this.dir, SOURCES_FILE);
    let sources: Source[] = [];
    let sourcesData: unknown;
    try {
      sourcesData = existsSync(sourcesPath) ? await this.readJson(sourcesPath) : { type: 'sourcemark-sources', version: FORMAT_VERSION, sources: [] };
    } catch (e) {
      if (!(e instanceof UserError) || e.code !== 'damaged') throw e;
      problems.push([SOURCES_FILE, e.message.replace(/ Restore it.*$/, '')]);
    }
    if (sourcesData !== undefined) {
      needsMigration(sourcesData, sourcesPath, 'sourcemark-sources');
      const parsedSources = SourcesFileSchema.safeParse(sourcesData);
      if (parsedSources.success) sources = parsedSources.data.sources;
      else {
        problems.push([SOURCES_FILE, `${sourcesPath} does not match the sources format: ${issuesOf(parsedSources.error.issues)}.`]);
        const list = (sourcesData as { sources?: unknown }).sources;
        sources = (Array.isArray(list) ? list : []).flatMap((x) => SourceSchema.safeParse(x).data ?? []);
      }
    }
    for (const [file, text] of problems) {
      this.setProblem(file, `${text} The project is open read-only so nothing is lost: correct the file, or restore its last backup with "npm run cli -- restore ${this.dir} ${file === PROJECT_FILE ? 'project' : 'sources'}", then open the project again.`);
    }

    const firstOpen = !existsSync(this.meta);
    if (!this.askedReadOnly) await this.lock();
    this.project = durableDb(projectPath, project, this.fs);
    this.sourcesDb = durableDb(sourcesPath, { type: 'sourcemark-sources', version: FORMAT_VERSION, sources }, this.fs);
    if (!this.readOnly) await this.fs.mkdir(path.join(this.dir, 'articles'), { recursive: true });
    await this.loadIndex(firstOpen);
  }

  /** Opens read-only from now on, and says why (`about`: the file or folder at fault). */
  private setProblem(about: string, problem: string): void {
    this.problems.set(about, problem);
    this.say(problem);
  }

  private async readJson(file: string): Promise<unknown> {
    try {
      return await new DurableJsonFile<unknown>(file, this.fs).read();
    } catch (e) {
      if (e instanceof UnreadableFileError) throw new UserError('damaged', `${file} cannot be read: ${e.reason}. Restore it from a backup or version control.`);
      throw new UserError('damaged', `${file} cannot be read: ${describeFsError(e)}.`);
    }
  }

  // ---- lock -------------------------------------------------------------------------------------

  private get lockFile(): string {
    return path.join(this.meta, 'lock');
  }

  private async lock(): Promise<void> {
    const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: this.now() });
    const unwritable = (e: unknown): boolean => ['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes((e as { code?: string }).code ?? '');
    try {
      await this.fs.mkdir(this.meta, { recursive: true });
    } catch (e) {
      if (!unwritable(e)) throw new UserError('write-failed', `Could not lock ${this.dir}: ${describeWriteError(e)}.`);
      if (existsSync(this.lockFile)) this.assertNotLockedByOther();
      return this.setProblem(this.dir, `${this.dir} cannot be written (${describeWriteError(whyNotWritable(this.dir, e))}): the project is open read-only. Make the folder writable (or copy it somewhere you can write) to edit it.`);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.fs.writeFile(this.lockFile, mine, { flag: 'wx' });
        this.locked = true;
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') {
          if (!unwritable(e)) throw new UserError('write-failed', `Could not lock ${this.dir}: ${describeWriteError(e)}.`);
          return this.setProblem(this.dir, `${this.dir} cannot be written (${describeWriteError(e)}): the project is open read-only. Make the folder writable (or copy it somewhere you can write) to edit it.`);
        }
      }
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(this.lockFile, 'utf8')) as typeof holder;
      } catch {
        // An unreadable lock was left half-written by a crash: take it over below.
      }
      const alive = holder.pid !== undefined && holder.host === os.hostname() && isAlive(holder.pid);
      if (alive || (holder.host && holder.host !== os.hostname())) {
        throw new UserError('project-locked', `${this.dir} is open in another Sourcemark (process ${holder.pid ?? '?'} on ${holder.host ?? '?'}, since ${holder.since ?? '?'}). Close it there first, or open a copy of the folder.`);
      }
      this.say(`Sourcemark did not close properly last time (process ${holder.pid ?? '?'} is gone); its lock on ${this.dir} was taken over.`);
      await this.fs.unlink(this.lockFile).catch(() => undefined);
    }
    throw new UserError('project-locked', `Could not lock ${this.dir}: another process keeps taking the lock.`);
  }

  /** Refuses when a live process holds the lock (for a folder this process cannot lock). */
  private assertNotLockedByOther(): void {
    let holder: { pid?: number; host?: string; since?: string } = {};
    try {
      holder = JSON.parse(readFileSync(this.lockFile, 'utf8')) as typeof holder;
    } catch {
      return;
    }
    if (holder.pid !== undefined && holder.host === os.hostname() && isAlive(holder.pid)) {
      throw new UserError('project-locked', `${this.dir} is open in another Sourcemark (process ${holder.pid}, since ${holder.since ?? '?'}). Close it there first, or open a copy of the folder.`);
    }
  }

  // ---- index ------------------------------------------------------------------------------------

  private get indexFile(): string {
    return path.join(this.meta, 'index.json');
  }

  /** Loads the index, then reconciles it with the article files (new, removed, changed). */
  private async loadIndex(firstOpen: boolean): Promise<void> {
    const cached: IndexFile | undefined = readIndexFile(this.indexFile); // missing or unreadable: rebuilt below
    const articlesDir = path.join(this.dir, 'articles');
    const names = existsSync(articlesDir) ? readdirSync(articlesDir) : [];
    const entries: Record<string, IndexEntry> = {};
    let rebuilt = 0;
    for (const name of names) {
      if (name.endsWith('.tmp') && name.startsWith('.')) {
        if (!this.readOnly) await this.fs.unlink(path.join(articlesDir, name)).catch(() => undefined);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -5);
      if (!isSafeId(id)) continue;
      const st = statSync(path.join(articlesDir, name));
      const known = cached?.entries[id];
      if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) {
        entries[id] = known;
        continue;
      }
      rebuilt++;
      entries[id] = await this.indexEntryFromFile(id, st.mtimeMs, st.size);
    }
    this.index = entries;
    const removed = cached ? Object.keys(cached.entries).filter((id) => !entries[id]).length : 0;
    if (!cached && names.length && !firstOpen) this.say(`The article index was missing and has been rebuilt (${Object.keys(entries).length} articles).`);
    if (rebuilt || removed || !cached) this.scheduleIndexWrite(0);
  }

  private async indexEntryFromFile(id: string, mtimeMs: number, size: number): Promise<IndexEntry> {
    try {
      const doc = await this.readArticleFile(id);
      return { ...summarize(doc, new Date(mtimeMs).toISOString()), mtimeMs, size };
    } catch (e) {
      return damagedEntry(id, e instanceof UserError ? e.message : describeFsError(e), mtimeMs, size);
    }
  }

  private scheduleIndexWrite(delay = 200): void {
    if (this.readOnly || this.closed) return;
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => void this.writeIndex().catch(() => undefined), delay);
  }

  /** Queues a write of the index behind every change queued so far. */
  private writeIndex(): Promise<void> {
    clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    if (this.readOnly) return Promise.resolve();
    // The index is a cache: a lost write only costs a rebuild, so it is written without fsync,
    // but through the same queue, so it never describes files that are not on disk yet.
    return this.saves.enqueue(INDEX_KEY, '.sourcemark/index.json', () => writeIndexFile(this.fs, this.meta, this.indexFile, this.index));
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Reads, migrates and validates one article file. Throws a UserError naming the problem. */
  private async readArticleFile(id: string): Promise<ArticleDoc> {
    const file = this.articleFile(id);
    const rel = path.relative(this.dir, file);
    let data: unknown;
    try {
      data = await new DurableJsonFile<unknown>(file, this.fs).read();
    } catch (e) {
      if (e instanceof UnreadableFileError) throw new UserError('damaged', `${rel}: ${e.reason}`);
      throw new UserError('damaged', `${rel}: ${describeFsError(e)}`);
    }
    if (data === null) throw new UserError('not-found', `Article ${id} does not exist.`);
    let migrated = false;
    if (needsMigration(data, rel, 'sourcemark-article')) {
      data = migrateArticle(data as Record<string, unknown>);
      migrated = true;
    }
    const parsed = ArticleDocSchema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new UserError('damaged', `${rel} does not match the article format (${first.path.join('.') || 'file'}: ${first.message}).`);
    }
    const doc = parsed.data;
    if (doc.article.id !== id) throw new UserError('damaged', `${rel} holds article "${doc.article.id}", not "${id}".`);
    const issues = validateDoc(doc, this.schema, this.sourceMap());
    if (issues.length) throw new UserError('damaged', `${rel} has annotations that do not fit: ${formatIssues(issues)}`);
    if (migrated && !this.readOnly) {
      await this.backup(id, 'migrated');
      this.say(`${rel} was in an older format and has been updated; the original is kept in .sourcemark/backups/${id}/.`);
      // Through the queue like every write; a failure (a full disk) stays queued and listed in
      // `unsaved`, and the migrated state is what the app shows meanwhile.
      await this.saveArticle(doc).catch(() => undefined);
    }
    return doc;
  }

  get info(): { name: string; dir: string; schema: ProjectSchema; settings: ProjectSettings; id: string } {
    const p = this.project.data;
    return { id: p.id, name: p.name, dir: this.dir, schema: p.schema, settings: p.settings };
  }

  get schema(): ProjectSchema {
    return this.project.data.schema;
  }

  get sources(): Source[] {
    return this.sourcesDb.data.sources;
  }

  private sourceMap(): Record<string, Source> {
    return Object.fromEntries(this.sources.map((s) => [s.id, s]));
  }

  /**
   * The index as the user sees it: the entries of the files on disk, and for an article whose
   * newest state is still queued (or could not be written), that state. `this.index` itself
   * describes only what is on disk, so the index file never runs ahead of the articles.
   */
  private liveEntries(): IndexEntry[] {
    const pending = this.saves.pending.flatMap((k) => {
      const id = /^articles\/(.+)\.json$/.exec(k)?.[1];
      const doc = id === undefined ? undefined : this.docs.get(id);
      return doc ? [doc] : [];
    });
    if (!pending.length) return Object.values(this.index);
    // Not the injected clock: listing must not move it. "Updated" is the time of the listing.
    const at = new Date().toISOString();
    const live = new Map(pending.map((d) => [d.article.id, { ...summarize(d, at), mtimeMs: this.index[d.article.id]?.mtimeMs ?? 0, size: this.index[d.article.id]?.size ?? 0 }]));
    return [...Object.values(this.index).map((e) => live.get(e.id) ?? e), ...[...live.values()].filter((e) => !this.index[e.id])];
  }

  /** Lists articles from the index: filtered, sorted, paged; with the progress summary. */
  listArticles(q: ListQuery = {}): ArticleList {
    const all = this.liveEntries();
    const progress = { todo: 0, inProgress: 0, done: 0, damaged: 0 };
    for (const e of all) {
      if (e.damaged) progress.damaged++;
      else if (e.status === 'done') progress.done++;
      else if (e.status === 'in-progress') progress.inProgress++;
      else progress.todo++;
    }
    const needle = q.search?.trim().toLowerCase();
    let items = all.filter((e) =>
      (!q.status || (q.status === 'damaged' ? !!e.damaged : e.status === q.status && !e.damaged))
      && (!needle || e.title.toLowerCase().includes(needle) || (e.outlet ?? '').toLowerCase().includes(needle)));
    const key = q.sort ?? 'title';
    const val = (e: ArticleSummary): string => (key === 'updated' ? e.updatedAt : key === 'published' ? e.published ?? '' : key === 'status' ? e.status : e.title.toLowerCase());
    items.sort((a, b) => (val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : a.id < b.id ? -1 : 1));
    if (q.descending) items.reverse();
    const total = items.length;
    items = items.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 500));
    return { total, items: items.map(({ mtimeMs: _m, size: _s, ...rest }) => rest), progress };
  }

  /** One article with its annotations. Throws a UserError for a damaged or missing file. */
  async getArticle(id: string): Promise<ArticleDoc> {
    this.articleFile(id);
    const cached = this.docs.get(id);
    if (cached) {
      this.touchCache(id, cached);
      return cached;
    }
    if (!this.index[id]) throw new UserError('not-found', `Article ${id} does not exist in this project.`);
    const doc = await this.readArticleFile(id);
    this.touchCache(id, doc);
    return doc;
  }

  private touchCache(id: string, doc: ArticleDoc): void {
    this.docs.delete(id);
    this.docs.set(id, doc);
    for (const key of this.docs.keys()) {
      if (this.docs.size <= CACHE_SIZE) break;
      if (!this.saves.has(articleKey(key))) this.docs.delete(key);
    }
  }

  // ---- writing ----------------------------------------------------------------------------------

  private assertWritable(): void {
    if (this.closed) throw new UserError('bad-request', 'The project is closed.');
    if (this.problem) throw new UserError('damaged', `Nothing can be changed: ${this.problem}`);
    if (this.readOnly) throw new UserError('bad-request', 'The project is open read-only.');
  }

  /** Adds a new article (import). Its id must be new. Resolves once it is on disk. */
  async addArticle(doc: ArticleDoc): Promise<void> {
    this.assertWritable();
    const file = this.articleFile(doc.article.id);
    if (this.hasArticle(doc.article.id) || existsSync(file)) throw new UserError('exists', `Article ${doc.article.id} already exists.`);
    const parsed = ArticleDocSchema.parse(doc);
    const issues = validateDoc(parsed, this.schema, this.sourceMap());
    if (issues.length) throw new UserError('invalid-operation', `Article "${doc.article.title}" has annotations that do not fit: ${formatIssues(issues)}`);
    this.docs.set(doc.article.id, parsed);
    const saved = this.saveArticle(parsed);
    this.announce({ articles: [doc.article.id] });
    await saved;
  }

  /** Removes an article: its file moves to `.sourcemark/removed/`, nothing is deleted. */
  async removeArticle(id: string): Promise<void> {
    this.assertWritable();
    const file = this.articleFile(id);
    if (!this.index[id]) throw new UserError('not-found', `Article ${id} does not exist.`);
    await this.saves.settled();
    if (this.saves.has(articleKey(id))) throw new UserError('write-failed', `Article ${id} cannot be removed yet: its last change is not saved (${this.saves.lastError?.message ?? 'a save failed'}).`);
    const aside = path.join(this.meta, 'removed');
    await this.fs.mkdir(aside, { recursive: true });
    await this.fs.rename(file, path.join(aside, `${id}.${this.now().replace(/[:.]/g, '-')}.json`));
    delete this.index[id];
    this.docs.delete(id);
    this.scheduleIndexWrite();
    this.announce({ articles: [id] });
  }

  /** Keeps a backup of `target` (an article id or a registry file) at most every interval. */
  private async backupIfDue(target: string): Promise<void> {
    const now = Date.now();
    const last = this.lastBackup.get(target);
    if ((last === undefined || now - last > BACKUP_INTERVAL_MS) && (await this.backup(target, 'auto'))) this.lastBackup.set(target, now);
  }

  private async writeArticle(doc: ArticleDoc): Promise<void> {
    const id = doc.article.id;
    const file = this.articleFile(id);
    await this.backupIfDue(id);
    const updatedAt = this.now();
    await writeFileDurably(file, stableStringify({ ...doc, updatedAt }), this.fs);
    const st = statSync(file);
    this.index[id] = { ...summarize(doc, updatedAt), mtimeMs: st.mtimeMs, size: st.size };
    this.scheduleIndexWrite();
  }

  /** Queues the save of one article's state; resolves once it is on disk. */
  private saveArticle(doc: ArticleDoc): Promise<void> {
    const id = doc.article.id;
    return this.saves.enqueue(articleKey(id), articleKey(id), () => this.writeArticle(doc));
  }

  /** Queues the save of a state of `sourcemark.json`, validated first (see {@link checkedProject}). */
  private saveProject(project: ProjectFile): Promise<void> {
    return this.saves.enqueue(PROJECT_FILE, PROJECT_FILE, async () => {
      await this.backupIfDue(PROJECT_FILE);
      await this.project.adapter.write(project);
    });
  }

  /** Queues the save of a state of `sources.json`. */
  private saveSources(sources: Source[]): Promise<void> {
    return this.saves.enqueue(SOURCES_FILE, SOURCES_FILE, async () => {
      await this.backupIfDue(SOURCES_FILE);
      await this.sourcesDb.adapter.write({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources });
    });
  }

  /**
   * Writes again, in order, everything whose save failed (a full disk), and everything queued
   * behind it. Resolves once all is on disk or a write failed again (see {@link unsaved}).
   */
  async retrySaves(): Promise<void> {
    await this.saves.retry();
  }

  /**
   * Changes not yet on disk: article ids, and `sourcemark.json` / `sources.json` by name (the
   * index, a cache rebuilt when missing, is not listed). Empty once everything is saved.
   */
  get unsaved(): string[] {
    return this.saves.pending.filter((k) => k !== INDEX_KEY).map((k) => /^articles\/(.+)\.json$/.exec(k)?.[1] ?? k);
  }

  /** The last save failure while something is still unsaved. */
  get saveError(): string | undefined {
    return this.unsaved.length ? this.saves.lastError?.message : undefined;
  }

  /** Listens to every change made through this store; returns the function that stops listening. */
  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  private announce(what: Partial<Omit<ChangeEvent, 'revision'>>, author: Author = {}): void {
    const e: ChangeEvent = {
      revision: ++this.revision, articles: what.articles ?? [], sources: what.sources ?? false, schema: what.schema ?? false, project: what.project ?? false,
      ...(author.annotator !== undefined ? { annotator: author.annotator } : {}), ...(author.client !== undefined ? { client: author.client } : {}),
    };
    this.events.emit('change', e);
  }

  /**
   * Applies an operation: loads the articles it touches, checks it with the model, then saves
   * what changed. Resolves once every change is on disk. `scope` names the undo history it joins
   * (the article being edited, or "sources"), kept per annotator of `author`.
   */
  async apply(op: Operation, scope = 'project', author: Author = {}): Promise<ApplyResult> {
    const { result, saved } = await this.serial(async () => {
      const applied = await this.applyInMemory(op, author);
      this.histories.record(scope, author, op, applied.inverse);
      return applied;
    });
    await saved;
    return result;
  }

  /** Undoes `author`'s last operation in `scope`; resolves to undefined when there is nothing to undo. */
  undo(scope = 'project', author: Author = {}): Promise<ApplyResult | undefined> {
    return this.step(scope, 'undo', 'redo', author);
  }

  /** Redoes `author`'s last undone operation in `scope`. */
  redo(scope = 'project', author: Author = {}): Promise<ApplyResult | undefined> {
    return this.step(scope, 'redo', 'undo', author);
  }

  /**
   * Applies the inverse on top of one stack and moves the step to the other, as one step of the
   * edit queue: two undos at once take back two steps, never one step twice. A step that no
   * longer applies (someone else changed or removed what it touched) is dropped with a message.
   */
  private async step(scope: string, from: 'undo' | 'redo', to: 'undo' | 'redo', author: Author): Promise<ApplyResult | undefined> {
    const done = await this.serial(async () => {
      const h = this.histories.of(scope, author);
      const last = h[from].at(-1);
      if (!last) return undefined;
      let applied;
      try {
        applied = await this.applyInMemory(last.inverse, author);
      } catch (e) {
        if (!(e instanceof UserError) || e.code !== 'invalid-operation') throw e;
        h[from].pop();
        throw new UserError('invalid-operation', `Your last change can no longer be ${from === 'undo' ? 'undone' : 'redone'}: it was changed since, in another tab or by another person (${e.message})`);
      }
      h[from].pop();
      h[to].push({ op: last.inverse, inverse: applied.inverse });
      return applied;
    });
    if (!done) return undefined;
    await done.saved;
    return done.result;
  }

  /** How many steps `author` can undo and redo in `scope`. */
  historyDepth(scope = 'project', author: Author = {}): { undo: number; redo: number } {
    const h = this.histories.of(scope, author);
    return { undo: h.undo.length, redo: h.redo.length };
  }

  /** Merges two sources across every article that mentions the one that goes. */
  async mergeSources(keepId: string, goneId: string, scope = 'sources', author: Author = {}): Promise<ApplyResult> {
    const state = await this.stateFor(this.articlesMentioning(goneId));
    return this.apply(this.wrap(() => mergeSources(state, keepId, goneId)), scope, author);
  }

  /** True when the project has an article with this id. */
  hasArticle(id: string): boolean {
    return id in this.index || (this.saves.has(articleKey(id)) && this.docs.has(id));
  }

  /** The article whose text has this hash, if any (duplicates are skipped on import). */
  articleWithText(hash: string): ArticleSummary | undefined {
    return this.liveEntries().find((e) => e.textHash === hash && !e.damaged);
  }

  /** Articles whose index lists `sourceId`. */
  articlesMentioning(sourceId: string): string[] {
    return this.liveEntries().filter((e) => e.sources.includes(sourceId)).map((e) => e.id);
  }

  private wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof OperationError) throw new UserError('invalid-operation', e.message);
      throw e;
    }
  }

  private async stateFor(articleIds: readonly string[]): Promise<ProjectState> {
    const docs: Record<string, ArticleDoc> = {};
    for (const id of articleIds) docs[id] = await this.getArticle(id);
    return { schema: this.schema, sources: this.sourceMap(), docs };
  }

  /**
   * Runs `f` alone: edits, undos and redos one at a time, so two never read the same old state
   * or the same history.
   */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.applyQueue.then(f);
    this.applyQueue = run.catch(() => undefined);
    return run;
  }

  private applyQueue: Promise<unknown> = Promise.resolve();

  /**
   * A state of `sourcemark.json`, checked with the very schema that reads it on opening, so no
   * write can leave a project that does not open. Throws `invalid-operation` naming the problem.
   */
  private checkedProject(next: ProjectFile): ProjectFile {
    // A file of an older format is written in the current one (its migration), checked the same way.
    const parsed = ProjectFileSchema.safeParse({ ...next, version: FORMAT_VERSION });
    if (!parsed.success) throw new UserError('invalid-operation', `This change is refused: ${PROJECT_FILE} would not match the project format (${issuesOf(parsed.error.issues)}). Nothing was changed.`);
    return parsed.data;
  }

  private checkedSources(sources: Source[]): Source[] {
    const parsed = SourcesFileSchema.safeParse({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources });
    if (!parsed.success) throw new UserError('invalid-operation', `This change is refused: ${SOURCES_FILE} would not match the sources format (${issuesOf(parsed.error.issues)}). Nothing was changed.`);
    return parsed.data.sources;
  }

  /**
   * Loads what `op` needs and applies it in memory (the caller runs it through {@link serial}),
   * then queues the saves and returns the inverse and a promise of the saves.
   *
   * The saves are queued so that no file on disk ever names what is not on disk yet: a registry
   * (sources, schema) that gains entries is written before the articles, one that loses entries
   * after them; one that does both is written as the union first and as the result last.
   */
  private async applyInMemory(op: Operation, author: Author): Promise<{ result: ApplyResult; inverse: Operation; saved: Promise<void> }> {
    this.assertWritable();
    const ids = new Set(articlesOf(op));
    // Removing a source needs every article that still mentions it, to refuse if any does.
    const walk = (o: Operation): void => {
      if (o.op === 'batch') o.ops.forEach(walk);
      if (o.op === 'removeSource') this.articlesMentioning(o.sourceId).forEach((a) => ids.add(a));
    };
    walk(op);
    this.checkSchemaChanges(op);
    const state = await this.stateFor([...ids]);
    const applied = this.wrap(() => applyOperation(state, op, { now: this.now() }));
    // The limits per article and the http(s) rule for its link (annotations/limits.ts), checked before anything changes (IMPORT).
    for (const id of applied.articles) {
      const problem = articleLimitProblem(applied.state.docs[id]!, state.docs[id]) ?? articleLinkProblem(applied.state.docs[id]!, state.docs[id]);
      if (problem) throw new UserError('invalid-operation', `The change was not made to "${applied.state.docs[id]!.article.title}": ${problem}.`);
    }
    // Everything is checked before anything changes, in memory or on disk.
    const project = applied.schema ? this.checkedProject({ ...this.project.data, schema: applied.state.schema }) : undefined;
    const sources = applied.sources ? this.checkedSources(Object.values(applied.state.sources).sort(bySourceName)) : undefined;

    const before: (() => Promise<void>)[] = [];
    const after: (() => Promise<void>)[] = [];
    if (sources) {
      const old = this.sources;
      const kept = new Set(sources.map((x) => x.id));
      const gone = old.filter((x) => !kept.has(x.id));
      this.sourcesDb.data = { ...this.sourcesDb.data, sources };
      if (!gone.length) before.push(() => this.saveSources(sources));
      else {
        const grows = sources.some((x) => !old.includes(x));
        if (grows) before.push(() => this.saveSources([...sources, ...gone].sort(bySourceName)));
        after.push(() => this.saveSources(sources));
      }
    }
    if (project) {
      const old = this.project.data.schema;
      const goneLabels = old.labels.filter((l) => !project.schema.labels.some((n) => n.name === l.name));
      const goneLinks = old.linkTypes.filter((l) => !project.schema.linkTypes.some((n) => n.name === l.name));
      this.project.data = project;
      if (!goneLabels.length && !goneLinks.length) before.push(() => this.saveProject(project));
      else {
        const union = { ...project, schema: { ...project.schema, labels: [...project.schema.labels, ...goneLabels], linkTypes: [...project.schema.linkTypes, ...goneLinks] } };
        if (ProjectFileSchema.safeParse(union).success) before.push(() => this.saveProject(union));
        after.push(() => this.saveProject(project));
      }
    }
    const saves = before.map((f) => f());
    const docs: ArticleDoc[] = [];
    for (const id of applied.articles) {
      const doc = applied.state.docs[id]!;
      this.docs.set(id, doc);
      docs.push(doc);
      saves.push(this.saveArticle(doc));
    }
    saves.push(...after.map((f) => f()));
    const result: ApplyResult = { docs, ...(sources ? { sources } : {}), ...(project ? { schema: project.schema } : {}) };
    this.announce({ articles: [...applied.articles], sources: !!sources, schema: !!project }, author);
    const saved = Promise.allSettled(saves).then((outcomes) => {
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    });
    return { result, inverse: applied.inverse, saved };
  }
  /** How the whole project uses the schema, from the index (no article is read). */
  schemaUsage(): SchemaUsage {
    const usage: Required<SchemaUsage> = { labels: {}, linkTypes: {}, attributes: {}, eventTypes: {} };
    const add = (into: Record<string, number>, from: Record<string, number> | undefined) => {
      for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
    };
    for (const e of this.liveEntries()) {
      add(usage.labels, e.counts);
      add(usage.linkTypes, e.linkTypes);
      add(usage.eventTypes, e.eventTypes);
      add(usage.attributes, e.attributes);
    }
    return usage;
  }

  /** Refuses a schema change that would orphan labels, link types or values in use anywhere. */
  private checkSchemaChanges(op: Operation): void {
    if (op.op === 'batch') return op.ops.forEach((o) => this.checkSchemaChanges(o));
    if (op.op !== 'setSchema') return;
    const problems = schemaChangeProblems(op.schema, this.schemaUsage());
    if (problems.length) throw new UserError('invalid-operation', `This schema change would orphan annotations: ${problems.join(' ')}`);
  }

  /** Changes the project's name or settings (checked like every write of `sourcemark.json`). */
  async updateProject(patch: { name?: string; settings?: Partial<ProjectSettings> }, author: Author = {}): Promise<void> {
    const saved = await this.serial(async () => {
      this.assertWritable();
      const p = this.project.data;
      const next = this.checkedProject({ ...p, name: patch.name?.trim() || p.name, settings: { ...p.settings, ...patch.settings } });
      this.project.data = next;
      const done = this.saveProject(next);
      this.announce({ project: true }, author);
      return { done };
    });
    await saved.done;
  }

  // ---- backups ----------------------------------------------------------------------------------

  /**
   * What a backup target names: an article id, or `sourcemark.json` / `sources.json` (neither
   * is a valid article id, so the two never collide).
   */
  private backupTarget(target: string): { file: string; dir: string } {
    if (isRegistryFile(target)) return { file: path.join(this.dir, target), dir: path.join(this.meta, 'backups', target) };
    return { file: this.articleFile(target), dir: path.join(this.meta, 'backups', target) };
  }

  /**
   * Keeps the current file of `target` (an article id, `sourcemark.json` or `sources.json`) as
   * a backup, then prunes; false when there is no file yet. A copy, not a hard link: an editor
   * that rewrites the file in place would change both.
   */
  private backup(target: string, why: 'auto' | 'migrated' | 'damaged'): Promise<boolean> {
    const { file, dir } = this.backupTarget(target);
    return takeBackup(file, dir, () => this.now(), why, this.fs);
  }

  /** Backups of an article (or of `sourcemark.json`, `sources.json`), newest first. */
  listBackups(target: string): { file: string; time: string }[] {
    return listBackupsIn(this.backupTarget(target).dir);
  }

  /** Keeps a copy of a file the app is about to replace in `.sourcemark/damaged/` (see {@link setAside}). */
  private setAside(file: string, name: string): Promise<void> {
    return setAside(this.meta, file, name, () => this.now(), this.fs);
  }

  /**
   * Restores the newest readable backup of an article, or of `sourcemark.json` / `sources.json`.
   * The current file, damaged or not, is kept in `.sourcemark/damaged/` first: nothing
   * overwrites a file the app could not read. Restoring a readable `sourcemark.json` or
   * `sources.json` into a project opened read-only because of it makes the project writable.
   */
  async restoreBackup(target: string): Promise<{ restoredFrom: string }> {
    if (isRegistryFile(target)) return this.restoreRegistry(target);
    this.assertWritable();
    const id = target;
    const file = this.articleFile(id);
    await this.saves.settled();
    if (this.saves.has(articleKey(id))) throw new UserError('write-failed', `Article ${id} has a change that is not saved yet; save it (retry) before restoring a backup.`);
    for (const b of this.listBackups(id)) {
      let doc: ArticleDoc;
      try {
        const data = JSON.parse(readFileSync(b.file, 'utf8')) as Record<string, unknown>;
        const parsed = ArticleDocSchema.safeParse(needsMigration(data, b.file, 'sourcemark-article') ? migrateArticle(data) : data);
        if (!parsed.success || parsed.data.article.id !== id) continue;
        doc = parsed.data;
      } catch {
        continue;
      }
      await this.setAside(file, id);
      await writeFileDurably(file, stableStringify(doc), this.fs);
      this.docs.delete(id);
      this.lastBackup.delete(id);
      const st = statSync(file);
      this.index[id] = await this.indexEntryFromFile(id, st.mtimeMs, st.size);
      this.scheduleIndexWrite();
      this.announce({ articles: [id] });
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `Article ${id} has no readable backup to restore.`);
  }

  private async restoreRegistry(name: RegistryFile): Promise<{ restoredFrom: string }> {
    if (this.closed) throw new UserError('bad-request', 'The project is closed.');
    // A project opened read-only because of this very file may restore it, if it holds the lock.
    if (this.askedReadOnly || !this.locked) throw new UserError('bad-request', `The project is open read-only: ${this.problem ?? 'it was opened so'}`);
    await this.saves.settled();
    if (this.saves.has(name)) throw new UserError('write-failed', `${name} has a change that is not saved yet; save it (retry) before restoring a backup.`);
    const file = path.join(this.dir, name);
    for (const b of this.listBackups(name)) {
      let project: ProjectFile | undefined;
      let sources: Source[] | undefined;
      try {
        const data = JSON.parse(readFileSync(b.file, 'utf8')) as unknown;
        // An older format is read as it is and written in the current one; a newer one is skipped.
        needsMigration(data, b.file, name === PROJECT_FILE ? 'sourcemark-project' : 'sourcemark-sources');
        if (name === PROJECT_FILE) {
          const parsed = ProjectFileSchema.safeParse(data).data;
          project = parsed && ProjectFileSchema.safeParse({ ...parsed, version: FORMAT_VERSION }).data;
        } else sources = SourcesFileSchema.safeParse(data).data?.sources;
      } catch {
        continue;
      }
      if (!project && !sources) continue;
      await this.setAside(file, name);
      if (project) {
        await this.project.adapter.write(project);
        this.project.data = project;
      } else {
        await this.sourcesDb.adapter.write({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources: sources! });
        this.sourcesDb.data = { type: 'sourcemark-sources', version: FORMAT_VERSION, sources: sources! };
      }
      this.lastBackup.delete(name);
      this.problems.delete(name);
      // Articles are checked against the schema and sources: read them again with the restored ones.
      this.docs.clear();
      for (const id of Object.keys(this.index)) {
        if (!existsSync(this.articleFile(id))) continue;
        const st = statSync(this.articleFile(id));
        this.index[id] = await this.indexEntryFromFile(id, st.mtimeMs, st.size);
      }
      this.scheduleIndexWrite();
      this.announce({ schema: name === PROJECT_FILE, project: name === PROJECT_FILE, sources: name === SOURCES_FILE, articles: Object.keys(this.index) });
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `${name} has no readable backup to restore (backups are kept in .sourcemark/backups/${name}/ from the first change saved by this version).`);
  }

  // ---- closing ----------------------------------------------------------------------------------

  /**
   * Waits until every queued write is on disk, or stopped at a failure: {@link unsaved} then
   * lists what is not saved.
   */
  async flush(): Promise<void> {
    await this.serial(async () => undefined);
    if (this.indexTimer) void this.writeIndex().catch(() => undefined);
    await this.saves.retry();
  }

  /**
   * Flushes, writes the index and releases the lock. What could not be written is listed by
   * {@link unsaved} afterwards: the caller must say so (it is lost when the process ends).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.serial(async () => undefined);
    if (!this.readOnly) void this.writeIndex().catch(() => undefined);
    await this.saves.retry();
    this.closed = true;
    clearTimeout(this.indexTimer);
    this.events.removeAllListeners();
    if (this.locked) await this.fs.unlink(this.lockFile).catch(() => undefined);
    this.locked = false;
  }

  /** Figures for `stats`: articles, spans per label, links, sources, damaged files. */
  stats(): { articles: number; spans: Record<string, number>; links: number; sources: number; damaged: { id: string; reason: string }[]; progress: ArticleList['progress'] } {
    const spans: Record<string, number> = {};
    let links = 0;
    for (const e of this.liveEntries()) {
      for (const [label, n] of Object.entries(e.counts)) spans[label] = (spans[label] ?? 0) + n;
      links += e.links;
    }
    const damaged = this.liveEntries().filter((e) => e.damaged).map((e) => ({ id: e.id, reason: e.damaged! }));
    return { articles: Object.keys(this.index).length, spans, links, sources: this.sources.length, damaged, progress: this.listArticles({ limit: 0 }).progress };
  }
}

const bySourceName = (a: Source, b: Source): number => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
