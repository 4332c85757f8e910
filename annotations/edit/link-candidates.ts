/**
 * Which spans a link may go to, per the schema, in the order the link chooser offers them: the
 * first one is what `L` pre-selects and what `K` links to at once. Pure; reads the article's text
 * only to find sentence boundaries (annotations/text/segments.ts).
 */
import type { Span } from '../model/types.js';
import { spanEnd, spanStart } from '../text/fragments.js';
import { boundaries } from '../text/segments.js';

type LinkTypes = readonly { name: string; from: readonly string[]; to: readonly string[] }[];

/** Link types that may start at `label`, and the labels they may reach. */
export function linkTargets(linkTypes: LinkTypes, label: string): { type: string; to: readonly string[] }[] {
  return linkTypes.filter((t) => t.from.includes(label)).map((t) => ({ type: t.name, to: t.to }));
}

/** A range of the text, in `TextOffset`s (end exclusive). */
type Range = { start: number; end: number };

/**
 * The sentences around `start`–`end` of `text`: `same`, from the start of the sentence holding
 * `start` to the end of the one holding `end - 1`; `before`, the sentence just before that (in
 * the paragraph before, when the span opens its paragraph). Only that neighbourhood is segmented
 * (sentences never cross a line break), so a long article costs no more than a short one.
 */
export function sentencesAround(text: string, start: number, end: number): { same: Range; before: Range | null } {
  const lineStart = (i: number): number => text.lastIndexOf('\n', i - 1) + 1;
  let back = lineStart(start);
  while (back > 0 && /\s/.test(text[back - 1]!)) back--;
  const from = back > 0 ? lineStart(back) : 0;
  const lineEnd = text.indexOf('\n', Math.max(start, end - 1));
  const to = lineEnd < 0 ? text.length : lineEnd;
  // A run of line breaks is a "sentence" of its own to Intl.Segmenter: it stays with the one before.
  const cuts = boundaries(text.slice(from, to), 'sentence').map((b) => b + from)
    .filter((c, i, all) => i === 0 || i === all.length - 1 || /\S/.test(text.slice(c, all[i + 1])));
  // cuts[i]..cuts[i+1] is sentence i; `first` holds `start`, `last` holds `end - 1`.
  const holding = (at: number): number => Math.max(0, cuts.findIndex((c, i) => i + 1 < cuts.length && at >= c && at < cuts[i + 1]!));
  const first = holding(start);
  const last = Math.max(first, holding(Math.max(start, end - 1)));
  return {
    same: { start: cuts[first]!, end: cuts[last + 1] ?? to },
    before: first > 0 ? { start: cuts[first - 1]!, end: cuts[first]! } : null,
  };
}

const overlaps = (a: Range, b: Range): boolean => a.start < b.end && b.start < a.end;

/**
 * Ids of the spans with one of `labels` other than `span`, best first:
 * 1. those in the span's own sentence, nearest first (a cue's quote is right after or around it;
 *    a quote's speaker is in its sentence);
 * 2. those in the sentence before it (a speaker introducing the quote that follows);
 * 3. the rest: those ending before the span, nearest first; then those after it, in order.
 * Without `text` (no sentences known) only the third rule applies. Ties go to the earlier span.
 */
export function orderLinkCandidates(spans: readonly Span[], span: Span, labels: ReadonlySet<string>, text?: string): string[] {
  const start = spanStart(span);
  const end = spanEnd(span);
  const near = text ? sentencesAround(text, start, end) : null;
  const TIER = 1e9; // more than any article's length in UTF-16 units (the model's limit is far lower)
  const rank = (s: Span): number => {
    const r = { start: spanStart(s), end: spanEnd(s) };
    const gap = r.end <= start ? start - r.end : r.start >= end ? r.start - end : 0;
    if (near && overlaps(r, near.same)) return gap;
    if (near?.before && overlaps(r, near.before)) return TIER + gap;
    return r.end <= start ? 2 * TIER + gap : 3 * TIER + r.start - start;
  };
  return spans.filter((s) => labels.has(s.label) && s.id !== span.id)
    .map((s) => ({ id: s.id, k: rank(s), at: spanStart(s) }))
    .sort((a, b) => a.k - b.k || a.at - b.at)
    .map((x) => x.id);
}
