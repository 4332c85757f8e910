/**
 * Pure operations on a project's annotations. Each is plain data (so it can cross IPC and HTTP);
 * {@link applyOperation} checks it against the state, returns the new state and the operation
 * that undoes it. Nothing here mutates its input.
 *
 * Rich edits are built from the primitives: merging and splitting sources are batches
 * ({@link mergeSources}, {@link splitSource}); resizing, relabelling and setting attributes are
 * patches of one span ({@link updateSpan}).
 */

import type { Article, ArticleDoc, ArticleStatus, Link, Source, Span } from './model.js';
import { labelDef, linkTypeDef, type ProjectSchema } from './schema.js';
import { compareSpans, makeFragment, paragraphsOf } from './text.js';

/** The part of a project an operation works on: the schema, the sources, and the loaded articles. */
export type ProjectState = {
  schema: ProjectSchema;
  sources: Readonly<Record<string, Source>>;
  docs: Readonly<Record<string, ArticleDoc>>;
};

/** What a span patch may change. `null` clears an optional field. */
export type SpanPatch = {
  label?: string;
  /** New offsets; text and context are taken from the article. */
  fragments?: { start: number; end: number }[];
  attributes?: Record<string, string>;
  sourceId?: string | null;
  note?: string | null;
  /** Set by inverses to restore the exact time; otherwise the operation's `now`. */
  updatedAt?: string;
  /** The annotator making the change (null clears it, for undo). */
  updatedBy?: string | null;
};

export type SourcePatch = Partial<Pick<Source, 'name' | 'kind' | 'aliases'>> & {
  role?: string | null;
  externalId?: string | null;
};

export type Operation =
  | { op: 'addSpan'; articleId: string; span: Span; links?: Link[] }
  | { op: 'removeSpan'; articleId: string; spanId: string }
  | { op: 'updateSpan'; articleId: string; spanId: string; patch: SpanPatch }
  | { op: 'addLink'; articleId: string; link: Link }
  | { op: 'removeLink'; articleId: string; linkId: string }
  | { op: 'setStatus'; articleId: string; status: ArticleStatus }
  /**
   * Replaces an article's record: its text, title, metadata and provenance (changing what
   * cleaning removed). Only before annotation starts: every offset points into the text, so an
   * article with spans or links refuses it.
   */
  | { op: 'replaceArticle'; articleId: string; article: Article }
  | { op: 'addSource'; source: Source }
  | { op: 'updateSource'; sourceId: string; patch: SourcePatch }
  | { op: 'removeSource'; sourceId: string }
  | { op: 'setSchema'; schema: ProjectSchema }
  | { op: 'batch'; ops: Operation[] };

/** Context an operation runs in: the clock is passed in so tests are deterministic. */
export type OpContext = { now: string };

/** The result of applying an operation. */
export type Applied = {
  state: ProjectState;
  /** Applying it to `state` gives back the state the operation started from. */
  inverse: Operation;
  /** Articles whose files must be rewritten. */
  articles: Set<string>;
  sources: boolean;
  schema: boolean;
};

/** An operation that does not fit the state, with a message a person can act on. */
export class OperationError extends Error {
  override name = 'OperationError';
}

const fail = (message: string): never => {
  throw new OperationError(message);
};

function docOf(state: ProjectState, articleId: string): ArticleDoc {
  return state.docs[articleId] ?? fail(`Article ${articleId} is not open or does not exist.`);
}

function spanOf(doc: ArticleDoc, spanId: string): Span {
  return doc.spans.find((s) => s.id === spanId) ?? fail(`Span ${spanId} does not exist in article ${doc.article.id}.`);
}

/** Checks fragments: in range, non-empty, ascending, not overlapping, not splitting a character. */
export function checkFragments(text: string, fragments: readonly { start: number; end: number }[]): void {
  if (fragments.length === 0) fail('A span needs at least one fragment.');
  let prevEnd = -1;
  for (const f of fragments) {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end)) fail(`Offsets ${f.start}–${f.end} are not whole numbers.`);
    if (f.start < 0 || f.end > text.length) fail(`Fragment ${f.start}–${f.end} is outside the text (0–${text.length}).`);
    if (f.end <= f.start) fail(`Fragment ${f.start}–${f.end} is empty or reversed.`);
    if (f.start < prevEnd) fail(`Fragments must be in order and must not overlap (${f.start} < ${prevEnd}).`);
    for (const o of [f.start, f.end]) {
      const c = text.charCodeAt(o);
      if (c >= 0xdc00 && c <= 0xdfff && o > 0 && text.charCodeAt(o - 1) >= 0xd800 && text.charCodeAt(o - 1) <= 0xdbff) {
        fail(`Offset ${o} splits a character (a surrogate pair).`);
      }
    }
    prevEnd = f.end;
  }
}

export function checkSpan(state: ProjectState, doc: ArticleDoc, span: Span): void {
  const label = labelDef(state.schema, span.label) ?? fail(`The schema has no label "${span.label}".`);
  checkFragments(doc.article.text, span.fragments);
  if (!span.orphaned) {
    for (const f of span.fragments) {
      const actual = doc.article.text.slice(f.start, f.end);
      if (actual !== f.text) fail(`Fragment ${f.start}–${f.end} says "${f.text}" but the text there is "${actual}".`);
    }
  }
  for (const [name, value] of Object.entries(span.attributes)) {
    const def = label.attributes.find((a) => a.name === name) ?? fail(`Label ${label.name} has no attribute "${name}".`);
    if (!def.values.includes(value)) fail(`"${value}" is not a value of ${label.name}'s ${name} (${def.values.join(', ')}).`);
  }
  if (span.sourceId !== undefined && !state.sources[span.sourceId]) fail(`Source ${span.sourceId} does not exist.`);
}

export function checkLink(state: ProjectState, doc: ArticleDoc, link: Link, spans = doc.spans): void {
  const type = linkTypeDef(state.schema, link.type) ?? fail(`The schema has no link type "${link.type}".`);
  if (link.type !== type.name) fail(`Link type "${link.type}" should be written "${type.name}".`);
  const from = spans.find((s) => s.id === link.from) ?? fail(`Link ${link.id} starts at span ${link.from}, which does not exist.`);
  const to = spans.find((s) => s.id === link.to) ?? fail(`Link ${link.id} ends at span ${link.to}, which does not exist.`);
  if (!type.from.includes(from.label) || !type.to.includes(to.label)) {
    fail(`A ${type.name} link goes from ${type.from.join('/')} to ${type.to.join('/')}, not from ${from.label} to ${to.label}.`);
  }
  if (doc.links.some((l) => l.id === link.id)) fail(`Link ${link.id} already exists.`);
  if (doc.links.some((l) => l.type === link.type && l.from === link.from && l.to === link.to)) {
    fail(`These two spans are already linked by ${link.type}.`);
  }
}

function insertSorted(spans: readonly Span[], span: Span): Span[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSpans(spans[mid]!, span) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...spans.slice(0, lo), span, ...spans.slice(lo)];
}

const withDoc = (state: ProjectState, doc: ArticleDoc): ProjectState => ({ ...state, docs: { ...state.docs, [doc.article.id]: doc } });

const touched = (state: ProjectState, inverse: Operation, articleId?: string, sources = false, schema = false): Applied => ({
  state,
  inverse,
  articles: new Set(articleId === undefined ? [] : [articleId]),
  sources,
  schema,
});

/**
 * Applies one operation. Throws {@link OperationError} with a message a person can act on when
 * the operation does not fit the state; the state is then unchanged (it is never mutated).
 */
export function applyOperation(state: ProjectState, op: Operation, ctx: OpContext): Applied {
  switch (op.op) {
    case 'addSpan': {
      const doc = docOf(state, op.articleId);
      if (doc.spans.some((s) => s.id === op.span.id)) fail(`Span ${op.span.id} already exists.`);
      checkSpan(state, doc, op.span);
      const spans = insertSorted(doc.spans, op.span);
      let next: ArticleDoc = { ...doc, spans };
      for (const link of op.links ?? []) {
        checkLink(state, next, link, spans);
        next = { ...next, links: [...next.links, link] };
      }
      return touched(withDoc(state, next), { op: 'removeSpan', articleId: op.articleId, spanId: op.span.id }, op.articleId);
    }
    case 'removeSpan': {
      const doc = docOf(state, op.articleId);
      const span = spanOf(doc, op.spanId);
      const links = doc.links.filter((l) => l.from === op.spanId || l.to === op.spanId);
      const next: ArticleDoc = {
        ...doc,
        spans: doc.spans.filter((s) => s.id !== op.spanId),
        links: doc.links.filter((l) => l.from !== op.spanId && l.to !== op.spanId),
      };
      const inverse: Operation = { op: 'addSpan', articleId: op.articleId, span, ...(links.length ? { links } : {}) };
      return touched(withDoc(state, next), inverse, op.articleId);
    }
    case 'updateSpan': {
      const doc = docOf(state, op.articleId);
      const old = spanOf(doc, op.spanId);
      const { patch } = op;
      const span: Span = { ...old, updatedAt: patch.updatedAt ?? ctx.now };
      const undo: SpanPatch = { updatedAt: old.updatedAt };
      if (patch.label !== undefined) {
        span.label = patch.label;
        undo.label = old.label;
      }
      if (patch.fragments !== undefined) {
        checkFragments(doc.article.text, patch.fragments);
        span.fragments = patch.fragments.map((f) => makeFragment(doc.article.text, f.start, f.end));
        delete span.orphaned;
        undo.fragments = old.fragments.map((f) => ({ start: f.start, end: f.end }));
      }
      if (patch.attributes !== undefined) {
        span.attributes = { ...patch.attributes };
        undo.attributes = old.attributes;
      }
      if (patch.sourceId !== undefined) {
        if (patch.sourceId === null) delete span.sourceId;
        else span.sourceId = patch.sourceId;
        undo.sourceId = old.sourceId ?? null;
      }
      if (patch.note !== undefined) {
        if (patch.note === null) delete span.note;
        else span.note = patch.note;
        undo.note = old.note ?? null;
      }
      if (patch.updatedBy !== undefined) {
        if (patch.updatedBy === null) delete span.updatedBy;
        else span.updatedBy = patch.updatedBy;
        undo.updatedBy = old.updatedBy ?? null;
      }
      checkSpan(state, doc, span);
      const spans = insertSorted(doc.spans.filter((s) => s.id !== op.spanId), span);
      const next: ArticleDoc = { ...doc, spans };
      if (patch.label !== undefined) {
        for (const link of doc.links.filter((l) => l.from === span.id || l.to === span.id)) {
          checkLink(state, { ...next, links: next.links.filter((l) => l.id !== link.id) }, link, spans);
        }
      }
      // Undoing a resize of an orphaned span must give back its saved fragments exactly, which a
      // patch of offsets cannot (it re-reads the text), so the inverse puts the old span back whole.
      const inverse: Operation = old.orphaned && patch.fragments !== undefined
        ? { op: 'batch', ops: [{ op: 'removeSpan', articleId: op.articleId, spanId: old.id }, { op: 'addSpan', articleId: op.articleId, span: old, links: doc.links.filter((l) => l.from === old.id || l.to === old.id) }] }
        : { op: 'updateSpan', articleId: op.articleId, spanId: op.spanId, patch: undo };
      return touched(withDoc(state, next), inverse, op.articleId);
    }
    case 'addLink': {
      const doc = docOf(state, op.articleId);
      checkLink(state, doc, op.link);
      const next: ArticleDoc = { ...doc, links: [...doc.links, op.link] };
      return touched(withDoc(state, next), { op: 'removeLink', articleId: op.articleId, linkId: op.link.id }, op.articleId);
    }
    case 'removeLink': {
      const doc = docOf(state, op.articleId);
      const link = doc.links.find((l) => l.id === op.linkId) ?? fail(`Link ${op.linkId} does not exist.`);
      const next: ArticleDoc = { ...doc, links: doc.links.filter((l) => l.id !== op.linkId) };
      return touched(withDoc(state, next), { op: 'addLink', articleId: op.articleId, link }, op.articleId);
    }
    case 'setStatus': {
      const doc = docOf(state, op.articleId);
      const next: ArticleDoc = { ...doc, article: { ...doc.article, status: op.status } };
      return touched(withDoc(state, next), { op: 'setStatus', articleId: op.articleId, status: doc.article.status }, op.articleId);
    }
    case 'replaceArticle': {
      const doc = docOf(state, op.articleId);
      if (op.article.id !== op.articleId) fail(`The new record of article ${op.articleId} carries the id ${op.article.id}.`);
      const n = doc.spans.length + doc.links.length;
      if (n) fail(`The text of "${doc.article.title}" can change only before annotation starts; it has ${n} annotation${n === 1 ? '' : 's'}. Remove them first, or undo back to before them.`);
      const paragraphs = paragraphsOf(op.article.text);
      if (JSON.stringify(paragraphs) !== JSON.stringify(op.article.paragraphs)) fail(`The paragraphs of the new record of article ${op.articleId} do not match its text.`);
      const next: ArticleDoc = { ...doc, article: op.article };
      return touched(withDoc(state, next), { op: 'replaceArticle', articleId: op.articleId, article: doc.article }, op.articleId);
    }
    case 'addSource': {
      if (state.sources[op.source.id]) fail(`Source ${op.source.id} already exists.`);
      if (!op.source.name.trim()) fail('A source needs a name.');
      return touched({ ...state, sources: { ...state.sources, [op.source.id]: op.source } }, { op: 'removeSource', sourceId: op.source.id }, undefined, true);
    }
    case 'updateSource': {
      const old = state.sources[op.sourceId] ?? fail(`Source ${op.sourceId} does not exist.`);
      const source: Source = { ...old };
      const undo: SourcePatch = {};
      if (op.patch.name !== undefined) {
        if (!op.patch.name.trim()) fail('A source needs a name.');
        source.name = op.patch.name;
        undo.name = old.name;
      }
      if (op.patch.kind !== undefined) {
        source.kind = op.patch.kind;
        undo.kind = old.kind;
      }
      if (op.patch.aliases !== undefined) {
        source.aliases = [...op.patch.aliases];
        undo.aliases = old.aliases;
      }
      for (const key of ['role', 'externalId'] as const) {
        const value = op.patch[key];
        if (value === undefined) continue;
        if (value === null) delete source[key];
        else source[key] = value;
        undo[key] = old[key] ?? null;
      }
      return touched({ ...state, sources: { ...state.sources, [op.sourceId]: source } }, { op: 'updateSource', sourceId: op.sourceId, patch: undo }, undefined, true);
    }
    case 'removeSource': {
      const source = state.sources[op.sourceId] ?? fail(`Source ${op.sourceId} does not exist.`);
      for (const doc of Object.values(state.docs)) {
        const mention = doc.spans.find((s) => s.sourceId === op.sourceId);
        if (mention) fail(`Source "${source.name}" is still mentioned in article ${doc.article.id}; move or merge its mentions first.`);
      }
      const sources = { ...state.sources };
      delete sources[op.sourceId];
      return touched({ ...state, sources }, { op: 'addSource', source }, undefined, true);
    }
    case 'setSchema': {
      return touched({ ...state, schema: op.schema }, { op: 'setSchema', schema: state.schema }, undefined, false, true);
    }
    case 'batch': {
      let current = state;
      const inverses: Operation[] = [];
      const articles = new Set<string>();
      let sources = false;
      let schema = false;
      for (const inner of op.ops) {
        const r = applyOperation(current, inner, ctx);
        current = r.state;
        inverses.unshift(r.inverse);
        r.articles.forEach((a) => articles.add(a));
        sources ||= r.sources;
        schema ||= r.schema;
      }
      return { state: current, inverse: { op: 'batch', ops: inverses }, articles, sources, schema };
    }
  }
}

/** The articles an operation reads or writes, so a store can load them first. */
export function articlesOf(op: Operation): string[] {
  switch (op.op) {
    case 'batch':
      return [...new Set(op.ops.flatMap(articlesOf))];
    case 'addSource':
    case 'updateSource':
    case 'removeSource':
    case 'setSchema':
      return [];
    default:
      return [op.articleId];
  }
}

/** Where a source is mentioned: one speaker span in one article. */
export type MentionRef = { articleId: string; spanId: string };

/** Every span in the loaded articles that refers to `sourceId`. */
export function mentionsOf(state: ProjectState, sourceId: string): MentionRef[] {
  return Object.values(state.docs).flatMap((d) =>
    d.spans.filter((s) => s.sourceId === sourceId).map((s) => ({ articleId: d.article.id, spanId: s.id })),
  );
}

/**
 * Merges source `goneId` into `keepId`: every mention moves, the gone source's name and aliases
 * become aliases of the kept one, and the gone source is removed. The state must hold every
 * article that mentions `goneId`.
 */
export function mergeSources(state: ProjectState, keepId: string, goneId: string): Operation {
  if (keepId === goneId) fail('A source cannot be merged into itself.');
  const keep = state.sources[keepId] ?? fail(`Source ${keepId} does not exist.`);
  const gone = state.sources[goneId] ?? fail(`Source ${goneId} does not exist.`);
  const aliases = [...new Set([...keep.aliases, gone.name, ...gone.aliases])].filter((a) => a !== keep.name);
  return {
    op: 'batch',
    ops: [
      { op: 'updateSource', sourceId: keepId, patch: { aliases } },
      ...mentionsOf(state, goneId).map((m): Operation => ({ op: 'updateSpan', ...m, patch: { sourceId: keepId } })),
      { op: 'removeSource', sourceId: goneId },
    ],
  };
}

/** Splits the given mentions off their source into a new source. */
export function splitSource(newSource: Source, mentions: readonly MentionRef[]): Operation {
  if (mentions.length === 0) fail('Choose at least one mention to split off.');
  return {
    op: 'batch',
    ops: [{ op: 'addSource', source: newSource }, ...mentions.map((m): Operation => ({ op: 'updateSpan', ...m, patch: { sourceId: newSource.id } }))],
  };
}

/** Patches that read as the edits a user makes. */
export const updateSpan = (articleId: string, spanId: string, patch: SpanPatch): Operation => ({ op: 'updateSpan', articleId, spanId, patch });
export const resizeSpan = (articleId: string, spanId: string, fragments: { start: number; end: number }[]): Operation =>
  updateSpan(articleId, spanId, { fragments });
export const relabelSpan = (articleId: string, spanId: string, label: string): Operation => updateSpan(articleId, spanId, { label });
export const setAttributes = (articleId: string, spanId: string, attributes: Record<string, string>): Operation =>
  updateSpan(articleId, spanId, { attributes });
