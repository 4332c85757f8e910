/**
 * What the article list shows of each article without reading its file: the summary the index
 * keeps, how a document is summarised into one, and the list query with its result. Pure, so the
 * store builds its index with it and the renderer updates its list after an edit without asking.
 */
import type { ArticleDoc, ArticleStatus } from './types.js';
import { itemLayers, layerOf } from './layers.js';

/** One row of the article list: what the index knows without reading the article's file. */
export type ArticleSummary = {
  id: string;
  title: string;
  outlet?: string | undefined;
  published?: string | undefined;
  status: ArticleStatus;
  counts: Record<string, number>;
  /**
   * Spans per label and links of each layer (issue 18), so a blind list shows an annotator
   * their own layer's counts only. Absent in summaries of before layers.
   */
  layerCounts?: Record<string, LayerCounts> | undefined;
  links: number;
  /** Links per type and attribute values per label (`Quote/QuoteType=Direct`), for schema changes. */
  linkTypes?: Record<string, number> | undefined;
  /** Events per event type (so a schema change that would orphan events is refused). */
  eventTypes?: Record<string, number> | undefined;
  attributes?: Record<string, number> | undefined;
  /** A hash of the text, to find duplicates without reading articles. */
  textHash?: string | undefined;
  /** Sources mentioned in the article, so merges know which files to load. */
  sources: string[];
  words: number;
  updatedAt: string;
  /** Set when the file could not be read: the reason, in words. */
  damaged?: string | undefined;
};

/** What one layer has of an article. */
export type LayerCounts = { spans: Record<string, number>; links: number };

export type ListQuery = {
  status?: ArticleStatus | 'damaged' | undefined;
  /** Case-insensitive search in titles and outlets. */
  search?: string | undefined;
  sort?: 'title' | 'updated' | 'published' | 'status' | undefined;
  descending?: boolean | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
};

export type ArticleList = {
  total: number;
  items: ArticleSummary[];
  progress: { todo: number; inProgress: number; done: number; damaged: number };
};

const emptyCounts = (): Record<string, number> => ({});

export function summarize(doc: ArticleDoc, updatedAt: string): ArticleSummary {
  const counts = emptyCounts();
  const attributes = emptyCounts();
  const linkTypes = emptyCounts();
  for (const s of doc.spans) {
    counts[s.label] = (counts[s.label] ?? 0) + 1;
    for (const k in s.attributes) {
      const key = `${s.label}/${k}=${s.attributes[k]}`;
      attributes[key] = (attributes[key] ?? 0) + 1;
    }
  }
  for (const l of doc.links) linkTypes[l.type] = (linkTypes[l.type] ?? 0) + 1;
  const layerCounts: Record<string, LayerCounts> = {};
  for (const s of doc.spans) {
    const c = (layerCounts[layerOf(s)] ??= { spans: {}, links: 0 });
    c.spans[s.label] = (c.spans[s.label] ?? 0) + 1;
  }
  // One pass over the links (this runs on every edit: write-path.ts updates the list row).
  for (const layer of itemLayers(doc).links) (layerCounts[layer] ??= { spans: {}, links: 0 }).links++;
  const eventTypes = emptyCounts();
  for (const e of doc.events) eventTypes[e.type] = (eventTypes[e.type] ?? 0) + 1;
  const sources = [...new Set(doc.spans.flatMap((s) => (s.sourceId ? [s.sourceId] : [])))].sort();
  const a = doc.article;
  const text = textFigures(a);
  return {
    id: a.id, title: a.title, status: a.status, counts, layerCounts, links: doc.links.length, linkTypes, eventTypes, attributes, sources, updatedAt, textHash: text.hash,
    words: text.words,
    ...(a.metadata.outlet ? { outlet: a.metadata.outlet } : {}),
    ...(a.metadata.published ? { published: a.metadata.published } : {}),
  };
}

/** The hash and word count of each article's text, by the article object (an edit of its annotations keeps it; a change of its text makes a new one). */
const textFiguresOf = new WeakMap<ArticleDoc['article'], { hash: string; words: number }>();

function textFigures(a: ArticleDoc['article']): { hash: string; words: number } {
  let figures = textFiguresOf.get(a);
  if (!figures) textFiguresOf.set(a, (figures = { hash: textHash(a.text), words: wordCount(a.text) }));
  return figures;
}

/** True for the characters `\s` matches in a regular expression (the article's word breaks). */
const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c >= 0x2000 && c <= 0x200a) || c === 0xa0 || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * The number of words of `text`: runs of characters between whitespace (what
 * `text.split(/\s+/).filter(Boolean).length` counts, without making the array; it runs on every
 * article of an index rebuild).
 */
export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
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


/** Which count of the list's progress an article adds to. */
export const progressBucket = (e: { status: ArticleStatus; damaged?: string | undefined }): keyof ArticleList['progress'] =>
  e.damaged ? 'damaged' : e.status === 'done' ? 'done' : e.status === 'in-progress' ? 'inProgress' : 'todo';

/** True when `e` is listed under `q`: its status filter, and its search in titles and outlets. */
export function listedUnder(e: ArticleSummary, q: ListQuery): boolean {
  const needle = q.search?.trim().toLowerCase();
  return (!q.status || (q.status === 'damaged' ? !!e.damaged : e.status === q.status && !e.damaged))
    && (!needle || e.title.toLowerCase().includes(needle) || (e.outlet ?? '').toLowerCase().includes(needle));
}

/** What the list sorts by under `q`, of one row. */
function listKey(q: ListQuery): (e: ArticleSummary) => string {
  const key = q.sort ?? 'title';
  return (e) => (key === 'updated' ? e.updatedAt : key === 'published' ? e.published ?? '' : key === 'status' ? e.status : e.title.toLowerCase());
}

/**
 * `rows` in the list's order under `q` (as sorting with {@link listOrder}), each row's key made
 * once rather than at every comparison: the store lists 100,000 articles this way.
 */
export function inListOrder<T extends ArticleSummary>(rows: readonly T[], q: ListQuery): T[] {
  const val = listKey(q);
  const keyed = rows.map((e) => ({ key: val(e), e }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  if (q.descending) keyed.reverse();
  return keyed.map((k) => k.e);
}

/** The list's order under `q`: by title unless asked otherwise, ties by id, reversed when descending. */
export function listOrder(q: ListQuery): (a: ArticleSummary, b: ArticleSummary) => number {
  const val = listKey(q);
  const asc = (a: ArticleSummary, b: ArticleSummary): number => (val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : a.id < b.id ? -1 : 1);
  return q.descending ? (a, b) => asc(b, a) : asc;
}

/**
 * The counts of `e` as `layers` see them: every layer (undefined), or only those named (a blind
 * list shows its annotator's own). Spans per label, and the links.
 */
export function countsOf(e: Pick<ArticleSummary, 'counts' | 'links' | 'layerCounts'>, layers?: readonly string[]): { counts: Record<string, number>; links: number } {
  if (!layers || !e.layerCounts) return { counts: e.counts, links: e.links };
  const counts: Record<string, number> = {};
  let links = 0;
  for (const layer of layers) {
    const c = e.layerCounts[layer];
    if (!c) continue;
    for (const [label, n] of Object.entries(c.spans)) counts[label] = (counts[label] ?? 0) + n;
    links += c.links;
  }
  return { counts, links };
}
