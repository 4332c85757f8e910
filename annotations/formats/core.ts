/**
 * What every exporter shares: the exporter interface and its context (schema, sources,
 * settings, offset unit, warnings), the filters that choose articles and spans, and the helpers
 * several formats use (fragments in a unit, a span's source name, an article's IRI, spans split
 * per fragment, spans aligned to tokens). Exporters are pure: model in, text out;
 * app/export/export.ts streams them to disk. Nothing here knows a particular tool: that is each
 * format's own module.
 */
import type { ArticleDoc, ArticleStatus, ProjectSettings, Source, Span } from '../model/types.js';
import { OffsetConverter, textOffset, type OffsetUnit } from '../model/offsets.js';
import type { ProjectSchema } from '../model/schema.js';
import type { Token } from '../text/segments.js';

export type ExportContext = {
  schema: ProjectSchema;
  sources: Readonly<Record<string, Source>>;
  settings: ProjectSettings;
  projectName: string;
  /** The unit offsets are written in. */
  unit: OffsetUnit;
  /** Collects what a format could not carry, said once per kind. */
  warn: (message: string) => void;
};

/** An exporter: a single file made of a header, one chunk per article and a footer, or a folder. */
export type Exporter = {
  name: string;
  description: string;
  kind: 'file' | 'folder';
  /** The unit used when the user does not choose one (the consuming tool's). */
  defaultUnit: OffsetUnit;
  extension: string;
  header?: (ctx: ExportContext) => string;
  /** For 'file': text appended for each article (`first` says whether it is the first). */
  chunk?: (doc: ArticleDoc, ctx: ExportContext, first: boolean) => string;
  /** For 'folder': files written for each article, by name; `append` adds to a file instead. */
  files?: (doc: ArticleDoc, ctx: ExportContext) => { name: string; content: string; append?: boolean }[];
  footer?: (ctx: ExportContext) => string;
  /** Files written beside the output (configs) or, for folders, inside it; after all articles. */
  extra?: (ctx: ExportContext) => { name: string; content: string }[];
};

export type ExportFilter = {
  status?: ArticleStatus[] | undefined;
  articles?: string[] | undefined;
  labels?: string[] | undefined;
  annotators?: string[] | undefined;
  /** The layer written: `curated`, an annotator's, or `all` (the default: every layer, each record naming its annotator). */
  layer?: string | undefined;
};

/** Keeps the spans (and the links between kept spans) that the filter asks for. */
export function filterDoc(doc: ArticleDoc, f: ExportFilter): ArticleDoc {
  if (!f.labels?.length && !f.annotators?.length) return doc;
  const spans = doc.spans.filter((s) => (!f.labels?.length || f.labels.includes(s.label)) && (!f.annotators?.length || f.annotators.includes(s.annotator) || (s.updatedBy !== undefined && f.annotators.includes(s.updatedBy))));
  const kept = new Set(spans.map((s) => s.id));
  return { ...doc, spans, links: doc.links.filter((l) => kept.has(l.from) && kept.has(l.to)) };
}

/** True when the article passes the article-level filters. */
export const articleMatches = (doc: ArticleDoc, f: ExportFilter): boolean =>
  (!f.status?.length || f.status.includes(doc.article.status)) && (!f.articles?.length || f.articles.includes(doc.article.id));

/** Converts a span's fragments to the context's unit. */
export function fragmentsIn(doc: ArticleDoc, s: Span, unit: OffsetUnit, conv = new OffsetConverter(doc.article.text)): { start: number; end: number; text: string }[] {
  return s.fragments.map((f) => ({ start: conv.toUnit(textOffset(f.start), unit), end: conv.toUnit(textOffset(f.end), unit), text: f.text }));
}

/** The source's name a span refers to, if any. */
export const sourceName = (ctx: ExportContext, s: Span | undefined): string => (s?.sourceId ? ctx.sources[s.sourceId]?.name ?? '' : '');

/** An article's IRI in linked-data exports: its own URL when it has one (`metadata.url`), else its URN. */
export const articleIri = (doc: ArticleDoc): string => doc.article.metadata.url ?? `urn:sourcemark:article:${doc.article.id}`;

/**
 * The spans of several fragments, for a tool without discontinuous spans, which writes one span
 * per fragment; warns once per export and lets the format list them in each document.
 */
export function splitDiscontinuous(doc: ArticleDoc, ctx: ExportContext, tool: string): Span[] {
  const split = doc.spans.filter((s) => s.fragments.length > 1);
  if (split.length) ctx.warn(`${tool} has no discontinuous spans: spans of several fragments were written as one span per fragment (listed in each document's "sourcemark.simplified").`);
  return split;
}

// ---- spans on tokens (CoNLL, spaCy) -----------------------------------------------------------

/** Token index range [first, last] (inclusive) covering a fragment, and whether the fragment is exactly those tokens. */
export type TokenRange = { first: number; last: number; exact: boolean };

/**
 * The tokens a fragment [start, end) touches, whitespace tokens at either edge left out (a
 * fragment of whitespace alone keeps its whitespace tokens). Binary search: O(log n + k).
 */
export function tokenRange(tokens: readonly Token[], start: number, end: number): TokenRange | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  let first = lo;
  let last = lo - 1;
  while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
  if (last < first) return undefined;
  const all = { first, last };
  while (first <= last && tokens[first]!.space) first++;
  while (last >= first && tokens[last]!.space) last--;
  if (last < first) ({ first, last } = all);
  return { first, last, exact: tokens[first]!.start === start && tokens[last]!.end === end };
}

/** The token ranges of every fragment, by span id, and the ids of the spans not exactly on token boundaries. */
export function rangesOf(doc: ArticleDoc, tokens: readonly Token[]): { ranges: Map<string, (TokenRange | undefined)[]>; off: Set<string> } {
  const ranges = new Map<string, (TokenRange | undefined)[]>();
  const off = new Set<string>();
  for (const s of doc.spans) {
    const rs = s.fragments.map((f) => tokenRange(tokens, f.start, f.end));
    ranges.set(s.id, rs);
    if (rs.some((r) => !r?.exact)) off.add(s.id);
  }
  return { ranges, off };
}

/** Warns (once per export) that spans off token boundaries were widened. */
export const widenedWarning = (ctx: ExportContext, tool: string, off: Set<string>): void => {
  if (off.size) ctx.warn(`${tool}: some spans do not fall on token boundaries; they were widened to the tokens they touch (whitespace at their edges left out) and are listed per document.`);
};
