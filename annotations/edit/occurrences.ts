/**
 * "Annotate all occurrences" (brat's and INCEpTION's "annotate all"): the other places in an
 * article where a span's text occurs, as whole words, that no span of the same label covers
 * yet, and the one batch operation that tags them all with the span's label and source (one
 * undoable step). Pure: no DOM, no Node; offsets are UTF-16 code units into the article text,
 * ends exclusive.
 */
import { makeFragment } from '../text/fragments.js';
import { randomId, type IdSource } from '../model/ids.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { snapToWords } from '../text/word-steps.js';
import type { Operation } from './operation-types.js';

/** Occurrences looked for at most in one article (a word in every line of a long text is a mistake, not a task). */
export const MAX_OCCURRENCES = 2_000;

/** UTF-16 code units of context on each side in which an occurrence's word boundaries are found (a few words). */
const WINDOW = 48;

/**
 * The ranges `[start, end)` of `doc`'s text where `span`'s text occurs again, exactly (same
 * case), as whole words (a range snapping to words leaves alone: "he" is not found in "the"),
 * and not overlapping any span of `span`'s label (word boundaries come from a window of
 * {@link WINDOW} code units around each, so many hits in a long paragraph stay cheap). Empty for a span in several parts (its text
 * is not one run of the article) or an orphaned one. Ascending, at most {@link MAX_OCCURRENCES}.
 */
export function otherOccurrences(doc: ArticleDoc, span: Span): { start: number; end: number }[] {
  if (span.fragments.length !== 1 || span.orphaned) return [];
  const own = span.fragments[0]!;
  const needle = own.text;
  const text = doc.article.text;
  if (!needle.trim()) return [];
  const tagged = doc.spans.filter((s) => s.label === span.label && !s.orphaned).flatMap((s) => s.fragments);
  const out: { start: number; end: number }[] = [];
  for (let at = text.indexOf(needle); at >= 0 && out.length < MAX_OCCURRENCES; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (at === own.start) continue;
    if (tagged.some((f) => f.start < end && at < f.end)) continue;
    // Whole words, judged in a window around the occurrence: segmenting its whole paragraph for
    // each of many hits would cost the paragraph's length each time.
    const from = Math.max(0, at - WINDOW);
    const snapped = snapToWords(text.slice(from, Math.min(text.length, end + WINDOW)), at - from, end - from, true);
    if (!snapped || snapped.start !== at - from || snapped.end !== end - from) continue;
    out.push({ start: at, end });
  }
  return out;
}

/**
 * One batch operation adding a span of `span`'s label and source over each of `ranges`, made
 * by `annotator` at `now` (ISO 8601); undefined when there is nothing to add. New ids from
 * `ids` (random by default). Attributes are not copied: they describe one mention (a quote's
 * type), not the words.
 */
export function tagOccurrencesOp(
  doc: ArticleDoc, span: Span, ranges: readonly { start: number; end: number }[], annotator: string, now: string, ids: IdSource = randomId,
): Extract<Operation, { op: 'batch' }> | undefined {
  if (!ranges.length) return undefined;
  const ops: Operation[] = ranges.map((r) => ({
    op: 'addSpan', articleId: doc.article.id,
    span: {
      id: ids('s'), label: span.label, fragments: [makeFragment(doc.article.text, r.start, r.end)], attributes: {},
      ...(span.sourceId ? { sourceId: span.sourceId } : {}), annotator, origin: 'manual', createdAt: now, updatedAt: now,
    },
  }));
  return { op: 'batch', ops };
}
