/**
 * The article index of a project (`.sourcemark/index.jsonl`): what one entry holds, how an
 * article is summarized into one, how the index file is read and written, and the index as the
 * user sees it (with the states still queued).
 *
 * The index is a cache: it must never be the only copy of anything, and must not be written
 * except through the store's save queue (so it never describes files not on disk yet).
 *
 * The file is JSON Lines, made to open fast at 100,000 articles (issue 22): its first line holds
 * what the article list needs of every article, as columns (ids, titles, statuses, times of the
 * last change, outlets, publication dates, damage), in the list's default order; then one line
 * per article, in the same order, with the rest of its entry (the time and size of its files, its
 * counts, its sources). Opening parses the first line only; an entry's line is parsed the first
 * time something asks for what it holds ({@link IndexRow}), and written again as it was read
 * while nothing asked.
 */

import type { StoreFileOps } from './durable.js';
import type { ArticleDoc, ArticleStatus, ArticleSummary, LayerCounts } from '../../annotations/index.js';
import { inListOrder, summarize } from '../../annotations/index.js';
export { summarize, textHash } from '../../annotations/index.js';

export const INDEX_VERSION = 8; // 4: event types counted per article; 5: layer files (`parts`); 6: counts per layer; 7: compact entries; 8: JSON Lines, the list's columns first
export const INDEX_KEY = '.sourcemark/index.jsonl';
/** The index of versions 1-7 (one JSON document): removed when a project opened for writing rebuilds it. */
export const OLD_INDEX_KEY = '.sourcemark/index.json';

/**
 * An article's summary with the time and size of its article file, and `parts`: the folder, time
 * and size of each of its layer files (so a layer changed by `git pull` is read again on opening).
 */
export type IndexEntry = ArticleSummary & { mtimeMs: number; size: number; parts?: string | undefined };
/** The entries of the index by article id. */
export type Index = Map<string, IndexEntry>;
export type IndexFile = { entries: Index };

/** What an entry's own line holds: all of it but the list's columns. */
type Rest = Omit<IndexEntry, 'id' | 'title' | 'status' | 'updatedAt' | 'outlet' | 'published' | 'damaged' | 'counts' | 'sources'> & { counts?: Record<string, number>; sources?: string[] };
/** The first line of the index file. */
type Head = {
  type: 'sourcemark-index'; version: number; statuses: ArticleStatus[];
  id: string[]; title: string[]; status: number[]; updatedAt: string[];
  /** By the article's place in the columns, for the articles that have one. */
  outlet: Record<string, string>; published: Record<string, string>; damaged: Record<string, string>;
};

/** Shared by the entries read without them: nothing changes an entry in place (a new one replaces it). */
const NO_COUNTS: Record<string, number> = Object.freeze({}) as Record<string, number>;
const NO_SOURCES: string[] = Object.freeze([]) as unknown as string[];
/** An entry's line that cannot be parsed: a time no file has, so the next check reads the article again. */
const UNREADABLE: Rest = Object.freeze({ mtimeMs: -1, size: -1, links: 0, words: 0 });

/** What few entries have, kept apart from what every entry has. */
type Extra = { outlet?: string | undefined; published?: string | undefined; damaged?: string | undefined };

/** The entries' own lines of an index file as read: parsed one by one when asked. */
class IndexLines {
  /** `starts[i]`: where line i begins; `starts[n]`: the end of the last line and its newline. */
  constructor(private readonly buf: Buffer, private readonly starts: Float64Array) {}
  raw(i: number): Buffer {
    return this.buf.subarray(this.starts[i]!, this.starts[i + 1]! - 1);
  }
  parse(i: number): Rest {
    try {
      const rest = JSON.parse(this.buf.toString('utf8', this.starts[i]!, this.starts[i + 1]! - 1)) as Rest;
      return typeof rest === 'object' && rest !== null && typeof rest.mtimeMs === 'number' ? rest : UNREADABLE;
    } catch {
      return UNREADABLE;
    }
  }
}

/**
 * The entry of one article as read from the index file: what the list needs at once, the rest
 * parsed from its line the first time it is asked for. An entry is never changed in place, and
 * its getters are not its own properties: spread or serialise a {@link summaryOf} it, not it.
 */
export class IndexRow implements IndexEntry {
  readonly #lines: IndexLines;
  readonly #at: number;
  readonly #extra: Extra | undefined;
  #rest: Rest | undefined;
  constructor(readonly id: string, readonly title: string, readonly status: ArticleStatus, readonly updatedAt: string, extra: Extra | undefined, lines: IndexLines, at: number) {
    this.#extra = extra;
    this.#lines = lines;
    this.#at = at;
  }
  private get rest(): Rest {
    return (this.#rest ??= this.#lines.parse(this.#at));
  }
  /** Its line as read, while nothing asked for what it holds (so a write copies it as it is). */
  get unparsed(): Buffer | undefined {
    return this.#rest ? undefined : this.#lines.raw(this.#at);
  }
  /** The time and size of its files, without keeping its line parsed (the check after opening asks for every article's). */
  stamp(): Pick<IndexEntry, 'mtimeMs' | 'size' | 'parts'> {
    return this.#rest ?? this.#lines.parse(this.#at);
  }
  get outlet(): string | undefined { return this.#extra?.outlet; }
  get published(): string | undefined { return this.#extra?.published; }
  get damaged(): string | undefined { return this.#extra?.damaged; }
  get mtimeMs(): number { return this.rest.mtimeMs; }
  get size(): number { return this.rest.size; }
  get parts(): string | undefined { return this.rest.parts; }
  get counts(): Record<string, number> { return this.rest.counts ?? NO_COUNTS; }
  get layerCounts(): Record<string, LayerCounts> | undefined { return this.rest.layerCounts; }
  get links(): number { return this.rest.links; }
  get linkTypes(): Record<string, number> | undefined { return this.rest.linkTypes; }
  get eventTypes(): Record<string, number> | undefined { return this.rest.eventTypes; }
  get attributes(): Record<string, number> | undefined { return this.rest.attributes; }
  get textHash(): string | undefined { return this.rest.textHash; }
  get sources(): string[] { return this.rest.sources ?? NO_SOURCES; }
  get words(): number { return this.rest.words; }
}

/** The time and size of the files of the article of `e` (of an entry read from the file, without keeping its line parsed). */
export const stampOf = (e: IndexEntry): Pick<IndexEntry, 'mtimeMs' | 'size' | 'parts'> => (e instanceof IndexRow ? e.stamp() : e);

/** `e` as a plain summary (what the list answers): its own properties, whatever kind of entry it is. */
export function summaryOf(e: IndexEntry): ArticleSummary {
  const s: ArticleSummary = { id: e.id, title: e.title, status: e.status, counts: e.counts, links: e.links, sources: e.sources, words: e.words, updatedAt: e.updatedAt };
  if (e.outlet !== undefined) s.outlet = e.outlet;
  if (e.published !== undefined) s.published = e.published;
  if (e.layerCounts !== undefined) s.layerCounts = e.layerCounts;
  if (e.linkTypes !== undefined) s.linkTypes = e.linkTypes;
  if (e.eventTypes !== undefined) s.eventTypes = e.eventTypes;
  if (e.attributes !== undefined) s.attributes = e.attributes;
  if (e.textHash !== undefined) s.textHash = e.textHash;
  if (e.damaged !== undefined) s.damaged = e.damaged;
  return s;
}

const NEWLINE = 10;

/** The index file at `file` when it is readable, whole and of the current version, else undefined. */
export function readIndexFile(file: string, fs: StoreFileOps): IndexFile | undefined {
  try {
    const buf = fs.readFileSync(file);
    const end = buf.indexOf(NEWLINE);
    if (end < 0) return undefined;
    const head = JSON.parse(buf.toString('utf8', 0, end)) as Head;
    if (head.type !== 'sourcemark-index' || head.version !== INDEX_VERSION) return undefined;
    const n = head.id.length;
    if (head.title.length !== n || head.status.length !== n || head.updatedAt.length !== n) return undefined;
    // Where each entry's line starts; a file with fewer or more lines is not the one written.
    const starts = new Float64Array(n + 1);
    let at = end + 1;
    for (let i = 0; i < n; i++) {
      starts[i] = at;
      const nl = buf.indexOf(NEWLINE, at);
      if (nl < 0) return undefined;
      at = nl + 1;
    }
    starts[n] = at;
    if (at !== buf.length) return undefined;
    const lines = new IndexLines(buf, starts);
    const entries: Index = new Map();
    for (let i = 0; i < n; i++) {
      const o = head.outlet[i], p = head.published[i], d = head.damaged[i];
      const extra = o === undefined && p === undefined && d === undefined ? undefined : { outlet: o, published: p, damaged: d };
      entries.set(head.id[i]!, new IndexRow(head.id[i]!, head.title[i]!, head.statuses[head.status[i]!]!, head.updatedAt[i]!, extra, lines, i));
    }
    return entries.size === n ? { entries } : undefined;
  } catch {
    return undefined; // missing or unreadable: rebuilt by the caller
  }
}

const isEmpty = (o: object | undefined): boolean => {
  for (const _ in o) return false;
  return true;
};

/** The line of `e`: all but the list's columns, without empty counts, lists of types and sources. */
function restLine(e: IndexEntry): Buffer {
  if (e instanceof IndexRow) {
    const unparsed = e.unparsed;
    if (unparsed) return unparsed;
  }
  const rest: Rest = { mtimeMs: e.mtimeMs, size: e.size, links: e.links, words: e.words };
  if (e.parts !== undefined) rest.parts = e.parts;
  if (e.textHash !== undefined) rest.textHash = e.textHash;
  if (!isEmpty(e.counts)) rest.counts = e.counts;
  if (e.layerCounts && !isEmpty(e.layerCounts)) rest.layerCounts = e.layerCounts;
  if (!isEmpty(e.linkTypes)) rest.linkTypes = e.linkTypes!;
  if (!isEmpty(e.eventTypes)) rest.eventTypes = e.eventTypes!;
  if (!isEmpty(e.attributes)) rest.attributes = e.attributes!;
  if (e.sources.length) rest.sources = e.sources;
  return Buffer.from(JSON.stringify(rest));
}

/**
 * Writes the index (without fsync: a lost write only costs a rebuild), via a temporary file, in
 * the list's default order (so the first list after opening sorts what is already in order).
 */
export async function writeIndexFile(fs: StoreFileOps, meta: string, file: string, entries: Index): Promise<void> {
  await fs.mkdir(meta, { recursive: true });
  const rows = inListOrder([...entries.values()], {});
  const statuses: ArticleStatus[] = [];
  const statusOf = new Map<ArticleStatus, number>();
  const head: Head = { type: 'sourcemark-index', version: INDEX_VERSION, statuses, id: [], title: [], status: [], updatedAt: [], outlet: {}, published: {}, damaged: {} };
  const chunks: Buffer[] = [];
  const nl = Buffer.from('\n');
  rows.forEach((e, i) => {
    head.id.push(e.id);
    head.title.push(e.title);
    let s = statusOf.get(e.status);
    if (s === undefined) statusOf.set(e.status, (s = statuses.push(e.status) - 1));
    head.status.push(s);
    head.updatedAt.push(e.updatedAt);
    if (e.outlet !== undefined) head.outlet[i] = e.outlet;
    if (e.published !== undefined) head.published[i] = e.published;
    if (e.damaged !== undefined) head.damaged[i] = e.damaged;
    chunks.push(restLine(e), nl);
  });
  await fs.writeFile(file + '.tmp', Buffer.concat([Buffer.from(JSON.stringify(head)), nl, ...chunks]));
  await fs.rename(file + '.tmp', file);
}

/** The entry of an article file that cannot be read, naming why. */
export function damagedEntry(id: string, reason: string, mtimeMs: number, size: number): IndexEntry {
  return {
    id, title: id, status: 'todo', counts: {}, links: 0, sources: [], words: 0,
    updatedAt: new Date(mtimeMs).toISOString(), damaged: reason, mtimeMs, size,
  };
}

/**
 * The index as the user sees it: the entries of the files on disk, and for an article whose
 * newest state is still queued (or could not be written), that state. `core.index` itself
 * describes only what is on disk, so the index file never runs ahead of the articles.
 */
export function liveEntries(core: { index: Index; saves: { pending: readonly string[] }; docs: ReadonlyMap<string, ArticleDoc>; now: () => string }): IndexEntry[] {
  const pending = core.saves.pending.flatMap((k) => {
    const id = /^articles\/(.+)\.json$/.exec(k)?.[1];
    const doc = id === undefined ? undefined : core.docs.get(id);
    return doc ? [doc] : [];
  });
  if (!pending.length) return [...core.index.values()];
  // "Updated" of a state not on disk yet is the time of the listing (the injected clock, read
  // only when something is pending).
  const at = core.now();
  const live = new Map(pending.map((d) => {
    const known = core.index.get(d.article.id);
    return [d.article.id, { ...summarize(d, at), mtimeMs: known?.mtimeMs ?? 0, size: known?.size ?? 0 }];
  }));
  return [...[...core.index.values()].map((e) => live.get(e.id) ?? e), ...[...live.values()].filter((e) => !core.index.has(e.id))];
}
