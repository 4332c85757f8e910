/**
 * Running the suggester over gold documents and scoring it: at cold start (rules only), with a
 * model, and as a learning curve (train on the first 5, 10, 25, 50… articles, test on the rest).
 * Pure; the order of the documents decides which are trained on.
 */

import type { ArticleDoc } from '../model/types.js';
import { counterIds } from '../model/ids.js';
import { buildSuggestions } from './build.js';
import { evaluate, type Annotated, type Evaluation } from './evaluate.js';
import { suggestFor, trainModel, type SuggestModel } from './model.js';
import { SUGGESTED_LABELS } from './proposal.js';

const NOW = '2026-01-01T00:00:00.000Z';

/** What the suggester proposes for each of `docs` as if it had no annotations. */
export function predictDocs(docs: readonly ArticleDoc[], model?: SuggestModel): Annotated[] {
  return docs.map((d) => buildSuggestions({ ...d, spans: [], links: [], events: [] }, suggestFor(d.article.text, model), { newId: counterIds(), now: NOW }));
}

/** `docs` cut down to the labels the suggester proposes, so Claims do not count as misses. */
export const goldOf = (docs: readonly ArticleDoc[]): Annotated[] =>
  docs.map((d) => {
    const spans = d.spans.filter((s) => (SUGGESTED_LABELS as readonly string[]).includes(s.label));
    const ids = new Set(spans.map((s) => s.id));
    return { spans, links: d.links.filter((l) => ids.has(l.from) && ids.has(l.to)) };
  });

/** The suggester (rules, or `model`) scored on `docs`. */
export function evaluateOn(docs: readonly ArticleDoc[], model?: SuggestModel): Evaluation {
  return evaluate(goldOf(docs), predictDocs(docs, model), SUGGESTED_LABELS);
}

/** One point: trained on `train` articles, scored on the `test` others; `rules`: the rules alone on the same articles. */
export type CurvePoint = { train: number; test: number; evaluation: Evaluation; rules: Evaluation };

/** The sizes of a learning curve over `n` documents: 5, 10, 25, 50, 100, 200… below `n`. */
export function curveSizes(n: number): number[] {
  const out: number[] = [];
  for (const s of [5, 10, 25, 50, 100, 200, 500, 1000]) if (s < n) out.push(s);
  return out;
}

/** Trains on the first `size` documents and tests on the rest, for each size; 0 is the rules alone. */
export function learningCurve(docs: readonly ArticleDoc[], sizes: readonly number[] = curveSizes(docs.length)): CurvePoint[] {
  const all = evaluateOn(docs);
  const points: CurvePoint[] = [{ train: 0, test: docs.length, evaluation: all, rules: all }];
  for (const size of sizes) {
    const test = docs.slice(size);
    if (!test.length) continue;
    const model = trainModel(docs.slice(0, size), { now: NOW });
    points.push({ train: size, test: test.length, evaluation: evaluateOn(test, model), rules: evaluateOn(test) });
  }
  return points;
}
