/**
 * Pure operations on a project's annotations. Each is plain data (so it can cross IPC and HTTP);
 * {@link applyOperation} checks it against the state, returns the new state and the operation
 * that undoes it. Nothing here mutates its input.
 *
 * Rich edits are built from the primitives: merging and splitting sources are batches
 * ({@link mergeSources}, {@link splitSource}); resizing, relabelling and setting attributes are
 * patches of one span ({@link updateSpan}).
 */

import type { AnnotationEvent, Article, ArticleDoc, ArticleStatus, EventArg, Link, Source, Span } from './model.js';
import { eventTypeDef, labelDef, linkTypeDef, type ProjectSchema } from './schema.js';
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

/** What an event patch may change. `null` clears an optional field. */
export type EventPatch = {
  type?: string;
  trigger?: string | null;
  args?: EventArg[];
  attributes?: Record<string, string> | null;
  note?: string | null;
  /** The event's derived links to put back as they were (undo), instead of deriving them anew. */
  links?: Link[];
};

/** An event to put back where it was (undo of removing a span it used). */
export type RestoredEvent = { index: number; event: AnnotationEvent };

export type SourcePatch = Partial<Pick<Source, 'name' | 'kind' | 'aliases'>> & {
  role?: string | null;
  externalId?: string | null;
};

export type Operation =
  | { op: 'addSpan'; articleId: string; span: Span; links?: Link[]; events?: RestoredEvent[] }
  | { op: 'removeSpan'; articleId: string; spanId: string }
  | { op: 'updateSpan'; articleId: string; spanId: string; patch: SpanPatch }
  | { op: 'addLink'; articleId: string; link: Link }
  | { op: 'removeLink'; articleId: string; linkId: string }
  /**
   * Adds an event (an attribution as one unit), last or at `index`; `links` puts back its derived
   * links exactly (undo).
   */
  | { op: 'addEvent'; articleId: string; event: AnnotationEvent; links?: Link[]; index?: number }
  | { op: 'removeEvent'; articleId: string; eventId: string }
  | { op: 'updateEvent'; articleId: string; eventId: string; patch: EventPatch }
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

/** Checks an event: a declared type, its roles, and spans that exist. */
export function checkEvent(state: ProjectState, doc: ArticleDoc, ev: AnnotationEvent, spans = doc.spans): void {
  const type = eventTypeDef(state.schema, ev.type) ?? fail(`The schema has no event type "${ev.type}".`);
  const has = (id: string) => spans.some((s) => s.id === id);
  if (ev.trigger !== undefined) {
    const trigger = spans.find((s) => s.id === ev.trigger) ?? fail(`Event ${ev.id} is triggered by span ${ev.trigger}, which does not exist.`);
    if (type.triggers.length && !type.triggers.includes(trigger.label)) fail(`A ${type.name} event is triggered by ${type.triggers.join('/')}, not by ${trigger.label}.`);
  }
  if (ev.trigger === undefined && ev.args.length === 0) fail(`Event ${ev.id} has neither a trigger nor arguments.`);
  for (const a of ev.args) {
    if (!type.roles.includes(a.role)) fail(`A ${type.name} event has no role "${a.role}" (its roles: ${type.roles.join(', ') || 'none'}).`);
    if (!has(a.spanId)) fail(`Event ${ev.id}'s ${a.role} is span ${a.spanId}, which does not exist.`);
  }
}

/**
 * The links an event stands for, as the app reads attributions from links: `said-by` (Quote →
 * Speaker), `cue-of` (Cue → Quote), `claimed-by` (Claim → Speaker) when its spans have those
 * labels; otherwise one link from its trigger to each argument, of type `<Type>-<Role>`
 * (brat's `Attribution-Source`). Types the schema lacks or that do not join those labels, and
 * links the document already has, are left out. Pure; ids are `<event id>-<n>`.
 */
export function eventLinkCandidates(ev: AnnotationEvent, spans: readonly Span[]): { type: string; from: Span; to: Span }[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const args = ev.args.map((a) => ({ role: a.role, span: byId.get(a.spanId) })).filter((a): a is { role: string; span: Span } => !!a.span);
  const trigger = ev.trigger ? byId.get(ev.trigger) : undefined;
  const byLabel = (l: string): Span | undefined => args.find((a) => a.span.label === l)?.span;
  const quote = byLabel('Quote');
  const speaker = byLabel('Speaker');
  const claim = byLabel('Claim');
  const cue = byLabel('Cue') ?? (trigger?.label === 'Cue' ? trigger : undefined);
  const out: { type: string; from: Span; to: Span }[] = [];
  if (quote && speaker) out.push({ type: 'said-by', from: quote, to: speaker });
  if (quote && cue) out.push({ type: 'cue-of', from: cue, to: quote });
  if (claim && speaker) out.push({ type: 'claimed-by', from: claim, to: speaker });
  if (!quote && !claim && trigger) for (const a of args) if (a.span !== trigger) out.push({ type: `${ev.type}-${a.role}`, from: trigger, to: a.span });
  return out;
}

/** The derived links of an event (see {@link eventLinkCandidates}) that the schema allows. */
export function eventLinks(schema: ProjectSchema, ev: AnnotationEvent, spans: readonly Span[], others: readonly Link[] = []): Link[] {
  const out: Link[] = [];
  for (const c of eventLinkCandidates(ev, spans)) {
    const type = linkTypeDef(schema, c.type);
    if (!type || !type.from.includes(c.from.label) || !type.to.includes(c.to.label)) continue;
    if ([...others, ...out].some((l) => l.type === type.name && l.from === c.from.id && l.to === c.to.id)) continue;
    out.push({
      id: `${ev.id}-${out.length + 1}`, type: type.name, from: c.from.id, to: c.to.id, event: ev.id,
      ...(ev.annotator !== undefined ? { annotator: ev.annotator } : {}), ...(ev.createdAt !== undefined ? { createdAt: ev.createdAt } : {}),
    });
  }
  return out;
}

/** The document with an event's derived links replaced by `links` (or derived anew). */
function withEventLinks(state: ProjectState, doc: ArticleDoc, ev: AnnotationEvent, links?: readonly Link[]): ArticleDoc {
  const others = doc.links.filter((l) => l.event !== ev.id);
  const derived = links ? [...links] : eventLinks(state.schema, ev, doc.spans, others);
  for (const l of derived) {
    if (l.event !== ev.id) fail(`Link ${l.id} does not belong to event ${ev.id}.`);
    checkLink(state, { ...doc, links: others }, l);
  }
  return { ...doc, links: [...others, ...derived] };
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
      if (doc.spans.some((s) => s.id === op.span.id)) fail(`Span ${op.span.id} already exists.`);
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
      const link = doc.links.find((l) => l.id === op.linkId) ?? fail(`Link ${op.linkId} does not exist.`);
      const next: ArticleDoc = { ...doc, links: doc.links.filter((l) => l.id !== op.linkId) };
      return touched(withDoc(state, next), { op: 'addLink', articleId: op.articleId, link }, op.articleId);
    }
    case 'addEvent': {
      const doc = docOf(state, op.articleId);
      if (eventsOf(doc).some((e) => e.id === op.event.id)) fail(`Event ${op.event.id} already exists.`);
      checkEvent(state, doc, op.event);
      const events = [...eventsOf(doc)];
      events.splice(op.index === undefined ? events.length : Math.min(op.index, events.length), 0, op.event);
      const next = withEventLinks(state, { ...doc, events }, op.event, op.links);
      return touched(withDoc(state, next), { op: 'removeEvent', articleId: op.articleId, eventId: op.event.id }, op.articleId);
    }
    case 'removeEvent': {
      const doc = docOf(state, op.articleId);
      const ev = eventsOf(doc).find((e) => e.id === op.eventId) ?? fail(`Event ${op.eventId} does not exist in article ${doc.article.id}.`);
      const links = doc.links.filter((l) => l.event === ev.id);
      const next: ArticleDoc = { ...doc, events: eventsOf(doc).filter((e) => e.id !== ev.id), links: doc.links.filter((l) => l.event !== ev.id) };
      return touched(withDoc(state, next), { op: 'addEvent', articleId: op.articleId, event: ev, links, index: eventsOf(doc).indexOf(ev) }, op.articleId);
    }
    case 'updateEvent': {
      const doc = docOf(state, op.articleId);
      const old = eventsOf(doc).find((e) => e.id === op.eventId) ?? fail(`Event ${op.eventId} does not exist in article ${doc.article.id}.`);
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
      if (op.article.id !== op.articleId) fail(`The new record of article ${op.articleId} carries the id ${op.article.id}.`);
      const n = doc.spans.length + doc.links.length + eventsOf(doc).length;
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
