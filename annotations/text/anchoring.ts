/**
 * Re-anchoring: placing spans saved against one text onto a slightly different text, as the
 * Hypothesis client does (`src/annotator/anchoring/match-quote.ts`): first the saved position,
 * checked against the saved quote; then the quote searched for, exactly then fuzzily, scored by
 * its context and its distance from the old position; else the span is kept and marked orphaned.
 * Nothing is dropped.
 */

import search from 'approx-string-match';
import type { Fragment, Span } from '../model/types.js';
import { makeFragment } from './fragments.js';

/** How a fragment was placed. */
export type AnchorHow = 'position' | 'exact' | 'fuzzy' | 'orphaned';

export type Reanchored = { span: Span; how: AnchorHow };

type Match = { start: number; end: number; errors: number };

/** Similarity of two strings in [0, 1], from the edit distance found by approx-string-match. */
function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0.5;
  const m = search(a, b, Math.max(a.length, b.length));
  const errors = m.length ? Math.min(...m.map((x) => x.errors)) : Math.max(a.length, b.length);
  return 1 - errors / Math.max(a.length, b.length);
}

function score(text: string, frag: Fragment, hint: number, m: Match): number {
  const quote = 1 - m.errors / Math.max(1, frag.text.length);
  const prefix = similarity(text.slice(Math.max(0, m.start - frag.prefix.length), m.start), frag.prefix);
  const suffix = similarity(text.slice(m.end, m.end + frag.suffix.length), frag.suffix);
  const distance = 1 - Math.abs(m.start - hint) / Math.max(1, text.length);
  // Weights from Hypothesis' matchQuote: the quote counts most, then context, then position.
  return (50 * quote + 20 * prefix + 20 * suffix + 2 * distance) / 92;
}

function findExact(text: string, needle: string): Match[] {
  const out: Match[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1 && out.length < 1000; i = text.indexOf(needle, i + 1)) {
    out.push({ start: i, end: i + needle.length, errors: 0 });
  }
  return out;
}

/**
 * Places one fragment in `text`. `delta` is how far the text before it grew (new minus old
 * length of everything before the old position, when the caller knows it; else 0).
 */
export function anchorFragment(text: string, frag: Fragment, delta = 0): { start: number; end: number; how: AnchorHow } | undefined {
  const hint = frag.start + delta;
  if (text.slice(frag.start, frag.end) === frag.text && frag.text.length > 0) {
    // Accept the old position when its context still agrees, or when the text did not move.
    const ctx = text.slice(Math.max(0, frag.start - frag.prefix.length), frag.start) === frag.prefix
      || text.slice(frag.end, frag.end + frag.suffix.length) === frag.suffix;
    if (ctx || delta === 0) return { start: frag.start, end: frag.end, how: 'position' };
  }
  const exact = findExact(text, frag.text);
  if (exact.length) {
    const best = exact.reduce((a, b) => (score(text, frag, hint, b) > score(text, frag, hint, a) ? b : a));
    return { ...best, how: 'exact' };
  }
  if (frag.text.length < 4) return undefined;
  const maxErrors = Math.min(256, Math.floor(frag.text.length / 4));
  const fuzzy = search(text, frag.text, maxErrors);
  if (!fuzzy.length) return undefined;
  const best = fuzzy.reduce((a, b) => (score(text, frag, hint, b) > score(text, frag, hint, a) ? b : a));
  return { ...best, how: 'fuzzy' };
}

/**
 * Re-anchors spans in a new text. A span whose fragments all land, in order, gets new fragments
 * (text and context from the new text); otherwise it is kept as it was and marked orphaned.
 */
export function reanchorSpans(spans: readonly Span[], newText: string, delta: (offset: number) => number = () => 0): Reanchored[] {
  return spans.map((span) => {
    const placed = span.fragments.map((f) => anchorFragment(newText, f, delta(f.start)));
    const ok = placed.every((p, i) => p && (i === 0 || p.start >= placed[i - 1]!.end));
    if (!ok) return { span: { ...span, orphaned: true }, how: 'orphaned' as const };
    const how: AnchorHow = placed.some((p) => p!.how === 'fuzzy') ? 'fuzzy' : placed.some((p) => p!.how === 'exact') ? 'exact' : 'position';
    const next: Span = { ...span, fragments: placed.map((p) => makeFragment(newText, p!.start, p!.end)) };
    delete next.orphaned;
    return { span: next, how };
  });
}
