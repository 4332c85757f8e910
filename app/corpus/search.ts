/**
 * Searching the corpus (issue 21) with MiniSearch: one document per article with its title, its
 * text, the text and notes of its annotations and the names of the sources it mentions. The
 * index finds the articles; the hits inside them (UTF-16 offsets into the article's text) are
 * found in the article's text, its spans' notes and its mentions.
 *
 * Queries: words (all must occur), `"a phrase"` (its words in that order, anything but letters
 * and digits between them), `word*` (a prefix). Case and accents do not matter.
 */

import MiniSearch, { type Query } from 'minisearch';
import type { ArticleDoc, Source } from '../../annotations/index.js';

/** The fields an article is indexed by. */
export const SEARCH_FIELDS = ['title', 'text', 'annotations', 'sources'];

export type SearchDoc = { id: string; title: string; text: string; annotations: string; sources: string };

/** Lower case without accents: how both the index and the hit finder see a word. */
export const foldTerm = (term: string): string =>
  /^[\u0020-\u007e\s]*$/.test(term) ? term.toLowerCase() : term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The folded words of a text (folded as the hit finder folds it: the same words as a query's, but for rare characters). */
const words = (text: string): string[] => foldKeepingOffsets(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/** FNV-1a of a word. */
function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h;
}

/** Bits of an article's {@link pairFilter}: 8,192 (1 KB), three bits per pair; about 2% false positives at 800 words. */
const FILTER_BITS = 8192;

/** Sets (or, with `test`, checks) the three bits of the pair of words hashed `a`, `b`. */
function pairBits(bits: Uint8Array, a: number, b: number, test: boolean): boolean {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  const h2 = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) | 1;
  for (let k = 0; k < 3; k++) {
    const bit = ((h + k * h2) >>> 0) % FILTER_BITS;
    if (test && !(bits[bit >>> 3]! & (1 << (bit & 7)))) return false;
    if (!test) bits[bit >>> 3]! |= 1 << (bit & 7);
  }
  return true;
}

/**
 * A Bloom filter of the neighbouring word pairs of some texts (each on its own): MiniSearch keeps
 * no positions, so a phrase's candidates are the articles whose filter has every pair of it;
 * the hit finder then checks the text itself.
 */
export function pairFilter(texts: readonly string[]): Uint8Array {
  const bits = new Uint8Array(FILTER_BITS / 8);
  for (const t of texts) {
    const w = words(t).map(wordHash);
    for (let i = 0; i + 1 < w.length; i++) pairBits(bits, w[i]!, w[i + 1]!, false);
  }
  return bits;
}

/** True when `filter` may hold every neighbouring pair of every phrase in `parts` (false: surely not). */
export function mayHavePhrases(filter: Uint8Array | undefined, parts: readonly QueryPart[]): boolean {
  if (!filter) return true;
  for (const p of parts) {
    const w = p.words.map(wordHash);
    for (let i = 0; i + 1 < w.length; i++) if (!pairBits(filter, w[i]!, w[i + 1]!, true)) return false;
  }
  return true;
}

/** The texts of an article its {@link pairFilter} is made of. */
export const filterTexts = (d: SearchDoc): string[] => [d.title, d.text, d.annotations, d.sources];

const defaultTokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

export const SEARCH_OPTIONS = {
  fields: [...SEARCH_FIELDS],
  storeFields: [] as string[],
  tokenize: (text: string) => defaultTokenize(text),
  processTerm: (term: string) => foldTerm(term) || null,
  autoVacuum: { minDirtCount: 200, minDirtFactor: 0.2, batchSize: 1000, batchWait: 10 },
};

export const newIndex = (): MiniSearch<SearchDoc> => new MiniSearch<SearchDoc>(SEARCH_OPTIONS);

export const loadIndex = (json: string): MiniSearch<SearchDoc> => MiniSearch.loadJSON<SearchDoc>(json, SEARCH_OPTIONS);

/** What the index holds of one article. */
export function searchDoc(doc: ArticleDoc, sources: ReadonlyMap<string, Source>): SearchDoc {
  const names = new Set<string>();
  for (const s of doc.spans) {
    const src = s.sourceId ? sources.get(s.sourceId) : undefined;
    if (src) names.add([src.name, ...src.aliases].join(' '));
  }
  return {
    id: doc.article.id, title: doc.article.title, text: doc.article.text,
    annotations: doc.spans.map((s) => s.note ?? '').filter(Boolean).join('\n'), sources: [...names].join('\n'),
  };
}

/** One part of a query: a word, a prefix or a phrase (its words, folded). */
export type QueryPart = { words: string[]; prefix: boolean };

/** The parts of a query; empty when it has no word. */
export function parseQuery(query: string): QueryPart[] {
  const parts: QueryPart[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (const m of query.matchAll(re)) {
    if (m[1] !== undefined) {
      const words = foldTerm(m[1]).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length) parts.push({ words, prefix: false });
    } else {
      const raw = m[2]!;
      const prefix = raw.endsWith('*');
      const words = foldTerm(raw).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      words.forEach((w, i) => parts.push({ words: [w], prefix: prefix && i === words.length - 1 }));
    }
  }
  return parts;
}

/** The MiniSearch query for `parts`: every word must occur (prefix where asked). */
export function indexQuery(parts: readonly QueryPart[]): Query {
  const prefixes = new Set(parts.filter((p) => p.prefix).map((p) => p.words[0]!));
  return { queries: [...new Set(parts.flatMap((p) => p.words))], combineWith: 'AND', prefix: (term: string) => prefixes.has(term) };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression for a part over the folded text (word boundaries; a phrase's words apart by non-letters). */
export function partPattern(part: QueryPart): RegExp {
  const body = part.words.map(escape).join('[^\\p{L}\\p{N}]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${part.prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'gu');
}

/**
 * Folds `text` keeping every offset: each UTF-16 unit maps to one unit of the result, so a
 * match in the result is the same range in `text` (a character whose folded form is not one
 * unit long is kept as it is, lower-cased when that keeps its length).
 */
export function foldKeepingOffsets(text: string): string {
  const one = (ch: string) => {
    const f = foldTerm(ch);
    if (f.length === ch.length) return f;
    const l = ch.toLowerCase();
    return l.length === ch.length ? l : ch;
  };
  // ASCII letters by one regular expression (fast); only the other characters one by one.
  return text.replace(/[^\u0020-\u007e\s]/gu, one).replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** A place in an article a query matched, with some text around it. */
export type SearchHit = {
  articleId: string; title: string; start: number; end: number; text: string;
  /** Where it matched: the article's text, a span's note, or a mention of a matching source (its span). */
  field: 'text' | 'note' | 'source' | 'title';
  before: string; after: string; spanId?: string;
};

const CONTEXT = 40;

/** Places in `doc` where every part of the query matches somewhere in the article, each part's occurrences as hits. */
export function hitsIn(doc: Pick<ArticleDoc, 'spans'> & { article: Pick<ArticleDoc['article'], 'id' | 'title' | 'text'> }, parts: readonly QueryPart[], sources: ReadonlyMap<string, Source>, max: number, label?: string): SearchHit[] {
  const text = doc.article.text;
  const folded = foldKeepingOffsets(text);
  const within = label ? doc.spans.filter((s) => s.label === label) : undefined;
  const inLabel = (start: number, end: number) => !within || within.some((s) => s.fragments.some((f) => f.start <= start && end <= f.end));
  const base = { articleId: doc.article.id, title: doc.article.title };
  const out: SearchHit[] = [];
  const add = (h: Omit<SearchHit, 'articleId' | 'title' | 'before' | 'after'>) => {
    if (out.length >= max || out.some((o) => o.start === h.start && o.end === h.end && o.field === h.field)) return;
    out.push({ ...base, ...h, before: text.slice(Math.max(0, h.start - CONTEXT), h.start), after: text.slice(h.end, h.end + CONTEXT) });
  };
  const patterns = parts.map(partPattern);
  for (const re of patterns) {
    for (const m of folded.matchAll(re)) {
      if (out.length >= max) break;
      const start = m.index;
      const end = start + m[0].length;
      if (inLabel(start, end)) add({ start, end, text: text.slice(start, end), field: 'text' });
    }
  }
  for (const s of doc.spans) {
    if (label && s.label !== label) continue;
    const f = s.fragments[0]!;
    if (s.note && patterns.some((re) => new RegExp(re.source, 'u').test(foldTerm(s.note!)))) add({ start: f.start, end: f.end, text: f.text, field: 'note', spanId: s.id });
    const src = s.sourceId ? sources.get(s.sourceId) : undefined;
    if (src && patterns.some((re) => new RegExp(re.source, 'u').test(foldTerm([src.name, ...src.aliases].join(' '))))) add({ start: f.start, end: f.end, text: f.text, field: 'source', spanId: s.id });
  }
  if (!out.length && !label && patterns.some((re) => new RegExp(re.source, 'u').test(foldTerm(doc.article.title)))) {
    out.push({ ...base, start: 0, end: 0, text: doc.article.title, field: 'title', before: '', after: text.slice(0, CONTEXT * 2) });
  }
  return out.sort((x, y) => x.start - y.start);
}
