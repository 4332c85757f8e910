/**
 * Pure operations on a project's annotations. Each is plain data (so it can cross IPC and HTTP);
 * {@link applyOperation} checks it against the state, returns the new state and the operation
 * that undoes it. Nothing here mutates its input.
 *
 * The types live in `operation-types.ts`, the checks in `checks.ts`, the event-derived links in
 * `event-links.ts`, and the rich edits built from the primitives (merging and splitting sources,
 * resizing, relabelling, setting attributes) in `op-builders.ts`; all are re-exported here.
 */

import { checkArticlePatch, checkEvent, checkFragments, checkLink, checkSpan } from './checks.js';
import { withEventLinks } from './event-links.js';
import type { AnnotationEvent, ArticleDoc, ArticleMetadata, Source, Span } from '../model/types.js';
import { failOperation, type Applied, type ArticlePatch, type EventPatch, type OpContext, type Operation, type ProjectState, type RestoredEvent, type SourcePatch, type SpanPatch } from './operation-types.js';
import { compareSpans, makeFragment, paragraphsOf } from '../text/fragments.js';

export * from './operation-types.js';
export { TITLE_MAX, checkArticlePatch, checkEvent, checkFragments, checkLink, checkSpan } from './checks.js';
export { eventLinkCandidates, eventLinks } from './event-links.js';
export * from './op-builders.js';


function docOf(state: ProjectState, articleId: string): ArticleDoc {
  return state.docs[articleId] ?? failOperation(`Article ${articleId} is not open or does not exist.`);
}

function spanOf(doc: ArticleDoc, spanId: string): Span {
  return doc.spans.find((s) => s.id === spanId) ?? failOperation(`Span ${spanId} does not exist in article ${doc.article.id}.`);
}

const eventsOf = (doc: ArticleDoc): AnnotationEvent[] => doc.events ?? [];

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
      if (doc.spans.some((s) => s.id === op.span.id)) failOperation(`Span ${op.span.id} already exists.`);
      checkSpan(state, doc, op.span);
      const spans = insertSorted(doc.spans, op.span);
      let next: ArticleDoc = { ...doc, spans };
      for (const link of op.links ?? []) {
        checkLink(state, next, link, spans);
        next = { ...next, links: [...next.links, link] };
      }
      if (op.events?.length) {
        const events = [...eventsOf(next)];
        for (const { index, event } of [...op.events].sort((a, b) => a.index - b.index)) {
          checkEvent(state, next, event, spans);
          const at = events.findIndex((e) => e.id === event.id);
          if (at >= 0) events[at] = event;
          else events.splice(Math.min(index, events.length), 0, event);
        }
        next = { ...next, events };
      }
      return touched(withDoc(state, next), { op: 'removeSpan', articleId: op.articleId, spanId: op.span.id }, op.articleId);
    }
    case 'removeSpan': {
      const doc = docOf(state, op.articleId);
      const span = spanOf(doc, op.spanId);
      const links = doc.links.filter((l) => l.from === op.spanId || l.to === op.spanId);
      // An event loses the span as trigger or argument, as a link would; an event left with
      // nothing is removed. Undo puts each back as it was.
      const restored: RestoredEvent[] = [];
      const events: AnnotationEvent[] = [];
      eventsOf(doc).forEach((ev, index) => {
        if (ev.trigger !== op.spanId && !ev.args.some((a) => a.spanId === op.spanId)) {
          events.push(ev);
          return;
        }
        restored.push({ index, event: ev });
        const { trigger, ...rest } = ev;
        const kept: AnnotationEvent = { ...rest, ...(trigger !== undefined && trigger !== op.spanId ? { trigger } : {}), args: ev.args.filter((a) => a.spanId !== op.spanId) };
        if (kept.trigger !== undefined || kept.args.length) events.push(kept);
      });
      const gone = new Set(eventsOf(doc).map((e) => e.id).filter((id) => !events.some((e) => e.id === id)));
      const orphanLinks = doc.links.filter((l) => l.event !== undefined && gone.has(l.event) && l.from !== op.spanId && l.to !== op.spanId);
      const next: ArticleDoc = {
        ...doc,
        spans: doc.spans.filter((s) => s.id !== op.spanId),
        links: doc.links.filter((l) => l.from !== op.spanId && l.to !== op.spanId && !orphanLinks.includes(l)),
        ...(doc.events ? { events } : {}),
      };
      const allLinks = [...links, ...orphanLinks];
      const inverse: Operation = { op: 'addSpan', articleId: op.articleId, span, ...(allLinks.length ? { links: allLinks } : {}), ...(restored.length ? { events: restored } : {}) };
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
      const link = doc.links.find((l) => l.id === op.linkId) ?? failOperation(`Link ${op.linkId} does not exist.`);
      const next: ArticleDoc = { ...doc, links: doc.links.filter((l) => l.id !== op.linkId) };
      return touched(withDoc(state, next), { op: 'addLink', articleId: op.articleId, link }, op.articleId);
    }
    case 'addEvent': {
      const doc = docOf(state, op.articleId);
      if (eventsOf(doc).some((e) => e.id === op.event.id)) failOperation(`Event ${op.event.id} already exists.`);
      checkEvent(state, doc, op.event);
      const events = [...eventsOf(doc)];
      events.splice(op.index === undefined ? events.length : Math.min(op.index, events.length), 0, op.event);
      const next = withEventLinks(state, { ...doc, events }, op.event, op.links);
      return touched(withDoc(state, next), { op: 'removeEvent', articleId: op.articleId, eventId: op.event.id }, op.articleId);
    }
    case 'removeEvent': {
      const doc = docOf(state, op.articleId);
      const ev = eventsOf(doc).find((e) => e.id === op.eventId) ?? failOperation(`Event ${op.eventId} does not exist in article ${doc.article.id}.`);
      const links = doc.links.filter((l) => l.event === ev.id);
      const next: ArticleDoc = { ...doc, events: eventsOf(doc).filter((e) => e.id !== ev.id), links: doc.links.filter((l) => l.event !== ev.id) };
      return touched(withDoc(state, next), { op: 'addEvent', articleId: op.articleId, event: ev, links, index: eventsOf(doc).indexOf(ev) }, op.articleId);
    }
    case 'updateEvent': {
      const doc = docOf(state, op.articleId);
      const old = eventsOf(doc).find((e) => e.id === op.eventId) ?? failOperation(`Event ${op.eventId} does not exist in article ${doc.article.id}.`);
      const { patch } = op;
      const ev: AnnotationEvent = { ...old };
      const undo: EventPatch = { links: doc.links.filter((l) => l.event === old.id) };
      if (patch.type !== undefined) {
        ev.type = patch.type;
        undo.type = old.type;
      }
      if (patch.args !== undefined) {
        ev.args = patch.args.map((a) => ({ ...a }));
        undo.args = old.args;
      }
      for (const key of ['trigger', 'note'] as const) {
        const value = patch[key];
        if (value === undefined) continue;
        if (value === null) delete ev[key];
        else ev[key] = value;
        undo[key] = old[key] ?? null;
      }
      if (patch.attributes !== undefined) {
        if (patch.attributes === null) delete ev.attributes;
        else ev.attributes = { ...patch.attributes };
        undo.attributes = old.attributes ?? null;
      }
      checkEvent(state, doc, ev);
      const next = withEventLinks(state, { ...doc, events: eventsOf(doc).map((e) => (e.id === old.id ? ev : e)) }, ev, patch.links);
      return touched(withDoc(state, next), { op: 'updateEvent', articleId: op.articleId, eventId: op.eventId, patch: undo }, op.articleId);
    }
    case 'setStatus': {
      const doc = docOf(state, op.articleId);
      const next: ArticleDoc = { ...doc, article: { ...doc.article, status: op.status } };
      return touched(withDoc(state, next), { op: 'setStatus', articleId: op.articleId, status: doc.article.status }, op.articleId);
    }
    case 'replaceArticle': {
      const doc = docOf(state, op.articleId);
      if (op.article.id !== op.articleId) failOperation(`The new record of article ${op.articleId} carries the id ${op.article.id}.`);
      const n = doc.spans.length + doc.links.length + eventsOf(doc).length;
      if (n) failOperation(`The text of "${doc.article.title}" can change only before annotation starts; it has ${n} annotation${n === 1 ? '' : 's'}. Remove them first, or undo back to before them.`);
      const paragraphs = paragraphsOf(op.article.text);
      if (JSON.stringify(paragraphs) !== JSON.stringify(op.article.paragraphs)) failOperation(`The paragraphs of the new record of article ${op.articleId} do not match its text.`);
      const next: ArticleDoc = { ...doc, article: op.article };
      return touched(withDoc(state, next), { op: 'replaceArticle', articleId: op.articleId, article: doc.article }, op.articleId);
    }
    case 'updateArticle': {
      const doc = docOf(state, op.articleId);
      checkArticlePatch(op.patch);
      const old = doc.article;
      const undo: ArticlePatch = {};
      const article = { ...old, metadata: { ...old.metadata } };
      if (op.patch.title !== undefined) {
        article.title = op.patch.title;
        undo.title = old.title;
      }
      if (op.patch.metadata) {
        const undoMeta: NonNullable<ArticlePatch['metadata']> = {};
        for (const [key, value] of Object.entries(op.patch.metadata) as [keyof NonNullable<ArticlePatch['metadata']>, string | null | undefined][]) {
          if (value === undefined) continue;
          undoMeta[key] = old.metadata[key] ?? null;
          if (value === null) delete (article.metadata as ArticleMetadata)[key];
          else article.metadata[key] = value;
        }
        undo.metadata = undoMeta;
      }
      const next: ArticleDoc = { ...doc, article };
      return touched(withDoc(state, next), { op: 'updateArticle', articleId: op.articleId, patch: undo }, op.articleId);
    }
    case 'addSource': {
      if (state.sources[op.source.id]) failOperation(`Source ${op.source.id} already exists.`);
      if (!op.source.name.trim()) failOperation('A source needs a name.');
      return touched({ ...state, sources: { ...state.sources, [op.source.id]: op.source } }, { op: 'removeSource', sourceId: op.source.id }, undefined, true);
    }
    case 'updateSource': {
      const old = state.sources[op.sourceId] ?? failOperation(`Source ${op.sourceId} does not exist.`);
      const source: Source = { ...old };
      const undo: SourcePatch = {};
      if (op.patch.name !== undefined) {
        if (!op.patch.name.trim()) failOperation('A source needs a name.');
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
      const source = state.sources[op.sourceId] ?? failOperation(`Source ${op.sourceId} does not exist.`);
      for (const doc of Object.values(state.docs)) {
        const mention = doc.spans.find((s) => s.sourceId === op.sourceId);
        if (mention) failOperation(`Source "${source.name}" is still mentioned in article ${doc.article.id}; move or merge its mentions first.`);
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
