/**
 * How good suggestions are against gold annotations: precision, recall and F1 per label, exact
 * and overlap (`spansMatch` of annotations/analysis/match.ts), for direct quotes in quotation
 * marks, and for whole attributions (a quote with its cue and its speaker, all three matching).
 * Pure: documents in, counts out. Each predicted span is matched to at most one gold span.
 */

import type { Link, Span } from '../model/types.js';
import { spansMatch, type MatchMode } from '../analysis/match.js';
import { CUE_OF, QUOTE, SAID_BY } from './proposal.js';

/** The parts of a document evaluation reads. */
export type Annotated = { spans: readonly Span[]; links: readonly Link[] };

export type Score = { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };

export type Evaluation = {
  articles: number;
  /** Label → mode → score. */
  labels: Record<string, Record<MatchMode, Score>>;
  /** Quotes whose gold text starts with a quotation mark. */
  directQuotes: Record<MatchMode, Score>;
  /** Quote + cue + speaker, all matching. */
  attributions: Record<MatchMode, Score>;
};

type Counts = { tp: number; fp: number; fn: number };

const score = ({ tp, fp, fn }: Counts): Score => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** Greedy one-to-one matching: how many of `pred` match some `gold`. */
function matchCount<T>(pred: readonly T[], gold: readonly T[], same: (p: T, g: T) => boolean): number {
  const used = new Set<number>();
  let n = 0;
  for (const p of pred) {
    const g = gold.findIndex((x, i) => !used.has(i) && same(p, x));
    if (g >= 0) {
      used.add(g);
      n++;
    }
  }
  return n;
}

const DIRECT = /^\s*["“«„]/;

type Attribution = { quote: Span; cue: Span | undefined; speaker: Span | undefined };

/** The attributions of a document: every quote, with the cue linked to it and the speaker it is said by. */
export function attributionsOf(doc: Annotated): Attribution[] {
  const byId = new Map(doc.spans.map((s) => [s.id, s]));
  return doc.spans.filter((s) => s.label === QUOTE).map((quote) => ({
    quote,
    cue: byId.get(doc.links.find((l) => l.type === CUE_OF && l.to === quote.id)?.from ?? ''),
    speaker: byId.get(doc.links.find((l) => l.type === SAID_BY && l.from === quote.id)?.to ?? ''),
  }));
}

const part = (a: Span | undefined, b: Span | undefined, mode: MatchMode) => (a === undefined ? b === undefined : b !== undefined && spansMatch(a, b, mode));

/** Scores `predicted` against `gold`, article by article (the two lists in the same order). */
export function evaluate(gold: readonly Annotated[], predicted: readonly Annotated[], labels: readonly string[]): Evaluation {
  const zero = (): Record<MatchMode, Counts> => ({ exact: { tp: 0, fp: 0, fn: 0 }, overlap: { tp: 0, fp: 0, fn: 0 } });
  const perLabel = new Map(labels.map((l) => [l, zero()]));
  const direct = zero();
  const attributions = zero();
  const add = (c: Counts, pred: number, gold: number, tp: number) => {
    c.tp += tp;
    c.fp += pred - tp;
    c.fn += gold - tp;
  };
  gold.forEach((g, i) => {
    const p = predicted[i] ?? { spans: [], links: [] };
    for (const mode of ['exact', 'overlap'] as const) {
      for (const label of labels) {
        const gs = g.spans.filter((s) => s.label === label);
        const ps = p.spans.filter((s) => s.label === label);
        add(perLabel.get(label)![mode], ps.length, gs.length, matchCount(ps, gs, (a, b) => spansMatch(a, b, mode)));
      }
      const gd = g.spans.filter((s) => s.label === QUOTE && DIRECT.test(s.fragments[0]!.text));
      const pd = p.spans.filter((s) => s.label === QUOTE && DIRECT.test(s.fragments[0]!.text));
      add(direct[mode], pd.length, gd.length, matchCount(pd, gd, (a, b) => spansMatch(a, b, mode)));
      const ga = attributionsOf(g);
      const pa = attributionsOf(p);
      add(attributions[mode], pa.length, ga.length, matchCount(pa, ga, (a, b) => spansMatch(a.quote, b.quote, mode) && part(a.cue, b.cue, mode) && part(a.speaker, b.speaker, mode)));
    }
  });
  const scores = (c: Record<MatchMode, Counts>) => ({ exact: score(c.exact), overlap: score(c.overlap) });
  return {
    articles: gold.length,
    labels: Object.fromEntries([...perLabel].map(([l, c]) => [l, scores(c)])),
    directQuotes: scores(direct),
    attributions: scores(attributions),
  };
}

/** The evaluation as lines of a table for a person (F1 in per cent). */
export function describeEvaluation(e: Evaluation): string[] {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const row = (name: string, s: Record<MatchMode, Score>) =>
    `${name.padEnd(14)} ${pct(s.overlap.precision)} ${pct(s.overlap.recall)} ${pct(s.overlap.f1)}   ${pct(s.exact.precision)} ${pct(s.exact.recall)} ${pct(s.exact.f1)}   ${String(s.overlap.tp + s.overlap.fn).padStart(5)}`;
  return [
    `${e.articles} article${e.articles === 1 ? '' : 's'}; precision, recall and F1 in per cent`,
    `${''.padEnd(14)} ${'overlap'.padEnd(17)}   ${'exact'.padEnd(17)}   gold`,
    `${'label'.padEnd(14)}     P     R    F1       P     R    F1`,
    ...Object.entries(e.labels).map(([l, s]) => row(l, s)),
    row('direct quotes', e.directQuotes),
    row('attributions', e.attributions),
  ];
}
