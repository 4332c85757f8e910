/** The pure parts of span edits: a span resized by a word, the attributes a new label keeps, and the operation tying a span to a source. */
import { randomId } from '../model/ids.js';
import { labelDef } from '../model/schema.js';
import type { ArticleDoc, Source, Span } from '../model/types.js';
import type { Operation, ProjectState } from './operation-types.js';
import { snapToWords, stepEnd, stepStart } from '../text/word-steps.js';

/**
 * The fragments of `span` grown or shrunk by a word at its end (or its start with `atStart`),
 * within the paragraph of the edge that moves; undefined when that edge cannot move.
 */
export function resizedFragments(doc: ArticleDoc, span: Span, direction: 'grow' | 'shrink', atStart: boolean): { start: number; end: number }[] | undefined {
  const text = doc.article.text;
  // Plain numbers: the edges move by word steps, and an operation's fragments carry numbers.
  const frags: { start: number; end: number }[] = span.fragments.map((f) => ({ start: f.start, end: f.end }));
  const f = atStart ? frags[0]! : frags[frags.length - 1]!;
  // Word boundaries from Intl.Segmenter, within the paragraph of the edge that moves.
  const paragraphs = doc.article.paragraphs;
  if (atStart) {
    const s = stepStart(text, f, direction, paragraphs);
    if (s === undefined) return undefined;
    f.start = s;
  } else {
    const e = stepEnd(text, f, direction, paragraphs);
    if (e === undefined) return undefined;
    f.end = e;
  }
  return frags.map((x) => snapToWords(text, x.start, x.end, false, paragraphs) ?? x);
}

/** The attributes of `span` that `label` also has (with the same value allowed). */
export function attributesKept(schema: ProjectState['schema'], span: Span, label: string): Span['attributes'] {
  const def = labelDef(schema, label);
  return Object.fromEntries(Object.entries(span.attributes).filter(([k, v]) => def?.attributes.some((a) => a.name === k && a.values.includes(v))));
}

/** The operation tying `span` to a source (existing, or new with the given name); the mention becomes an alias when new. */
export function assignSourceOp(articleId: string, span: Span, source: Source | { create: string; kind?: Source['kind'] }): Operation {
  const mention = span.fragments.map((f) => f.text).join(' ');
  if ('create' in source) {
    const created: Source = { id: randomId('src'), name: source.create.trim(), kind: source.kind ?? 'person', aliases: mention !== source.create.trim() ? [mention] : [] };
    return { op: 'batch', ops: [{ op: 'addSource', source: created }, { op: 'updateSpan', articleId, spanId: span.id, patch: { sourceId: created.id } }] };
  }
  const aliases = source.name === mention || source.aliases.includes(mention) ? undefined : [...source.aliases, mention];
  return { op: 'batch', ops: [
    ...(aliases ? [{ op: 'updateSource', sourceId: source.id, patch: { aliases } } as Operation] : []),
    { op: 'updateSpan', articleId, spanId: span.id, patch: { sourceId: source.id } },
  ] };
}
