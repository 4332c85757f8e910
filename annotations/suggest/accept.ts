/**
 * Accepting and rejecting suggestions as operations, so they go through the one write path (the
 * renderer's Writer, the store's apply) and undo like any edit. Pure, and free of the NLP (the
 * renderer imports this module).
 *
 * Accepting a pending suggestion gives it to the person: the span keeps its id, fragments and
 * attributes, its `annotator` becomes the person (also `updatedBy`), and `origin: 'suggested'`
 * stays as the record that it came from a suggestion. Its links follow: a link becomes the
 * person's once neither end is pending. Rejecting removes the span (and its links); the caller
 * remembers its {@link spanKey} so it is not suggested again.
 */

import type { ArticleDoc, Link, Span } from '../model/types.js';
import type { Operation } from '../edit/operation-types.js';
import { spanKey } from '../analysis/match.js';
import { isPendingSuggestion, SUGGESTER } from './build.js';

/** The pending suggestions of `doc`, or those of `ids` among them. */
export function pendingSuggestions(doc: ArticleDoc, ids?: readonly string[]): Span[] {
  const wanted = ids ? new Set(ids) : undefined;
  return doc.spans.filter((s) => isPendingSuggestion(s) && (!wanted || wanted.has(s.id)));
}

/** The operation that adds built suggestions to an article (one batch: one undo step). */
export function addSuggestionsOperation(articleId: string, built: { spans: readonly Span[]; links: readonly Link[] }): Operation | undefined {
  if (!built.spans.length && !built.links.length) return undefined;
  return {
    op: 'batch',
    ops: [...built.spans.map((span): Operation => ({ op: 'addSpan', articleId, span })), ...built.links.map((link): Operation => ({ op: 'addLink', articleId, link }))],
  };
}

/** The operation accepting the pending suggestions `ids` (all of the article's when absent) for `annotator`. */
export function acceptOperation(doc: ArticleDoc, annotator: string, now: string, ids?: readonly string[]): Operation | undefined {
  const accepted = pendingSuggestions(doc, ids);
  if (!accepted.length) return undefined;
  const acceptedIds = new Set(accepted.map((s) => s.id));
  const stillPending = new Set(doc.spans.filter((s) => isPendingSuggestion(s) && !acceptedIds.has(s.id)).map((s) => s.id));
  const links = doc.links.filter((l) => acceptedIds.has(l.from) || acceptedIds.has(l.to));
  const articleId = doc.article.id;
  return {
    op: 'batch',
    ops: [
      ...accepted.map((s): Operation => ({ op: 'removeSpan', articleId, spanId: s.id })),
      ...accepted.map((s): Operation => ({ op: 'addSpan', articleId, span: { ...s, annotator, updatedBy: annotator, updatedAt: now } })),
      ...links.map((l): Operation => ({
        op: 'addLink', articleId,
        link: { ...l, annotator: l.annotator === SUGGESTER && (stillPending.has(l.from) || stillPending.has(l.to)) ? SUGGESTER : l.annotator === SUGGESTER ? annotator : (l.annotator ?? annotator) },
      })),
    ],
  };
}

/** The operation removing the pending suggestions `ids`, and the keys to remember as rejected. */
export function rejectOperation(doc: ArticleDoc, ids: readonly string[]): { op: Operation; keys: string[] } | undefined {
  const rejected = pendingSuggestions(doc, ids);
  if (!rejected.length) return undefined;
  return {
    op: { op: 'batch', ops: rejected.map((s): Operation => ({ op: 'removeSpan', articleId: doc.article.id, spanId: s.id })) },
    keys: rejected.map(spanKey),
  };
}
