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
 */

import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Low } from 'lowdb';
import {
  ArticleDocSchema, FORMAT_VERSION, OperationError, ProjectFileSchema, SourcesFileSchema, applyOperation, articlesOf,
  defaultSchema, formatIssues, mergeSources, randomId, isSafeId, schemaChangeProblems, validateDoc,
  type ArticleDoc, type IdSource, type Operation, type ProjectFile, type ProjectSchema,
  type ProjectSettings, type ProjectState, type SchemaUsage, type Source,
} from '../annotations/index.js';
import { CoalescingWriter, DurableJsonFile, UnreadableFileError, durableDb, realFileOps, writeFileDurably, type FileOps } from './durable.js';
import { UserError, describeFsError } from './errors.js';
import { stableStringify } from './json.js';
import { migrateArticle, needsMigration } from './migrate.js';
import type { ApplyResult, ArticleList, ArticleSummary, ListQuery } from './api.js';

export type { ApplyResult, ArticleList, ArticleSummary, ListQuery } from './api.js';

export const PROJECT_FILE = 'sourcemark.json';
export const SOURCES_FILE = 'sources.json';
const INDEX_VERSION = 3;
/** Backups kept per article: the newest few, plus the newest of each of the last days. */
const BACKUPS_RECENT = 5;
const BACKUPS_DAYS = 14;
/** A new backup is taken at most this often per article (and on the first save of a session). */
const BACKUP_INTERVAL_MS = 10 * 60 * 1000;
/** How many open articles without unsaved changes stay in memory. */
const CACHE_SIZE = 16;

type IndexEntry = ArticleSummary & { mtimeMs: number; size: number };
type IndexFile = { type: 'sourcemark-index'; version: number; entries: Record<string, IndexEntry> };

export type StoreOptions = {
  fs?: FileOps;
  ids?: IdSource;
  clock?: () => Date;
  /** Messages for the user that are not errors (a stale lock taken over, a file migrated). */
  onMessage?: (message: string) => void;
  /** Open without the write lock (read-only uses such as `stats`). */
  readOnly?: boolean;
};

type History = { undo: { op: Operation; inverse: Operation }[]; redo: { op: Operation; inverse: Operation }[] };

const emptyCounts = (): Record<string, number> => ({});

function summarize(doc: ArticleDoc, updatedAt: string): ArticleSummary {
  const counts = emptyCounts();
  const attributes = emptyCounts();
  const linkTypes = emptyCounts();
  for (const s of doc.spans) {
    counts[s.label] = (counts[s.label] ?? 0) + 1;
    for (const [k, v] of Object.entries(s.attributes)) attributes[`${s.label}/${k}=${v}`] = (attributes[`${s.label}/${k}=${v}`] ?? 0) + 1;
  }
  for (const l of doc.links) linkTypes[l.type] = (linkTypes[l.type] ?? 0) + 1;
  const sources = [...new Set(doc.spans.flatMap((s) => (s.sourceId ? [s.sourceId] : [])))].sort();
  const a = doc.article;
  return {
    id: a.id, title: a.title, status: a.status, counts, links: doc.links.length, linkTypes, attributes, sources, updatedAt, textHash: textHash(a.text),
    words: a.text.split(/\s+/).filter(Boolean).length,
    ...(a.metadata.outlet ? { outlet: a.metadata.outlet } : {}),
    ...(a.metadata.published ? { published: a.metadata.published } : {}),
  };
}

/** A short hash of an article's text (FNV-1a, 64 bits as hex), for finding duplicates. */
export function textHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** A project folder opened for reading and (unless read-only) writing. */
export class ProjectStore {
  private project!: Low<ProjectFile>;
  private sourcesDb!: Low<{ type: 'sourcemark-sources'; version: number; sources: Source[] }>;
  private index: Record<string, IndexEntry> = {};
  private readonly docs = new Map<string, ArticleDoc>();
  private readonly writers = new Map<string, CoalescingWriter<ArticleDoc>>();
  private readonly dirty = new Set<string>();
  private readonly lastBackup = new Map<string, number>();
  private readonly histories = new Map<string, History>();
  private projectWriter!: CoalescingWriter<ProjectFile>;
  private sourcesWriter!: CoalescingWriter<Source[]>;
  private indexTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly fs: FileOps;
  readonly ids: IdSource;
  private readonly clock: () => Date;
  private readonly say: (m: string) => void;
  readonly readOnly: boolean;
  /** Messages gathered while opening (lock taken over, files migrated, index rebuilt). */
  readonly messages: string[] = [];

  private constructor(readonly dir: string, opts: StoreOptions) {
    this.fs = opts.fs ?? realFileOps;
    this.ids = opts.ids ?? randomId;
    this.clock = opts.clock ?? (() => new Date());
    this.readOnly = opts.readOnly ?? false;
    this.say = (m) => {
      this.messages.push(m);
      opts.onMessage?.(m);
    };
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
    try {
      await fs.mkdir(path.join(abs, 'articles'), { recursive: true });
      await fs.mkdir(path.join(abs, '.sourcemark'), { recursive: true });
      const project: ProjectFile = {
        type: 'sourcemark-project', version: FORMAT_VERSION, id: ids('p'), name: init.name ?? path.basename(abs),
        schema: init.schema ?? defaultSchema(), settings: { snapToWords: true }, createdAt: clock().toISOString(),
      };
      await writeFileDurably(path.join(abs, SOURCES_FILE), stableStringify({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources: [] }), fs);
      await fs.writeFile(path.join(abs, '.sourcemark', '.gitignore'), '*\n');
      await writeFileDurably(path.join(abs, PROJECT_FILE), stableStringify(project), fs);
    } catch (e) {
      throw new UserError('write-failed', `Could not create the project in ${abs}: ${describeFsError(e)}.`);
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
    const projectData = await this.readJson(projectPath);
    needsMigration(projectData, projectPath, 'sourcemark-project');
    const parsedProject = ProjectFileSchema.safeParse(projectData);
    if (!parsedProject.success) throw new UserError('damaged', `${projectPath} does not match the project format: ${parsedProject.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const sourcesPath = path.join(this.dir, SOURCES_FILE);
    const sourcesData = existsSync(sourcesPath) ? await this.readJson(sourcesPath) : { type: 'sourcemark-sources', version: FORMAT_VERSION, sources: [] };
    needsMigration(sourcesData, sourcesPath, 'sourcemark-sources');
    const parsedSources = SourcesFileSchema.safeParse(sourcesData);
    if (!parsedSources.success) throw new UserError('damaged', `${sourcesPath} does not match the sources format: ${parsedSources.error.issues[0]?.message}. Restore it from a backup or version control.`);

    const firstOpen = !existsSync(this.meta);
    if (!this.readOnly) await this.lock();
    this.project = durableDb(projectPath, parsedProject.data, this.fs);
    this.sourcesDb = durableDb(sourcesPath, { type: 'sourcemark-sources', version: FORMAT_VERSION, sources: parsedSources.data.sources }, this.fs);
    this.projectWriter = new CoalescingWriter(async (p) => {
      this.project.data = p;
      await this.project.write();
    });
    this.sourcesWriter = new CoalescingWriter(async (sources) => {
      this.sourcesDb.data = { type: 'sourcemark-sources', version: FORMAT_VERSION, sources };
      await this.sourcesDb.write();
    });
    if (!this.readOnly) await this.fs.mkdir(path.join(this.dir, 'articles'), { recursive: true });
    await this.loadIndex(firstOpen);
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
    await this.fs.mkdir(this.meta, { recursive: true });
    const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: this.now() });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.fs.writeFile(this.lockFile, mine, { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw new UserError('write-failed', `Could not lock ${this.dir}: ${describeFsError(e)}.`);
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

  // ---- index ------------------------------------------------------------------------------------

  private get indexFile(): string {
    return path.join(this.meta, 'index.json');
  }

  /** Loads the index, then reconciles it with the article files (new, removed, changed). */
  private async loadIndex(firstOpen: boolean): Promise<void> {
    let cached: IndexFile | undefined;
    try {
      const raw = JSON.parse(readFileSync(this.indexFile, 'utf8')) as IndexFile;
      if (raw.type === 'sourcemark-index' && raw.version === INDEX_VERSION) cached = raw;
    } catch {
      cached = undefined; // missing or unreadable: rebuilt below
    }
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
      const reason = e instanceof UserError ? e.message : describeFsError(e);
      return {
        id, title: id, status: 'todo', counts: {}, links: 0, sources: [], words: 0,
        updatedAt: new Date(mtimeMs).toISOString(), damaged: reason, mtimeMs, size,
      };
    }
  }

  private scheduleIndexWrite(delay = 200): void {
    if (this.readOnly || this.closed) return;
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => void this.writeIndex(), delay);
  }

  private async writeIndex(): Promise<void> {
    clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    if (this.readOnly) return;
    const data: IndexFile = { type: 'sourcemark-index', version: INDEX_VERSION, entries: this.index };
    // The index is a cache: a lost write only costs a rebuild, so it is written without fsync.
    await this.fs.writeFile(this.indexFile + '.tmp', JSON.stringify(data)).then(() => this.fs.rename(this.indexFile + '.tmp', this.indexFile)).catch(() => undefined);
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
      await this.writeArticle(doc);
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

  /** Lists articles from the index: filtered, sorted, paged; with the progress summary. */
  listArticles(q: ListQuery = {}): ArticleList {
    const all = Object.values(this.index);
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
      if (!this.dirty.has(key) && !this.writers.get(key)?.busy) this.docs.delete(key);
    }
  }

  // ---- writing ----------------------------------------------------------------------------------

  private assertWritable(): void {
    if (this.closed) throw new UserError('bad-request', 'The project is closed.');
    if (this.readOnly) throw new UserError('bad-request', 'The project is open read-only.');
  }

  /** Adds a new article (import). Its id must be new. Resolves once it is on disk. */
  async addArticle(doc: ArticleDoc): Promise<void> {
    this.assertWritable();
    const file = this.articleFile(doc.article.id);
    if (this.index[doc.article.id] || existsSync(file)) throw new UserError('exists', `Article ${doc.article.id} already exists.`);
    const parsed = ArticleDocSchema.parse(doc);
    const issues = validateDoc(parsed, this.schema, this.sourceMap());
    if (issues.length) throw new UserError('invalid-operation', `Article "${doc.article.title}" has annotations that do not fit: ${formatIssues(issues)}`);
    this.docs.set(doc.article.id, parsed);
    await this.saveArticle(parsed);
  }

  /** Removes an article: its file moves to `.sourcemark/removed/`, nothing is deleted. */
  async removeArticle(id: string): Promise<void> {
    this.assertWritable();
    const file = this.articleFile(id);
    if (!this.index[id]) throw new UserError('not-found', `Article ${id} does not exist.`);
    await this.writers.get(id)?.idle();
    const aside = path.join(this.meta, 'removed');
    await this.fs.mkdir(aside, { recursive: true });
    await this.fs.rename(file, path.join(aside, `${id}.${this.now().replace(/[:.]/g, '-')}.json`));
    delete this.index[id];
    this.docs.delete(id);
    this.scheduleIndexWrite();
  }

  private writerFor(id: string): CoalescingWriter<ArticleDoc> {
    let w = this.writers.get(id);
    if (!w) {
      w = new CoalescingWriter((doc) => this.writeArticle(doc));
      this.writers.set(id, w);
    }
    return w;
  }

  private async writeArticle(doc: ArticleDoc): Promise<void> {
    const id = doc.article.id;
    const file = this.articleFile(id);
    const now = Date.now();
    const last = this.lastBackup.get(id);
    if ((last === undefined || now - last > BACKUP_INTERVAL_MS) && (await this.backup(id, 'auto'))) this.lastBackup.set(id, now);
    const updatedAt = this.now();
    await writeFileDurably(file, stableStringify({ ...doc, updatedAt }), this.fs);
    const st = statSync(file);
    this.index[id] = { ...summarize(doc, updatedAt), mtimeMs: st.mtimeMs, size: st.size };
    this.scheduleIndexWrite();
  }

  private async saveArticle(doc: ArticleDoc): Promise<void> {
    const id = doc.article.id;
    this.dirty.add(id);
    try {
      await this.writerFor(id).save(doc);
      if (this.docs.get(id) === doc) this.dirty.delete(id);
    } catch (e) {
      throw new UserError('write-failed', `Could not save "${doc.article.title}": ${describeFsError(e)}. Your change is kept in memory; it will be saved with the next change or when you retry.`);
    }
  }

  /** Saves again every article whose last save failed. */
  async retrySaves(): Promise<void> {
    for (const id of [...this.dirty]) {
      const doc = this.docs.get(id);
      if (doc) await this.saveArticle(doc);
    }
  }

  /** Articles with changes not yet on disk. */
  get unsaved(): string[] {
    return [...this.dirty];
  }

  private history(scope: string): History {
    let h = this.histories.get(scope);
    if (!h) {
      h = { undo: [], redo: [] };
      this.histories.set(scope, h);
    }
    return h;
  }

  /**
   * Applies an operation: loads the articles it touches, checks it with the model, then saves
   * what changed. Resolves once every change is on disk. `scope` names the undo history it joins
   * (the article being edited, or "sources").
   */
  async apply(op: Operation, scope = 'project'): Promise<ApplyResult> {
    const { result, inverse, saved } = await this.applyRaw(op);
    const h = this.history(scope);
    h.undo.push({ op, inverse });
    if (h.undo.length > 500) h.undo.shift();
    h.redo = [];
    await saved;
    return result;
  }

  /** Undoes the last operation in `scope`; resolves to undefined when there is nothing to undo. */
  undo(scope = 'project'): Promise<ApplyResult | undefined> {
    return this.step(scope, 'undo', 'redo');
  }

  /** Redoes the last undone operation in `scope`. */
  redo(scope = 'project'): Promise<ApplyResult | undefined> {
    return this.step(scope, 'redo', 'undo');
  }

  /** Applies the inverse on top of one stack and moves the step to the other. */
  private async step(scope: string, from: 'undo' | 'redo', to: 'undo' | 'redo'): Promise<ApplyResult | undefined> {
    const h = this.history(scope);
    const last = h[from].at(-1);
    if (!last) return undefined;
    const { result, inverse, saved } = await this.applyRaw(last.inverse);
    h[from].pop();
    h[to].push({ op: last.inverse, inverse });
    await saved;
    return result;
  }

  /** How many steps can be undone and redone in `scope`. */
  historyDepth(scope = 'project'): { undo: number; redo: number } {
    const h = this.history(scope);
    return { undo: h.undo.length, redo: h.redo.length };
  }

  /** Merges two sources across every article that mentions the one that goes. */
  async mergeSources(keepId: string, goneId: string, scope = 'sources'): Promise<ApplyResult> {
    const state = await this.stateFor(this.articlesMentioning(goneId));
    return this.apply(this.wrap(() => mergeSources(state, keepId, goneId)), scope);
  }

  /** True when the project has an article with this id. */
  hasArticle(id: string): boolean {
    return id in this.index;
  }

  /** The article whose text has this hash, if any (duplicates are skipped on import). */
  articleWithText(hash: string): ArticleSummary | undefined {
    return Object.values(this.index).find((e) => e.textHash === hash && !e.damaged);
  }

  /** Articles whose index lists `sourceId`. */
  articlesMentioning(sourceId: string): string[] {
    return Object.values(this.index).filter((e) => e.sources.includes(sourceId)).map((e) => e.id);
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
   * Loads what `op` needs and applies it in memory, one operation at a time (two edits never
   * read the same old state), then returns the inverse and a promise of the saves.
   */
  private applyRaw(op: Operation): Promise<{ result: ApplyResult; inverse: Operation; saved: Promise<void> }> {
    const run = this.applyQueue.then(() => this.applyInMemory(op));
    this.applyQueue = run.catch(() => undefined);
    return run;
  }

  private applyQueue: Promise<unknown> = Promise.resolve();

  private async applyInMemory(op: Operation): Promise<{ result: ApplyResult; inverse: Operation; saved: Promise<void> }> {
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
    const saves: Promise<void>[] = [];
    const docs: ArticleDoc[] = [];
    for (const id of applied.articles) {
      const doc = applied.state.docs[id]!;
      this.docs.set(id, doc);
      docs.push(doc);
      saves.push(this.saveArticle(doc));
    }
    const result: ApplyResult = { docs };
    if (applied.sources) {
      const sources = Object.values(applied.state.sources).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : 1));
      this.sourcesDb.data = { ...this.sourcesDb.data, sources };
      result.sources = sources;
      saves.push(this.sourcesWriter.save(sources).catch((e: unknown) => {
        throw new UserError('write-failed', `Could not save the sources: ${describeFsError(e)}. Your change is kept in memory.`);
      }));
    }
    if (applied.schema) {
      const project = { ...this.project.data, schema: applied.state.schema };
      this.project.data = project;
      result.schema = project.schema;
      saves.push(this.saveProject(project));
    }
    const saved = Promise.allSettled(saves).then((outcomes) => {
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    });
    return { result, inverse: applied.inverse, saved };
  }

  /** How the whole project uses the schema, from the index (no article is read). */
  schemaUsage(): SchemaUsage {
    const usage: SchemaUsage = { labels: {}, linkTypes: {}, attributes: {} };
    const add = (into: Record<string, number>, from: Record<string, number> | undefined) => {
      for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
    };
    for (const e of Object.values(this.index)) {
      add(usage.labels, e.counts);
      add(usage.linkTypes, e.linkTypes);
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

  private async saveProject(project: ProjectFile): Promise<void> {
    try {
      await this.projectWriter.save(project);
    } catch (e) {
      throw new UserError('write-failed', `Could not save the project settings: ${describeFsError(e)}.`);
    }
  }

  /** Changes the project's name or settings. */
  async updateProject(patch: { name?: string; settings?: Partial<ProjectSettings> }): Promise<void> {
    this.assertWritable();
    const p = this.project.data;
    const next: ProjectFile = { ...p, name: patch.name?.trim() || p.name, settings: { ...p.settings, ...patch.settings } };
    this.project.data = next;
    await this.saveProject(next);
  }

  // ---- backups ----------------------------------------------------------------------------------

  private backupDir(id: string): string {
    return path.join(this.meta, 'backups', id);
  }

  /**
   * Keeps the current file of `id` as a backup, then prunes; false when there is no file yet.
   * A copy, not a hard link: an editor that rewrites the file in place would change both.
   */
  private async backup(id: string, why: 'auto' | 'migrated' | 'damaged'): Promise<boolean> {
    const file = this.articleFile(id);
    if (!existsSync(file)) return false;
    const dir = this.backupDir(id);
    await this.fs.mkdir(dir, { recursive: true });
    const name = `${this.now().replace(/[:.]/g, '-')}${why === 'auto' ? '' : `.${why}`}.json`;
    const target = path.join(dir, name);
    if (!existsSync(target)) await this.fs.copyFile(file, target);
    await this.pruneBackups(id);
    return true;
  }

  /** Backups of an article, newest first. */
  listBackups(id: string): { file: string; time: string }[] {
    const dir = this.backupDir(id);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .map((f) => ({ file: path.join(dir, f), time: f.slice(0, 24).replace(/^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/, '$1T$2:$3:$4.$5Z') }));
  }

  private async pruneBackups(id: string): Promise<void> {
    const all = this.listBackups(id);
    const keep = new Set(all.slice(0, BACKUPS_RECENT).map((b) => b.file));
    const days = new Set<string>();
    for (const b of all) {
      const day = b.time.slice(0, 10);
      if (b.file.includes('.migrated.')) keep.add(b.file);
      if (!days.has(day) && days.size < BACKUPS_DAYS) {
        days.add(day);
        keep.add(b.file);
      }
    }
    for (const b of all) if (!keep.has(b.file)) await this.fs.unlink(b.file).catch(() => undefined);
  }

  /**
   * Restores the newest readable backup of an article. The current file, damaged or not, is
   * moved to `.sourcemark/damaged/` first: nothing overwrites a file the app could not read.
   */
  async restoreBackup(id: string): Promise<{ restoredFrom: string }> {
    this.assertWritable();
    const file = this.articleFile(id);
    await this.writers.get(id)?.idle();
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
      if (existsSync(file)) {
        const aside = path.join(this.meta, 'damaged');
        await this.fs.mkdir(aside, { recursive: true });
        await this.fs.rename(file, path.join(aside, `${id}.${this.now().replace(/[:.]/g, '-')}.json`));
      }
      await writeFileDurably(file, stableStringify(doc), this.fs);
      this.docs.delete(id);
      this.lastBackup.delete(id);
      const st = statSync(file);
      this.index[id] = await this.indexEntryFromFile(id, st.mtimeMs, st.size);
      this.scheduleIndexWrite();
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `Article ${id} has no readable backup to restore.`);
  }

  // ---- closing ----------------------------------------------------------------------------------

  /** Waits until every pending write is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.idle()));
    await this.sourcesWriter.idle();
    await this.projectWriter.idle();
    if (this.indexTimer) await this.writeIndex();
  }

  /** Flushes, writes the index and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    await this.writeIndex();
    this.closed = true;
    clearTimeout(this.indexTimer);
    if (!this.readOnly) await this.fs.unlink(this.lockFile).catch(() => undefined);
  }

  /** Figures for `stats`: articles, spans per label, links, sources, damaged files. */
  stats(): { articles: number; spans: Record<string, number>; links: number; sources: number; damaged: { id: string; reason: string }[]; progress: ArticleList['progress'] } {
    const spans: Record<string, number> = {};
    let links = 0;
    for (const e of Object.values(this.index)) {
      for (const [label, n] of Object.entries(e.counts)) spans[label] = (spans[label] ?? 0) + n;
      links += e.links;
    }
    const damaged = Object.values(this.index).filter((e) => e.damaged).map((e) => ({ id: e.id, reason: e.damaged! }));
    return { articles: Object.keys(this.index).length, spans, links, sources: this.sources.length, damaged, progress: this.listArticles({ limit: 0 }).progress };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
