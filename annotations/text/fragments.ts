/**
 * Small pure helpers over an article's canonical text: paragraphs, fragments with their quote
 * context, span ordering, word boundaries.
 */

import { CONTEXT_LENGTH, type Fragment, type Paragraph, type Span } from '../model/types.js';
import { textOffset, type TextOffset } from '../model/offsets.js';

/**
 * The paragraphs of a canonical text: runs of text separated by one or more newlines, with
 * leading and trailing spaces excluded. Offsets are into `text`.
 */
export function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let start = m.index;
    let end = m.index + m[0].length;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start: textOffset(start), end: textOffset(end) });
  }
  return out;
}

/** A fragment of `text` with its exact text and context, for saving. */
export function makeFragment(text: string, start: number, end: number): Fragment {
  return {
    start: textOffset(start),
    end: textOffset(end),
    text: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH),
  };
}

/** Where a span starts (its first fragment) and ends (its last). */
export const spanStart = (s: Span): TextOffset => s.fragments[0]!.start;
export const spanEnd = (s: Span): TextOffset => s.fragments[s.fragments.length - 1]!.end;

/**
 * `items` ordered innermost first by the extent of each one's span (the shortest first; ties,
 * and items with no span, which go last, keep their order). Where a click or the pointer meets
 * nested spans this is the one meant first: the view's nesting of highlight elements is not
 * enough (ProseMirror nests the elements of spans over the same text in its own order, so a
 * quote's element can sit inside the claim it ends with).
 */
export function innermostFirst<T>(items: readonly T[], spanOf: (item: T) => Span | undefined): T[] {
  const extent = (item: T): number => {
    const s = spanOf(item);
    return s ? spanEnd(s) - spanStart(s) : Infinity;
  };
  return items.map((item, i) => ({ item, i, n: extent(item) })).sort((a, b) => a.n - b.n || a.i - b.i).map((x) => x.item);
}

/** The order spans are stored in: by start, then end, then id, so files diff well. */
export function compareSpans(a: Span, b: Span): number {
  return spanStart(a) - spanStart(b) || spanEnd(a) - spanEnd(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The text a span covers, fragments joined by " … ". */
export const spanText = (s: Span): string => s.fragments.map((f) => f.text).join(' … ');
