/**
 * What every exporter shares: the context (schema, sources, settings, offset unit), the filters
 * that choose articles and spans, a tokenizer for token-based formats, and the exporter
 * interface. Exporters are pure: model in, text out; `app/export.ts` streams them to disk.
 */
import type { ArticleDoc, ArticleStatus, ProjectSettings, Source, Span } from './model.js';
import { OffsetConverter, textOffset, type OffsetUnit } from './offsets.js';
import type { ProjectSchema } from './schema.js';

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
  status?: ArticleStatus[];
  articles?: string[];
  labels?: string[];
  annotators?: string[];
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

export type Token = { text: string; start: number; end: number; ws: boolean };

/**
 * Tokens (UTF-16 offsets): runs of letters, digits and marks with inner apostrophes or hyphens,
 * numbers with separators, and every other non-space character on its own.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /[\p{L}\p{M}\p{N}]+(?:['’\-.,][\p{L}\p{M}\p{N}]+)*|[^\s]/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push({ text: m[0], start: m.index, end, ws: /\s/.test(text[end] ?? '') });
  }
  return out;
}

/** Sentences as token index ranges: a break after . ! ? (and closing quotes) before an upper-case start, or at a newline. */
export function sentences(text: string, tokens: readonly Token[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const gap = next ? text.slice(t.end, next.start) : '';
    const closes = /^[.!?]$/.test(t.text) || (/^[”"’)]$/.test(t.text) && /[.!?,]$/.test(tokens[i - 1]?.text ?? ''));
    const breakHere = !next || gap.includes('\n') || (closes && /\s/.test(gap) && !/^[”"’)]$/.test(next.text) && /^[\p{Lu}“"‘(\p{N}]/u.test(next.text));
    if (breakHere) {
      out.push([start, i + 1]);
      start = i + 1;
    }
  }
  return out;
}

/** The source's name a span refers to, if any. */
export const sourceName = (ctx: ExportContext, s: Span | undefined): string => (s?.sourceId ? ctx.sources[s.sourceId]?.name ?? '' : '');
