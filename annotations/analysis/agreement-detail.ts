/**
 * The drill-down of the Agreement page (issue 18): for one pair of layers, the articles both
 * annotated with their figures, and in one article the spans where the two differ, side by
 * side. Uses the same matching (`match.ts`) and counting (`agreement.ts`) as the report, so a
 * row here adds up to the pair's figures there. Pure.
 */

import type { ArticleDoc, Span } from '../model/types.js';
import { spanText } from '../text/fragments.js';
import { sameFragments, spanKey, spansMatch } from './match.js';
import { addCounts, articleLayers, compareSpans, emptyCounts, scoresOf, type AgreementOptions } from './agreement.js';

export type ArticleAgreementRow = {
  articleId: string;
  title: string;
  exactF1: number | null;
  overlapF1: number | null;
  kappa: number | null;
  spans: [number, number];
  /** Spans of either layer without an exact match in the other. */
  disagreements: number;
};

/** A span as the drill-down shows it. */
export type DiffSpan = { id: string; label: string; start: number; end: number; text: string; sourceId?: string };

/**
 * One place where two layers are compared: `exact` (the same label and fragments; `sourceDiffers`
 * when they name different sources), `overlap` (the same label, different boundaries), or a span
 * only one layer has.
 */
export type SpanDiffRow = { status: 'exact' | 'overlap' | 'onlyA' | 'onlyB'; label: string; start: number; a?: DiffSpan; b?: DiffSpan; sourceDiffers?: boolean };

const diffSpan = (s: Span): DiffSpan => ({
  id: s.id, label: s.label, start: s.fragments[0]!.start, end: s.fragments[s.fragments.length - 1]!.end, text: spanText(s), ...(s.sourceId ? { sourceId: s.sourceId } : {}),
});

/** The articles layers `a` and `b` both annotated, with the pair's figures on each (worst exact F1 first). */
export function articleRows(docs: Iterable<ArticleDoc>, a: string, b: string, opts: AgreementOptions = {}): ArticleAgreementRow[] {
  const rows: ArticleAgreementRow[] = [];
  for (const doc of docs) {
    const cut = articleLayers(doc, { ...opts, withCurated: true });
    const la = cut.layers.get(a);
    const lb = cut.layers.get(b);
    if (!la || !lb) continue;
    const total = emptyCounts();
    for (const label of new Set([...la.spans.keys(), ...lb.spans.keys()])) {
      addCounts(total, compareSpans(doc.article.text.length, la.spans.get(label) ?? [], lb.spans.get(label) ?? []));
    }
    rows.push({
      articleId: doc.article.id, title: doc.article.title, ...scoresOf(total), spans: [total.spansA, total.spansB],
      disagreements: total.spansA - total.exactA + total.spansB - total.exactB,
    });
  }
  const rank = (x: number | null) => (x === null ? 2 : x);
  return rows.sort((x, y) => rank(x.exactF1) - rank(y.exactF1) || (x.articleId < y.articleId ? -1 : 1));
}

/** The spans of `a` and `b` in `doc` side by side, in text order: matched exactly, overlapping, or on one side only. */
export function spanDiff(doc: ArticleDoc, a: string, b: string, opts: AgreementOptions = {}): SpanDiffRow[] {
  const cut = articleLayers(doc, { ...opts, withCurated: true });
  const la = cut.layers.get(a)?.spans ?? new Map<string, Span[]>();
  const lb = cut.layers.get(b)?.spans ?? new Map<string, Span[]>();
  const rows: SpanDiffRow[] = [];
  for (const label of new Set([...la.keys(), ...lb.keys()])) {
    const restA = [...(la.get(label) ?? [])];
    const restB = [...(lb.get(label) ?? [])];
    const take = (s: Span, match: (t: Span) => boolean): Span | undefined => {
      const i = restB.findIndex(match);
      return i < 0 ? undefined : restB.splice(i, 1)[0];
    };
    const unmatched: Span[] = [];
    for (const s of restA) {
      const t = take(s, (x) => spanKey(x) === spanKey(s));
      if (t) rows.push({ status: 'exact', label, start: s.fragments[0]!.start, a: diffSpan(s), b: diffSpan(t), ...((s.sourceId ?? null) !== (t.sourceId ?? null) ? { sourceDiffers: true } : {}) });
      else unmatched.push(s);
    }
    for (const s of unmatched) {
      const t = take(s, (x) => spansMatch(x, s, 'overlap') && !sameFragments(x, s));
      rows.push(t ? { status: 'overlap', label, start: Math.min(s.fragments[0]!.start, t.fragments[0]!.start), a: diffSpan(s), b: diffSpan(t) } : { status: 'onlyA', label, start: s.fragments[0]!.start, a: diffSpan(s) });
    }
    for (const t of restB) rows.push({ status: 'onlyB', label, start: t.fragments[0]!.start, b: diffSpan(t) });
  }
  return rows.sort((x, y) => x.start - y.start || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
}
