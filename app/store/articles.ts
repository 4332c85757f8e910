/**
 * The articles of an open project: their index (a cache of summaries, reconciled with the files on
 * opening and written through the save queue), the cache of open documents, reading (with migration
 * and validation), the writers that queue each article's save, adding, removing and restoring.
 *
 * An article is kept as one file for the article and one per layer (layer-files.ts): saving an
 * annotation rewrites only the files of the layers it changes. Open articles are cached; the rest
 * are known only by their index entries, so memory does not grow with the corpus. An index entry
 * records the time and size of every file of its article, so a file changed behind the app's back
 * (a `git pull`, a folder sync) is read again on opening.
 *
 * Over 400 lines: the index, the cache of open articles, their file states on disk and in the
 * desk's journal are four maps every read and write here keeps in step; split, each part would
 * reach into the others' maps.
 *
 * Must not: apply operations (apply.ts does) or touch `sourcemark.json` / `sources.json`
 * (registry.ts); every file access goes through the store's injected `FileOps` (durable.ts).
 */

import path from 'node:path';
import { ArticleDocSchema, formatIssues, validateDoc, type ArticleDoc, type ArticleSummary, type ProjectState } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import type { StoreCore } from './core.js';
import { writeFileDurably } from './durable.js';
import { articleKey } from './files.js';
import { INDEX_KEY, OLD_INDEX_KEY, damagedEntry, liveEntries, readIndexFile, summarize, writeIndexFile, type IndexEntry, type IndexFile } from './index-file.js';
import { stableStringify } from './json.js';
import { layerDirs, layerFile, partsSignature, partsSignatureAfter, planImages, readLayers, writeLayerFiles } from './layer-disk.js';
import type { Image } from './journal.js';
import { LAYERS_DIR, emptyDiskState, layerOfDirName, planWrite, type DiskState } from './layer-files.js';
import { articleData, articleFromFiles, articleReadFailure, backupArticle } from './article-read.js';
import { articlesInTurn } from './index-pool.js';
import { checkIndexFiles, takeChecked } from './index-check.js';
import { migrationMessage, needsMigration } from './migrate.js';
import type { ProjectBackups } from './project-backups.js';

/** How many open articles without unsaved changes stay in memory. */
const CACHE_SIZE = 16;
/** From how many articles an index may be checked against the files after opening (`checkIndexLater`). */
const CHECK_LATER_FROM = 2000;

export class ProjectArticles {
  private indexTimer: NodeJS.Timeout | undefined;
  /** What is on disk of each article read or written (layer-files.ts), to write only what changed. */
  private readonly disk = new Map<string, DiskState>();
  /** With the desk's journal: the state of each article as last journaled, while its files are behind it (journal.ts). */
  private readonly journaled = new Map<string, DiskState>();
  /** While the index is loaded: the article files migrated, said in one message at the end (not one per file). */
  private migrated: string[] | undefined;
  /** The check of an index opened as last written (see {@link loadIndex}). */
  private checking: Promise<void> = Promise.resolve();
  /** While that check runs: the articles whose entries the store changed meanwhile (theirs stand). */
  private touched: Set<string> | undefined;

  constructor(private readonly core: StoreCore, private readonly backups: ProjectBackups) {}

  // ---- index ------------------------------------------------------------------------------------

  /**
   * Loads the index, then reconciles it with the article files (new, removed, changed). A store
   * opened with `checkIndexLater` uses a large project's index as last written at once and checks
   * it in the background.
   */
  async loadIndex(firstOpen: boolean): Promise<void> {
    const { core } = this;
    const cached: IndexFile | undefined = readIndexFile(path.join(core.dir, INDEX_KEY), core.fs); // missing or unreadable: rebuilt below
    if (cached && core.checkIndexLater && cached.entries.size >= CHECK_LATER_FROM) {
      core.index = cached.entries;
      this.touched = new Set();
      this.checking = this.checkLater(cached).finally(() => (this.touched = undefined));
      return;
    }
    this.migrated = [];
    const { entries, read, files } = await checkIndexFiles(core, cached, this.entryFromFile);
    core.index = entries;
    this.sayMigrated();
    const old = path.join(core.dir, OLD_INDEX_KEY);
    const upgraded = !cached && core.fs.existsSync(old);
    if (upgraded && !core.readOnly) await core.fs.unlink(old).catch(() => undefined); // a cache: its replacement is written below
    if (!cached && files && !firstOpen) core.say(upgraded ? `The article index has been rebuilt in this version's form (${entries.size} articles).` : `The article index was missing and has been rebuilt (${entries.size} articles).`);
    if (read || !cached || [...cached.entries.keys()].some((id) => !entries.has(id))) this.scheduleIndexWrite(0);
  }

  /** Says which articles loading the index migrated, in one message. */
  private sayMigrated(): void {
    const migrated = this.migrated ?? [];
    this.migrated = undefined;
    if (migrated.length) this.core.say(migrationMessage(migrated.sort())); // read side by side: named in a fixed order
  }

  /**
   * Checks the index opened as last written against the files, in slices: what changed behind
   * the app's back is read and taken in, except for the articles changed through the store
   * meanwhile (theirs is newer), and announced so open pages show it.
   */
  private async checkLater(cached: IndexFile): Promise<void> {
    const { core } = this;
    try {
      await new Promise((r) => setImmediate(r)); // the opening returns first (the folder's listing alone is a long step)
      this.migrated = [];
      const { entries } = await checkIndexFiles(core, cached, this.entryFromFile, () => this.touched === undefined);
      if (this.touched === undefined) return; // closed meanwhile: the next opening checks again
      const changed = takeChecked(core.index, entries, this.touched);
      this.sayMigrated();
      if (changed.length) {
        this.scheduleIndexWrite(0);
        core.announce({ articles: changed });
      }
    } catch (e) {
      core.say(`The article index could not be checked against the article files: ${e instanceof Error ? e.message : String(e)}. Open the project again to check it.`);
    }
  }

  /** Resolves once the index opened as last written is checked against the files; `stop`: end the check without taking in what it found (on close). */
  checked(stop = false): Promise<void> {
    if (stop) this.touched = undefined;
    return this.checking;
  }

  /** The index entry of article `id` from its file (of that time in ms and size in bytes; `dirs`: its layer folders, when known). */
  private readonly entryFromFile = async ([id, dirs, mtimeMs, size]: readonly [string, readonly string[] | undefined, number, number]): Promise<IndexEntry> => {
    try {
      const doc = await this.readFile(id, { summary: true, dirs });
      return { ...summarize(doc, new Date(mtimeMs).toISOString()), mtimeMs, size };
    } catch (e) {
      return damagedEntry(id, e instanceof UserError ? e.message : describeFsError(e), mtimeMs, size);
    }
  };

  /** The index entry of article `id` read again from its file as it is now. */
  private async entryFromDisk(id: string): Promise<IndexEntry> {
    const st = this.core.fs.statSync(this.core.articleFile(id));
    return { ...(await this.entryFromFile([id, undefined, st.mtimeMs, st.size])), parts: partsSignature(this.core, id) };
  }

  /** Reads every indexed article again (after the schema or sources it is checked against changed). */
  async reindexAll(): Promise<void> {
    const { core } = this;
    core.docs.clear();
    this.disk.clear();
    this.journaled.clear();
    for (const id of [...core.index.keys()]) {
      if (!core.fs.existsSync(core.articleFile(id))) continue;
      this.touched?.add(id);
      core.index.set(id, await this.entryFromDisk(id));
    }
    this.scheduleIndexWrite();
  }

  /** Writes the index `delay` ms from now (a burst of saves becomes one write). */
  scheduleIndexWrite(delay = 200): void {
    if (this.core.readOnly || this.core.closed) return;
    clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => void this.writeIndex().catch(() => undefined), delay);
  }

  /** True while an index write is scheduled and not yet queued. */
  get indexWriteScheduled(): boolean {
    return this.indexTimer !== undefined;
  }

  /** Cancels a scheduled index write (on close). */
  stopIndexTimer(): void {
    clearTimeout(this.indexTimer);
  }

  /** Queues a write of the index behind every change queued so far. */
  writeIndex(): Promise<void> {
    const { core } = this;
    clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    if (core.readOnly) return Promise.resolve();
    // The index is a cache: a lost write only costs a rebuild, so it is written without fsync,
    // but through the same queue, so it never describes files that are not on disk yet.
    return core.saves.enqueue(INDEX_KEY, INDEX_KEY, () => writeIndexFile(core.fs, core.meta, path.join(core.dir, INDEX_KEY), core.index));
  }

  /** The index as the user sees it (see {@link liveEntries} in index-file.ts). */
  liveEntries(): IndexEntry[] {
    return liveEntries(this.core);
  }

  // ---- reading ----------------------------------------------------------------------------------

  /**
   * Reads, migrates and validates one article file. Throws a UserError naming the problem.
   * `summary`: read for its summary only, so what is on disk of it is kept for the cached articles
   * alone (a rebuild of 100,000 articles would otherwise keep every one of them in memory) and its
   * layers' texts are not made. `dirs`: the layer folders that hold its files, when known.
   */
  private async readFile(id: string, { summary = false, dirs }: { summary?: boolean; dirs?: readonly string[] | undefined } = {}): Promise<ArticleDoc> {
    const { core } = this;
    const file = core.articleFile(id);
    const rel = path.relative(core.dir, file);
    const data = articleData(id, rel, await core.fs.readFile(file, 'utf8').catch((e: unknown) => {
      throw articleReadFailure(id, rel, e);
    }));
    // An article of before layers (format 2 and older) holds every annotation: once migrated,
    // the save below splits it into the layers of the annotators recorded on its spans.
    const migrated = needsMigration(data, rel, 'sourcemark-article');
    const keep = migrated || !summary || core.docs.has(id);
    const layers = migrated ? [] : await readLayers(core, id, dirs);
    const read = articleFromFiles(id, rel, data, layers, migrated, { schema: core.schema, sources: core.sourceMap() }, keep);
    const doc = read.doc;
    if (!keep) return doc;
    // An open article's file state (kept up by its saves) is newer than what a slow read found.
    if (!(this.core.docs.has(id) && this.disk.has(id))) this.disk.set(id, read.disk ?? emptyDiskState());
    if (migrated && !core.readOnly) {
      await this.backups.take(id, 'migrated');
      if (this.migrated) this.migrated.push(id);
      else core.say(migrationMessage([id]));
      // Through the queue like every write; a failure (a full disk) stays queued and listed in
      // `unsaved`, and the migrated state is what the app shows meanwhile.
      await this.save(doc).catch(() => undefined);
      if (summary && !core.docs.has(id)) this.disk.delete(id); // saved: read for its summary, it keeps nothing
    }
    return doc;
  }

  /** One article with its annotations. Throws a UserError for a damaged or missing file. */
  async get(id: string): Promise<ArticleDoc> {
    const cached = this.core.docs.get(id);
    if (cached) return this.touchCache(id, cached);
    const doc = await this.readIndexed(id, false);
    // An edit may have cached a newer copy while this read was on its way (read-race.test.ts).
    return this.core.docs.get(id) ?? this.touchCache(id, doc);
  }

  /**
   * One article for a pass over many (export): the open copy when there is one, else read
   * without being kept (the cache stays as it was) or its state on disk made.
   */
  async peek(id: string): Promise<ArticleDoc> {
    return this.core.docs.get(id) ?? (await this.readIndexed(id, true));
  }

  /** Article `id`, which the index must list, read from its files (see {@link readFile} for `summary`); the open copy if an edit made one meanwhile. */
  private async readIndexed(id: string, summary: boolean): Promise<ArticleDoc> {
    this.core.articleFile(id);
    if (!this.core.index.has(id)) throw new UserError('not-found', `Article ${id} does not exist in this project.`);
    const doc = await this.readFile(id, { summary });
    return this.core.docs.get(id) ?? doc;
  }

  /** The articles `ids` in turn, each as {@link peek} gives it, read on threads when there are many (index-pool.ts). */
  inTurn(ids: readonly string[]): AsyncGenerator<ArticleDoc> {
    return articlesInTurn(this.core, ids, (id) => this.peek(id));
  }

  /** Puts `doc` at the fresh end of the cache (evicting the stalest without unsaved changes); returns it. */
  private touchCache(id: string, doc: ArticleDoc): ArticleDoc {
    const { docs, saves } = this.core;
    docs.delete(id);
    docs.set(id, doc);
    for (const key of docs.keys()) {
      if (docs.size <= CACHE_SIZE) break;
      if (!saves.has(articleKey(key))) {
        docs.delete(key);
        this.disk.delete(key);
        this.journaled.delete(key);
      }
    }
    return doc;
  }

  /** The state an operation on these articles applies to: them, the schema and the sources. */
  async stateFor(articleIds: readonly string[]): Promise<ProjectState> {
    const docs: Record<string, ArticleDoc> = {};
    for (const id of articleIds) docs[id] = await this.get(id);
    return { schema: this.core.schema, sources: this.core.sourceMap(), docs };
  }

  /** True when the project has an article with this id. */
  has(id: string): boolean {
    return this.core.index.has(id) || (this.core.saves.has(articleKey(id)) && this.core.docs.has(id));
  }

  /** The article whose text has this hash, if any (duplicates are skipped on import). */
  withText(hash: string): ArticleSummary | undefined {
    return this.liveEntries().find((e) => e.textHash === hash && !e.damaged);
  }

  /** Articles whose index lists `sourceId`. */
  mentioning(sourceId: string): string[] {
    return this.liveEntries().filter((e) => e.sources.includes(sourceId)).map((e) => e.id);
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Adds a new article (import). Its id must be new. Resolves once it is on disk. */
  async add(doc: ArticleDoc): Promise<void> {
    const { core } = this;
    core.assertWritable();
    const file = core.articleFile(doc.article.id);
    if (this.has(doc.article.id) || core.fs.existsSync(file)) throw new UserError('exists', `Article ${doc.article.id} already exists.`);
    const parsed = ArticleDocSchema.parse(doc);
    const issues = validateDoc(parsed, core.schema, core.sourceMap());
    if (issues.length) throw new UserError('invalid-operation', `Article "${doc.article.title}" has annotations that do not fit: ${formatIssues(issues)}`);
    core.docs.set(doc.article.id, parsed);
    this.disk.set(doc.article.id, emptyDiskState());
    const saved = this.save(parsed);
    core.announce({ articles: [doc.article.id] });
    await saved;
  }

  /** Removes an article: its file moves to `.sourcemark/removed/`, nothing is deleted. */
  async remove(id: string): Promise<void> {
    const { core } = this;
    core.assertWritable();
    const file = core.articleFile(id);
    if (!core.index.has(id)) throw new UserError('not-found', `Article ${id} does not exist.`);
    await core.saves.settled();
    if (core.saves.has(articleKey(id))) throw new UserError('write-failed', `Article ${id} cannot be removed yet: its last change is not saved (${core.saves.lastError?.message ?? 'a save failed'}).`);
    await core.saves.releaseJournal(); // what the journal holds of it is in its files: nothing brings it back after a crash
    const aside = path.join(core.meta, 'removed');
    await core.fs.mkdir(aside, { recursive: true });
    const stamp = core.now().replace(/[:.]/g, '-');
    await core.fs.rename(file, path.join(aside, `${id}.${stamp}.json`));
    for (const d of layerDirs(this.core)) {
      const layerFile = path.join(core.dir, LAYERS_DIR, d, `${id}.json`);
      if (core.fs.existsSync(layerFile)) await core.fs.rename(layerFile, path.join(aside, `${id}.${stamp}.layer-${d}.json`));
    }
    this.touched?.add(id);
    core.index.delete(id);
    core.docs.delete(id);
    this.disk.delete(id);
    this.journaled.delete(id);
    this.scheduleIndexWrite();
    core.announce({ articles: [id] });
  }

  /**
   * Writes one article's state now (called by the save queue), with its backup when due: only the
   * files it changes (the article file, the files of the layers whose annotations or status
   * changed). A status change is written to `statusBy`'s layer (layer-files.ts).
   */
  private async write(doc: ArticleDoc, statusBy: string | undefined): Promise<void> {
    const { core } = this;
    const id = doc.article.id;
    const file = core.articleFile(id);
    const disk = this.disk.get(id) ?? (await this.diskNow(id));
    // The backup is the whole article as on disk, every layer in one document (none for a new one).
    if (disk.doc) await this.backups.ifDue(id, () => stableStringify(disk.doc));
    const updatedAt = core.now();
    const plan = planWrite(doc, disk, statusBy, updatedAt);
    await writeLayerFiles(core, id, plan.write, updatedAt);
    for (const layer of plan.remove) await core.fs.unlink(layerFile(this.core, id, layer)).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
    // The article file last: a new article is listed only once its annotations are on disk.
    if (plan.article !== undefined) await writeFileDurably(file, plan.article, core.fs);
    this.disk.set(id, plan.after);
    if (this.journaled.get(id)?.doc === doc) this.journaled.delete(id); // the files have caught up with the journal
    const st = core.fs.statSync(file);
    this.touched?.add(id);
    core.index.set(id, { ...summarize(doc, updatedAt), mtimeMs: st.mtimeMs, size: st.size, parts: partsSignatureAfter(this.core, id, core.index.get(id)?.parts, plan.after.layers.keys(), plan.write.keys()) });
    this.scheduleIndexWrite();
  }

  /** What is on disk of article `id` now (an article not read this session, or a file damaged). */
  private async diskNow(id: string): Promise<DiskState> {
    try {
      await this.readFile(id);
      return this.disk.get(id) ?? emptyDiskState();
    } catch {
      // Unreadable: every file is written again, and each layer file found is replaced.
      const disk = emptyDiskState();
      for (const d of layerDirs(this.core)) if (this.core.fs.existsSync(path.join(this.core.dir, LAYERS_DIR, d, `${id}.json`))) disk.layers.set(layerOfDirName(d)!, '');
      return disk;
    }
  }

  /** Queues the save of one article's state; resolves once it is on disk. `statusBy`: who set its status (see {@link write}). */
  save(doc: ArticleDoc, statusBy?: string): Promise<void> {
    const id = doc.article.id;
    return this.core.saves.enqueue(articleKey(id), articleKey(id), () => this.write(doc, statusBy), this.core.saves.journaled ? this.journalImages(doc, statusBy) : undefined);
  }

  /**
   * The new texts of the files a save of `doc` changes, against the article's state as last
   * journaled (or as on disk), for the desk's journal (journal.ts); undefined when that state is
   * not known (an article not read this session: its save is acknowledged once written).
   */
  private journalImages(doc: ArticleDoc, statusBy: string | undefined): Image[] | undefined {
    const { core } = this;
    const id = doc.article.id;
    const from = this.journaled.get(id) ?? this.disk.get(id);
    if (!from) return undefined;
    const now = core.now();
    const plan = planWrite(doc, from, statusBy, now);
    this.journaled.set(id, plan.after);
    return planImages(core, id, plan, now);
  }

  /**
   * Restores the newest readable backup of article `id`. The current file, damaged or not, is
   * kept in `.sourcemark/damaged/` first: nothing overwrites a file the app could not read.
   */
  async restore(id: string): Promise<{ restoredFrom: string }> {
    const { core } = this;
    core.assertWritable();
    const file = core.articleFile(id);
    await core.saves.settled();
    if (core.saves.has(articleKey(id))) throw new UserError('write-failed', `Article ${id} has a change that is not saved yet; save it (retry) before restoring a backup.`);
    await core.saves.releaseJournal();
    for (const b of this.backups.list(id)) {
      const doc = backupArticle(() => core.fs.readFileSync(b.file, 'utf8'), b.file, id);
      if (!doc) continue;
      await this.backups.setAside(file, id);
      const disk = emptyDiskState();
      for (const d of layerDirs(this.core)) {
        const layerFile = path.join(core.dir, LAYERS_DIR, d, `${id}.json`);
        if (!core.fs.existsSync(layerFile)) continue;
        await this.backups.setAside(layerFile, `${id}.layer-${d}`);
        disk.layers.set(layerOfDirName(d)!, '');
      }
      this.disk.set(id, disk);
      await this.write(doc, undefined);
      core.docs.delete(id);
      this.disk.delete(id);
      this.journaled.delete(id);
      this.backups.forget(id);
      this.touched?.add(id);
      core.index.set(id, await this.entryFromDisk(id));
      this.scheduleIndexWrite();
      core.announce({ articles: [id] });
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `Article ${id} has no readable backup to restore.`);
  }
}
