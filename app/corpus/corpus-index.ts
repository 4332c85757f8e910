/**
 * The corpus of an open project, kept for the corpus pages (issue 21): each article's facts
 * (annotations/analysis/corpus.ts) and a MiniSearch index over titles, texts, notes and source
 * names. Both are persisted in `.sourcemark/search-index.json` (a cache) with a stamp of what
 * they cover (each article's `updatedAt` and the sources' names); opening compares the stamp
 * with the article list and reads again only the articles that changed, were added or went
 * (the whole cache is rebuilt when it is missing, unreadable or of another version). Changes
 * made through the store arrive as change events (`store.onChange`) and update it at once; the
 * file is written a little later, and on close.
 *
 * Uses the store's public methods only (listArticles, getArticle, sources, onChange).
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type MiniSearch from 'minisearch';
import type { Source } from '../../annotations/index.js';
import { factsOf, type ArticleFacts } from '../../annotations/analysis/corpus.js';
import type { ProjectStore } from '../store/project-store.js';
import type { ChangeEvent } from '../store/types.js';
import { filterTexts, hitsIn, indexQuery, loadIndex, mayHavePhrases, newIndex, pairFilter, parseQuery, searchDoc, type SearchDoc, type SearchHit } from './search.js';

/** The cache's file, in the project's `.sourcemark/` folder. */
export const SEARCH_INDEX_FILE = 'search-index.json';
const VERSION = 3;

type CacheFile = { type: 'sourcemark-search-index'; version: number; stamp: Record<string, string>; sources: string; facts: ArticleFacts[]; filters: Record<string, string>; index: unknown };

/** What the index knows of the sources: names and aliases, so a renamed source re-indexes its articles. */
const sourcesStamp = (sources: readonly Source[]): string => JSON.stringify(sources.map((s) => [s.id, s.name, s.aliases]));

/**
 * `limit`: hits at most (100); `articles`: articles read for hits at most (half the limit,
 * at least 10 and at most 20), the best first. The answer's `articles` counts every article
 * that matched.
 */
export type SearchOptions = { label?: string | undefined; sourceId?: string | undefined; limit?: number | undefined; articles?: number | undefined };

export class CorpusIndex {
  readonly facts = new Map<string, ArticleFacts>();
  /** Each article's Bloom filter of neighbouring word pairs, for phrases (search.ts, `pairFilter`). */
  private readonly filters = new Map<string, Uint8Array>();
  /**
   * Article texts read since opening (not persisted; about 5 KB each), so a search whose words
   * matched only in the text finds its places without reading the article again.
   */
  private readonly texts = new Map<string, string>();
  private index: MiniSearch<SearchDoc> = newIndex();
  private stamp: Record<string, string> = {};
  private sourceNames = '';
  private stop: (() => void) | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();
  /** What the last {@link open} did, in words (for logs and tests). */
  lastOpen = '';
  /** Time spent waiting for the store's getArticle (ms, summed), for the benchmark's log. */
  readMs = 0;
  /** Time spent indexing what was read (facts, MiniSearch, pair filter; ms), for the benchmark's log. */
  indexMs = 0;

  private constructor(private readonly store: ProjectStore, private file: string | undefined) {}

  /**
   * The corpus of `store`, from the cache where it is current. `persist: false` keeps it in
   * memory only (a read-only project still gets one, and is never written to).
   */
  static async open(store: ProjectStore, opts: { persist?: boolean; watch?: boolean } = {}): Promise<CorpusIndex> {
    const persist = opts.persist ?? !store.readOnly;
    const c = new CorpusIndex(store, path.join(store.dir, '.sourcemark', SEARCH_INDEX_FILE));
    // Listening from the start: a change made while the corpus is being built is applied after it.
    if (opts.watch ?? true) c.stop = store.onChange((e) => c.onChange(e));
    c.pending = c.load(persist);
    await c.pending;
    if (!persist) c.file = undefined;
    return c;
  }

  private sourceMap(): Map<string, Source> {
    return new Map(this.store.sources.map((s) => [s.id, s]));
  }

  private async load(persist: boolean): Promise<void> {
    const t0 = performance.now();
    let reused = false;
    try {
      const raw = JSON.parse(readFileSync(this.file!, 'utf8')) as CacheFile;
      if (raw.type === 'sourcemark-search-index' && raw.version === VERSION) {
        this.index = loadIndex(JSON.stringify(raw.index));
        this.stamp = raw.stamp;
        this.sourceNames = raw.sources;
        for (const f of raw.facts) this.facts.set(f.id, f);
        for (const [id, b64] of Object.entries(raw.filters)) this.filters.set(id, new Uint8Array(Buffer.from(b64, 'base64')));
        reused = true;
      }
    } catch {
      // Missing or unreadable: a cache, rebuilt below.
    }
    const listed = this.store.allArticles().filter((a) => !a.damaged);
    const current = new Map(listed.map((a) => [a.id, a.updatedAt]));
    const sourcesNow = sourcesStamp(this.store.sources);
    const renamed = reused && sourcesNow !== this.sourceNames;
    const stale = listed.filter((a) => this.stamp[a.id] !== a.updatedAt || (renamed && (this.facts.get(a.id)?.mentions.length ?? 0) > 0)).map((a) => a.id);
    const gone = Object.keys(this.stamp).filter((id) => !current.has(id));
    for (const id of gone) this.forget(id);
    const sources = this.sourceMap();
    // A few reads at a time: the disk works while the last file is parsed.
    for (let i = 0; i < stale.length; i += 8) await Promise.all(stale.slice(i, i + 8).map((id) => this.reindex(id, sources, current.get(id))));
    this.sourceNames = sourcesNow;
    this.lastOpen = reused
      ? `search index: ${stale.length} article(s) re-read, ${gone.length} gone, in ${Math.round(performance.now() - t0)} ms`
      : `search index: built for ${listed.length} article(s) in ${Math.round(performance.now() - t0)} ms (indexing ${Math.round(this.indexMs)} ms; getArticle, 8 at a time, ${Math.round(this.readMs)} ms summed)`;
    // Written a moment later (a few seconds of work at 10,000 articles), so the corpus is usable at once.
    if (persist && (!reused || stale.length || gone.length || renamed)) this.scheduleSave(this.file!, 1000);
  }

  private forget(id: string): void {
    if (this.index.has(id)) this.index.discard(id);
    this.facts.delete(id);
    this.filters.delete(id);
    this.texts.delete(id);
    delete this.stamp[id];
  }

  /** Reads article `id` again and indexes it (forgets it when it is gone or damaged); `listedAt`: its time in the article list. */
  private async reindex(id: string, sources: ReadonlyMap<string, Source>, listedAt?: string): Promise<void> {
    let doc;
    const t0 = performance.now();
    try {
      doc = await this.store.getArticle(id);
    } catch {
      this.forget(id);
      return;
    } finally {
      this.readMs += performance.now() - t0;
    }
    // The list's time when known (opening); else the document's, which at worst makes the next open read it again.
    const updatedAt = listedAt ?? doc.updatedAt ?? '';
    if (this.index.has(id)) this.index.discard(id);
    const t1 = performance.now();
    const indexed = searchDoc(doc, sources);
    this.index.add(indexed);
    this.filters.set(id, pairFilter(filterTexts(indexed)));
    this.texts.set(id, doc.article.text);
    this.facts.set(id, factsOf(doc, this.store.schema, updatedAt));
    this.stamp[id] = updatedAt;
    this.indexMs += performance.now() - t1;
  }

  /** Updates the corpus after a change (articles edited, added or removed; sources renamed). */
  private onChange(e: ChangeEvent): void {
    this.pending = this.pending.then(async () => {
      const sources = this.sourceMap();
      const ids = new Set(e.articles);
      if (e.sources) {
        const now = sourcesStamp(this.store.sources);
        if (now !== this.sourceNames) for (const [id, f] of this.facts) if (f.mentions.length) ids.add(id);
        this.sourceNames = now;
      }
      if (e.schema) for (const id of this.facts.keys()) ids.add(id);
      for (const id of ids) await this.reindex(id, sources);
      this.scheduleSave();
    }).catch(() => undefined);
  }

  /** Resolves once every change heard so far is in the corpus. */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Indexes article `id` again now (what a change event does), resolving when done. */
  async refresh(ids: readonly string[]): Promise<void> {
    const sources = this.sourceMap();
    for (const id of ids) await this.reindex(id, sources);
    this.scheduleSave();
  }

  private scheduleSave(file = this.file, ms = 3000): void {
    if (!file) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.writeNow(), ms);
    this.saveTimer.unref();
  }

  /** Writes the cache file (temporary file, then renamed over it). A failure only costs a rebuild. */
  writeNow(): void {
    if (!this.file) return;
    clearTimeout(this.saveTimer);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const filters = Object.fromEntries([...this.filters].map(([id, bits]) => [id, Buffer.from(bits).toString('base64')]));
      const body: CacheFile = { type: 'sourcemark-search-index', version: VERSION, stamp: this.stamp, sources: this.sourceNames, facts: [...this.facts.values()], filters, index: this.index.toJSON() };
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify(body));
      renameSync(tmp, this.file);
    } catch {
      // A cache: the next open rebuilds what it could not read.
    }
  }

  /** Every article's facts. */
  all(): ArticleFacts[] {
    return [...this.facts.values()];
  }

  /** Hits of `query` in the corpus: the best articles first, hits in text order within each; `articles`: how many matched. */
  async search(query: string, opts: SearchOptions = {}): Promise<{ hits: SearchHit[]; articles: number }> {
    const parts = parseQuery(query);
    if (!parts.length) return { hits: [], articles: 0 };
    const phrases = parts.filter((p) => p.words.length > 1);
    const results = this.index.search(indexQuery(parts), {
      boost: { title: 2 },
      filter: (r) => {
        const id = String(r.id);
        if (phrases.length && !mayHavePhrases(this.filters.get(id), phrases)) return false;
        return !opts.sourceId || !!this.facts.get(id)?.mentions.some((m) => m.sourceId === opts.sourceId);
      },
    });
    const limit = opts.limit ?? 100;
    const sources = this.sourceMap();
    const hits: SearchHit[] = [];
    const best = results.slice(0, opts.articles ?? Math.max(10, Math.min(20, Math.ceil(limit / 2))));
    // A few articles at a time (the disk works while the last one is searched), the best first, until the limit.
    // The text alone when the words matched only there (no label asked): no need to read the article.
    const place = (r: (typeof best)[number]) => {
      const id = String(r.id);
      const text = this.texts.get(id);
      const facts = this.facts.get(id);
      const inSpans = Object.values(r.match).some((fields) => fields.includes('annotations') || fields.includes('sources'));
      if (text !== undefined && facts && !opts.label && !inSpans) return Promise.resolve({ article: { id, title: facts.title, text }, spans: [] });
      return this.store.getArticle(id).then((doc) => {
        this.texts.set(id, doc.article.text);
        return doc;
      }, () => undefined);
    };
    for (let i = 0; i < best.length && hits.length < limit; i += 4) {
      const docs = await Promise.all(best.slice(i, i + 4).map(place));
      for (const doc of docs) if (doc && hits.length < limit) hits.push(...hitsIn(doc, parts, sources, Math.min(10, limit - hits.length), opts.label));
    }
    return { hits, articles: results.length };
  }

  /** Stops listening and writes the cache. */
  close(): void {
    this.stop?.();
    this.stop = undefined;
    if (this.saveTimer) this.writeNow();
  }
}
