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
 * Must not: apply operations (apply.ts does) or touch `sourcemark.json` / `sources.json`
 * (registry.ts); every file access goes through the store's injected `FileOps` (durable.ts).
 */

import path from 'node:path';
import { ArticleDocSchema, compareSpans, formatIssues, isSafeId, validateDoc, type ArticleDoc, type ArticleSummary, type ProjectState } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import type { StoreCore } from './core.js';
import { DurableJsonFile, UnreadableFileError, writeFileDurably, type StoreFileOps } from './durable.js';
import { articleKey } from './files.js';
import { INDEX_KEY, damagedEntry, readIndexFile, summarize, writeIndexFile, type IndexEntry, type IndexFile } from './index-file.js';
import { stableStringify } from './json.js';
import { layerDirs, layerFile, listLayerFiles, partsSignature, partsSignatureAfter, readLayers, writeLayerFiles } from './layer-disk.js';
import { LAYERS_DIR, emptyDiskState, joinParts, layerOfDirName, noteArticleOnDisk, planWrite, type DiskState } from './layer-files.js';
import { migrateArticle, needsMigration } from './migrate.js';
import type { ProjectBackups } from './project-backups.js';

/** How many open articles without unsaved changes stay in memory. */
const CACHE_SIZE = 16;

export class ProjectArticles {
  private indexTimer: NodeJS.Timeout | undefined;
  /** What is on disk of each article read or written (layer-files.ts), to write only what changed. */
  private readonly disk = new Map<string, DiskState>();
  /** While the index is loaded: the article files migrated, said in one message at the end (not one per file). */
  private migrated: string[] | undefined;

  constructor(private readonly core: StoreCore, private readonly backups: ProjectBackups) {}

  private get indexFile(): string {
    return path.join(this.core.meta, 'index.json');
  }

  // ---- index ------------------------------------------------------------------------------------

  /** Loads the index, then reconciles it with the article files (new, removed, changed). */
  async loadIndex(firstOpen: boolean): Promise<void> {
    const { core } = this;
    const cached: IndexFile | undefined = readIndexFile(this.indexFile, core.fs); // missing or unreadable: rebuilt below
    const articlesDir = path.join(core.dir, 'articles');
    const names = core.fs.existsSync(articlesDir) ? core.fs.readdirSync(articlesDir) : [];
    const layerFiles = await listLayerFiles(this.core);
    const entries: Record<string, IndexEntry> = {};
    let rebuilt = 0;
    this.migrated = [];
    for (const name of names) {
      if (name.endsWith('.tmp') && name.startsWith('.')) {
        if (!core.readOnly) await core.fs.unlink(path.join(articlesDir, name)).catch(() => undefined);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -5);
      if (!isSafeId(id)) continue;
      const st = core.fs.statSync(path.join(articlesDir, name));
      const parts = partsSignature(this.core, id, layerFiles.get(id) ?? []);
      const known = cached?.entries[id];
      if (known && known.mtimeMs === st.mtimeMs && known.size === st.size && (known.parts ?? '') === parts) {
        entries[id] = known;
        continue;
      }
      rebuilt++;
      entries[id] = { ...(await this.entryFromFile(id, st.mtimeMs, st.size)), parts };
    }
    core.index = entries;
    const migrated = this.migrated;
    this.migrated = undefined;
    if (migrated.length === 1) core.say(migrationMessage(migrated[0]!));
    else if (migrated.length > 1) {
      core.say(`${migrated.length} articles (articles/${migrated[0]}.json and others) were in an older format and have been updated: their annotations are now kept per annotator in ${LAYERS_DIR}/<annotator>/<article>.json; the originals are kept in .sourcemark/backups/<article>/.`);
    }
    const removed = cached ? Object.keys(cached.entries).filter((id) => !entries[id]).length : 0;
    if (!cached && names.length && !firstOpen) core.say(`The article index was missing and has been rebuilt (${Object.keys(entries).length} articles).`);
    if (rebuilt || removed || !cached) this.scheduleIndexWrite(0);
  }

  /** The index entry of article `id` from its file (of that time in ms and size in bytes). */
  private async entryFromFile(id: string, mtimeMs: number, size: number): Promise<IndexEntry> {
    try {
      const doc = await this.readFile(id);
      // Read for its summary only: what is on disk of it is kept for the cached articles alone
      // (a rebuild of 100,000 articles would otherwise keep every one of them in memory).
      if (!this.core.docs.has(id)) this.disk.delete(id);
      return { ...summarize(doc, new Date(mtimeMs).toISOString()), mtimeMs, size };
    } catch (e) {
      return damagedEntry(id, e instanceof UserError ? e.message : describeFsError(e), mtimeMs, size);
    }
  }

  /** The index entry of article `id` read again from its file as it is now. */
  private async entryFromDisk(id: string): Promise<IndexEntry> {
    const st = this.core.fs.statSync(this.core.articleFile(id));
    return { ...(await this.entryFromFile(id, st.mtimeMs, st.size)), parts: partsSignature(this.core, id) };
  }

  /** Reads every indexed article again (after the schema or sources it is checked against changed). */
  async reindexAll(): Promise<void> {
    const { core } = this;
    core.docs.clear();
    this.disk.clear();
    for (const id of Object.keys(core.index)) {
      if (!core.fs.existsSync(core.articleFile(id))) continue;
      core.index[id] = await this.entryFromDisk(id);
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
    return core.saves.enqueue(INDEX_KEY, '.sourcemark/index.json', () => writeIndexFile(core.fs, core.meta, this.indexFile, core.index));
  }

  /**
   * The index as the user sees it: the entries of the files on disk, and for an article whose
   * newest state is still queued (or could not be written), that state. `core.index` itself
   * describes only what is on disk, so the index file never runs ahead of the articles.
   */
  liveEntries(): IndexEntry[] {
    const { core } = this;
    const pending = core.saves.pending.flatMap((k) => {
      const id = /^articles\/(.+)\.json$/.exec(k)?.[1];
      const doc = id === undefined ? undefined : core.docs.get(id);
      return doc ? [doc] : [];
    });
    if (!pending.length) return Object.values(core.index);
    // "Updated" of a state not on disk yet is the time of the listing (the injected clock, read
    // only when something is pending).
    const at = core.now();
    const live = new Map(pending.map((d) => [d.article.id, { ...summarize(d, at), mtimeMs: core.index[d.article.id]?.mtimeMs ?? 0, size: core.index[d.article.id]?.size ?? 0 }]));
    return [...Object.values(core.index).map((e) => live.get(e.id) ?? e), ...[...live.values()].filter((e) => !core.index[e.id])];
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Reads, migrates and validates one article file. Throws a UserError naming the problem. */
  private async readFile(id: string): Promise<ArticleDoc> {
    const { core } = this;
    const file = core.articleFile(id);
    const rel = path.relative(core.dir, file);
    let data: unknown;
    try {
      data = await new DurableJsonFile<unknown>(file, core.fs).read();
    } catch (e) {
      if (e instanceof UnreadableFileError) throw new UserError('damaged', `${rel}: ${e.reason}`);
      throw new UserError('damaged', `${rel}: ${describeFsError(e)}`);
    }
    if (data === null) throw new UserError('not-found', `Article ${id} does not exist.`);
    let migrated = false;
    let disk: DiskState;
    if (needsMigration(data, rel, 'sourcemark-article')) {
      // An article of before layers (format 2 and older) holds every annotation: once migrated,
      // the save below splits it into the layers of the annotators recorded on its spans.
      data = migrateArticle(data as Record<string, unknown>);
      migrated = true;
      disk = emptyDiskState();
    } else {
      const joined = joinParts(id, rel, data as Record<string, unknown>, readLayers(this.core, id));
      data = joined.data;
      disk = joined.disk;
    }
    const parsed = ArticleDocSchema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new UserError('damaged', `${rel} does not match the article format (${first.path.join('.') || 'file'}: ${first.message}).`);
    }
    const doc = parsed.data;
    doc.spans.sort(compareSpans); // one order for the spans of every layer (each layer's own order is kept)
    if (doc.article.id !== id) throw new UserError('damaged', `${rel} holds article "${doc.article.id}", not "${id}".`);
    const issues = validateDoc(doc, core.schema, core.sourceMap());
    if (issues.length) throw new UserError('damaged', `${rel} has annotations that do not fit: ${formatIssues(issues)}`);
    if (!migrated) noteArticleOnDisk(disk, doc);
    // An open article's file state (kept up by its saves) is newer than what a slow read found.
    if (!(this.core.docs.has(id) && this.disk.has(id))) this.disk.set(id, disk);
    if (migrated && !core.readOnly) {
      await this.backups.take(id, 'migrated');
      if (this.migrated) this.migrated.push(id);
      else core.say(migrationMessage(id));
      // Through the queue like every write; a failure (a full disk) stays queued and listed in
      // `unsaved`, and the migrated state is what the app shows meanwhile.
      await this.save(doc).catch(() => undefined);
    }
    return doc;
  }

  /** One article with its annotations. Throws a UserError for a damaged or missing file. */
  async get(id: string): Promise<ArticleDoc> {
    this.core.articleFile(id);
    const cached = this.core.docs.get(id);
    if (cached) return this.touchCache(id, cached);
    if (!this.core.index[id]) throw new UserError('not-found', `Article ${id} does not exist in this project.`);
    const doc = await this.readFile(id);
    // An edit may have cached a newer copy while this read was on its way (read-race.test.ts).
    return this.core.docs.get(id) ?? this.touchCache(id, doc);
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
    return id in this.core.index || (this.core.saves.has(articleKey(id)) && this.core.docs.has(id));
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
    if (!core.index[id]) throw new UserError('not-found', `Article ${id} does not exist.`);
    await core.saves.settled();
    if (core.saves.has(articleKey(id))) throw new UserError('write-failed', `Article ${id} cannot be removed yet: its last change is not saved (${core.saves.lastError?.message ?? 'a save failed'}).`);
    const aside = path.join(core.meta, 'removed');
    await core.fs.mkdir(aside, { recursive: true });
    const stamp = core.now().replace(/[:.]/g, '-');
    await core.fs.rename(file, path.join(aside, `${id}.${stamp}.json`));
    for (const d of layerDirs(this.core)) {
      const layerFile = path.join(core.dir, LAYERS_DIR, d, `${id}.json`);
      if (core.fs.existsSync(layerFile)) await core.fs.rename(layerFile, path.join(aside, `${id}.${stamp}.layer-${d}.json`));
    }
    delete core.index[id];
    core.docs.delete(id);
    this.disk.delete(id);
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
    const st = core.fs.statSync(file);
    core.index[id] = { ...summarize(doc, updatedAt), mtimeMs: st.mtimeMs, size: st.size, parts: partsSignatureAfter(this.core, id, core.index[id]?.parts, plan.after.layers.keys(), plan.write.keys()) };
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
    return this.core.saves.enqueue(articleKey(id), articleKey(id), () => this.write(doc, statusBy));
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
    for (const b of this.backups.list(id)) {
      const doc = readBackup(core.fs, b.file, id);
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
      this.backups.forget(id);
      core.index[id] = await this.entryFromDisk(id);
      this.scheduleIndexWrite();
      core.announce({ articles: [id] });
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `Article ${id} has no readable backup to restore.`);
  }
}

/** What the user is told when article `id` was migrated to one file per layer. */
const migrationMessage = (id: string): string =>
  `articles/${id}.json was in an older format and has been updated (its annotations are now kept per annotator in ${LAYERS_DIR}/<annotator>/${id}.json); the original is kept in .sourcemark/backups/${id}/.`;

/** The article in backup `file` when it is readable (migrated if old) and is article `id`. */
function readBackup(fs: StoreFileOps, file: string, id: string): ArticleDoc | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const parsed = ArticleDocSchema.safeParse(needsMigration(data, file, 'sourcemark-article') ? migrateArticle(data) : data);
    return parsed.success && parsed.data.article.id === id ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
