/**
 * When two spans are "the same" across layers: the one definition agreement, curation and
 * evaluation share (issue 18). Offsets are the spans' own (UTF-16 code units, end exclusive).
 *
 * - exact: the same label and the same fragments (every start and end);
 * - overlap: the same label and at least one character in common.
 */

import type { Span } from '../model/types.js';

/** The label and fragments of a span as one string: equal keys are exact matches. */
export function spanKey(span: Pick<Span, 'label' | 'fragments'>): string {
  return `${span.label}@${span.fragments.map((f) => `${f.start}-${f.end}`).join(',')}`;
}

/** The fragments of a span as one string, without the label. */
export function fragmentsKey(span: Pick<Span, 'fragments'>): string {
  return span.fragments.map((f) => `${f.start}-${f.end}`).join(',');
}

/** True when `a` and `b` cover exactly the same characters in the same pieces. */
export function sameFragments(a: Pick<Span, 'fragments'>, b: Pick<Span, 'fragments'>): boolean {
  return fragmentsKey(a) === fragmentsKey(b);
}

/** How many characters `a` and `b` have in common (fragments ascending and not overlapping). */
export function sharedCharacters(a: Pick<Span, 'fragments'>, b: Pick<Span, 'fragments'>): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.fragments.length && j < b.fragments.length) {
    const x = a.fragments[i]!;
    const y = b.fragments[j]!;
    n += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
    if (x.end <= y.end) i++;
    else j++;
  }
  return n;
}

/** True when `a` and `b` share at least one character. */
export function overlaps(a: Pick<Span, 'fragments'>, b: Pick<Span, 'fragments'>): boolean {
  return sharedCharacters(a, b) > 0;
}

export type MatchMode = 'exact' | 'overlap';

/** True when `a` matches `b` under `mode` (the label always has to be the same). */
export function spansMatch(a: Pick<Span, 'label' | 'fragments'>, b: Pick<Span, 'label' | 'fragments'>, mode: MatchMode): boolean {
  return a.label === b.label && (mode === 'exact' ? sameFragments(a, b) : overlaps(a, b));
}
