/**
 * Agreement between annotators' layers (issue 18): per pair of annotator layers and per label,
 * on the articles both annotated (an article is annotated by a layer when the layer has a span,
 * link or event there):
 *
 * - `exactF1`: A's span matches when B has one with the same label and fragments (`match.ts`);
 *   precision = matched A spans / A spans, recall = matched B spans / B spans, F1 their harmonic
 *   mean, counted over all those articles together (micro-averaged);
 * - `overlapF1`: the same with "at least one character in common" as the match;
 * - `kappa`: Cohen's kappa on characters (`kappa.ts`);
 * - `alphaU`: Krippendorff's αu of the pair (`alpha.ts`);
 *
 * and over every annotator layer at once, αu per label on the articles all of them annotated
 * (their texts one after the other as one continuum). Links: a link agrees when the other
 * layer has a link of the same type between the spans that match its ends exactly, counted
 * over the links whose two ends both match. Sources: matched speaker mentions naming the same
 * source. A value is null when there is nothing to compare (neither layer has such a span).
 *
 * Pure: documents in, figures out. The curated layer takes part only when asked (`withCurated`,
 * its pairs shown "vs curated"); it never enters αu over the annotators.
 */

import { CURATED_LAYER, splitLayers } from '../model/layers.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { spanKey, spansMatch } from './match.js';
import { addTable, cohenKappa, emptyTable, mergeRanges, mergedTable, type BinaryTable, type Range } from './kappa.js';
import { categoryAlpha, combinedAlpha, type AlphaResult, type Unit } from './alpha.js';

export type AgreementOptions = {
  /** Only this label's spans (and the links starting from them). */
  label?: string | undefined;
  /** Only this article. */
  article?: string | undefined;
  /** Labels in the order to report them (the schema's); labels seen in the data are added after. */
  labels?: readonly string[] | undefined;
  /** Labels whose spans name a source (`refersToSource`); default: any span with a source. */
  sourceLabels?: readonly string[] | undefined;
  /** Compare the curated layer with each annotator too ("vs curated"). */
  withCurated?: boolean | undefined;
  /** Layers that are no annotator's (pending suggestions). */
  ignoreLayers?: readonly string[] | undefined;
};

/** What one pair agrees on for one label over one or more articles. */
export type PairCounts = {
  /** Spans of A and of B. */
  spansA: number;
  spansB: number;
  exactA: number;
  exactB: number;
  overlapA: number;
  overlapB: number;
  table: BinaryTable;
};

export type PairAgreementRow = {
  annotators: [string, string];
  label: string;
  exactF1: number | null;
  overlapF1: number | null;
  kappa: number | null;
  alphaU: number | null;
  /** Articles both annotated. */
  articles: number;
  spans: [number, number];
  /** Spans of A and of B with an exact match in the other. */
  exactMatches: [number, number];
};

export type LinkAgreementRow = { annotators: [string, string]; type: string; compared: [number, number]; agreed: number; f1: number | null };
export type SourceAgreementRow = { annotators: [string, string]; compared: number; same: number; agreement: number | null };

export type AgreementReport = {
  /** The annotator layers compared (the curated layer last when asked for). */
  layers: string[];
  labels: string[];
  pairs: PairAgreementRow[];
  /** αu per label over every annotator layer, on the articles all of them annotated. */
  alphaU: Record<string, number | null>;
  /** αu over every label at once (DKPro's overall value). */
  alphaUOverall: number | null;
  /** The articles αu over all annotators is computed on. */
  alphaArticles: number;
  links: LinkAgreementRow[];
  sources: SourceAgreementRow[];
  /** Articles with at least two of the layers compared. */
  articles: number;
};

/** Harmonic mean of precision a/na and recall b/nb; null when neither side has anything. */
export function f1(matchedA: number, totalA: number, matchedB: number, totalB: number): number | null {
  if (totalA === 0 && totalB === 0) return null;
  if (totalA === 0 || totalB === 0) return 0;
  const p = matchedA / totalA;
  const r = matchedB / totalB;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** The fragments of spans as ranges. */
const rangesOf = (spans: readonly Span[]) => spans.flatMap((s) => s.fragments.map((f) => ({ start: f.start, end: f.end })));

/** Span keys (`match.ts`), made once per span: the report asks for each several times. */
const keys = new WeakMap<Span, string>();
export function keyOf(s: Span): string {
  let k = keys.get(s);
  if (k === undefined) keys.set(s, (k = spanKey(s)));
  return k;
}

/** How many of `xs` match some span of `ys` under `mode`. */
function matchedCount(xs: readonly Span[], ys: readonly Span[], mode: 'exact' | 'overlap'): number {
  if (mode === 'exact') {
    const set = new Set(ys.map(keyOf));
    return xs.filter((x) => set.has(keyOf(x))).length;
  }
  return xs.filter((x) => ys.some((y) => spansMatch(x, y, 'overlap'))).length;
}

/** The characters spans cover, merged and within a text of `length`. */
const coverOf = (length: number, spans: readonly Span[]): Range[] =>
  mergeRanges(rangesOf(spans).map((r) => ({ start: Math.max(0, r.start), end: Math.min(length, r.end) })));

/**
 * A's and B's spans of one label in one article of `length` characters, compared; `cover`
 * gives what each covers when the caller has it already.
 */
export function compareSpans(length: number, a: readonly Span[], b: readonly Span[], cover?: [Range[], Range[]]): PairCounts {
  const [ca, cb] = cover ?? [coverOf(length, a), coverOf(length, b)];
  return {
    spansA: a.length, spansB: b.length,
    exactA: matchedCount(a, b, 'exact'), exactB: matchedCount(b, a, 'exact'),
    overlapA: matchedCount(a, b, 'overlap'), overlapB: matchedCount(b, a, 'overlap'),
    table: mergedTable(length, ca, cb),
  };
}

/** What the report needs of one layer of one article, made once however many pairs it is in. */
type LayerFacts = { keys: Set<string>; byKey: Map<string, Span>; links: Map<string, string[]>; cover: Map<string, Range[]> };

function layerFacts(length: number, layer: LayerCut, labels: readonly string[], label: string | undefined): LayerFacts {
  const byKey = new Map<string, Span>();
  for (const s of layer.doc.spans) if (!byKey.has(keyOf(s))) byKey.set(keyOf(s), s);
  const cover = new Map<string, Range[]>();
  for (const l of labels) cover.set(l, coverOf(length, layer.spans.get(l) ?? []));
  return { keys: new Set(byKey.keys()), byKey, links: linkKeys(layer.doc, label), cover };
}

export const emptyCounts = (): PairCounts => ({ spansA: 0, spansB: 0, exactA: 0, exactB: 0, overlapA: 0, overlapB: 0, table: emptyTable() });

export function addCounts(into: PairCounts, c: PairCounts): PairCounts {
  into.spansA += c.spansA;
  into.spansB += c.spansB;
  into.exactA += c.exactA;
  into.exactB += c.exactB;
  into.overlapA += c.overlapA;
  into.overlapB += c.overlapB;
  addTable(into.table, c.table);
  return into;
}

/** The figures of a pair's counts. */
export const scoresOf = (c: PairCounts): { exactF1: number | null; overlapF1: number | null; kappa: number | null } => ({
  exactF1: f1(c.exactA, c.spansA, c.exactB, c.spansB),
  overlapF1: f1(c.overlapA, c.spansA, c.overlapB, c.spansB),
  kappa: c.spansA + c.spansB === 0 ? null : cohenKappa(c.table),
});

/** One article cut into the layers compared: each layer's spans by label, and its links. */
export type LayerCut = { spans: Map<string, Span[]>; doc: ArticleDoc };
export type ArticleLayers = { doc: ArticleDoc; layers: Map<string, LayerCut> };

/** The annotator layers of `doc` (and the curated one when asked), each with its spans by label. */
export function articleLayers(doc: ArticleDoc, opts: AgreementOptions = {}): ArticleLayers {
  const ignore = new Set(opts.ignoreLayers ?? []);
  const layers: ArticleLayers['layers'] = new Map();
  for (const [layer, view] of splitLayers(doc)) {
    if (ignore.has(layer) || (layer === CURATED_LAYER && !opts.withCurated)) continue;
    const spans = new Map<string, Span[]>();
    for (const s of view.spans) {
      if (opts.label !== undefined && s.label !== opts.label) continue;
      const list = spans.get(s.label);
      if (list) list.push(s);
      else spans.set(s.label, [s]);
    }
    layers.set(layer, { spans, doc: view });
  }
  return { doc, layers };
}

/** Layer names sorted with the curated layer last. */
export const sortLayers = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort((a, b) => (a === CURATED_LAYER ? 1 : b === CURATED_LAYER ? -1 : a < b ? -1 : a > b ? 1 : 0));

/** Every pair of `layers` (a < b in their order). */
export const pairsOf = (layers: readonly string[]): [string, string][] => layers.flatMap((a, i) => layers.slice(i + 1).map((b): [string, string] => [a, b]));

const pairKey = (a: string, b: string, label: string) => `${a}\u0000${b}\u0000${label}`;

/** Links of a layer by `type|fromKey|toKey`, those starting from `label`'s spans when one is given. */
function linkKeys(view: ArticleDoc, label: string | undefined): Map<string, string[]> {
  const spans = new Map(view.spans.map((s) => [s.id, s]));
  const byType = new Map<string, string[]>();
  for (const l of view.links) {
    const from = spans.get(l.from);
    const to = spans.get(l.to);
    if (!from || !to || (label !== undefined && from.label !== label)) continue;
    const list = byType.get(l.type) ?? [];
    list.push(`${keyOf(from)}|${keyOf(to)}`);
    byType.set(l.type, list);
  }
  return byType;
}

/** The agreement report over `docs` (see the module's comment). */
export function agreementReport(docs: Iterable<ArticleDoc>, opts: AgreementOptions = {}): AgreementReport {
  const cut: ArticleLayers[] = [];
  const seenLabels = new Set<string>();
  const allLayers = new Set<string>();
  for (const doc of docs) {
    if (opts.article !== undefined && doc.article.id !== opts.article) continue;
    const a = articleLayers(doc, opts);
    if (!a.layers.size) continue;
    cut.push(a);
    for (const [name, l] of a.layers) {
      allLayers.add(name);
      for (const label of l.spans.keys()) seenLabels.add(label);
    }
  }
  const layers = sortLayers(allLayers);
  const labels = [...(opts.labels ?? []).filter((l) => opts.label === undefined || l === opts.label)];
  for (const l of [...seenLabels].sort()) if (!labels.includes(l)) labels.push(l);
  const annotators = layers.filter((l) => l !== CURATED_LAYER);
  const sourceLabels = opts.sourceLabels ? new Set(opts.sourceLabels) : undefined;

  const counts = new Map<string, PairCounts>();
  const shared = new Map<string, number>();
  const pairUnits = new Map<string, { units: Unit[]; length: number }>();
  const links = new Map<string, { a: number; b: number; agreed: number }>();
  const sources = new Map<string, { compared: number; same: number }>();
  let withTwo = 0;
  for (const art of cut) {
    const here = layers.filter((l) => art.layers.has(l));
    if (here.length >= 2) withTwo++;
    const length = art.doc.article.text.length;
    const facts = new Map(here.map((l) => [l, layerFacts(length, art.layers.get(l)!, labels, opts.label)]));
    for (const [a, b] of pairsOf(here)) {
      const la = art.layers.get(a)!;
      const lb = art.layers.get(b)!;
      const fa = facts.get(a)!;
      const fb = facts.get(b)!;
      const pk = pairKey(a, b, '');
      shared.set(pk, (shared.get(pk) ?? 0) + 1);
      const pu = pairUnits.get(pk) ?? { units: [], length: 0 };
      pairUnits.set(pk, pu);
      for (const label of labels) {
        const sa = la.spans.get(label) ?? [];
        const sb = lb.spans.get(label) ?? [];
        const key = pairKey(a, b, label);
        const cover: [Range[], Range[]] = [fa.cover.get(label)!, fb.cover.get(label)!];
        addCounts(counts.get(key) ?? counts.set(key, emptyCounts()).get(key)!, compareSpans(length, sa, sb, cover));
        cover.forEach((ranges, rater) => {
          for (const r of ranges) pu.units.push({ offset: pu.length + r.start, length: r.end - r.start, rater, category: label });
        });
      }
      pu.length += length;
      // Links whose both ends match exactly, by type.
      const ka = fa.links;
      const kb = fb.links;
      const keysA = fa.keys;
      const keysB = fb.keys;
      for (const type of new Set([...ka.keys(), ...kb.keys()])) {
        const bothEnds = (k: string, other: Set<string>) => k.split('|').every((end) => other.has(end));
        const ca = new Set((ka.get(type) ?? []).filter((k) => bothEnds(k, keysB)));
        const cb = new Set((kb.get(type) ?? []).filter((k) => bothEnds(k, keysA)));
        const lk = JSON.stringify([a, b, type]);
        const row = links.get(lk) ?? { a: 0, b: 0, agreed: 0 };
        row.a += ca.size;
        row.b += cb.size;
        for (const k of ca) if (cb.has(k)) row.agreed++;
        links.set(lk, row);
      }
      // Speaker mentions matched exactly: the same source?
      const bByKey = fb.byKey;
      const src = sources.get(pk) ?? { compared: 0, same: 0 };
      for (const s of la.doc.spans) {
        if (opts.label !== undefined && s.label !== opts.label) continue;
        const t = bByKey.get(keyOf(s));
        if (!t) continue;
        const speaker = sourceLabels ? sourceLabels.has(s.label) : s.sourceId !== undefined || t.sourceId !== undefined;
        if (!speaker) continue;
        src.compared++;
        if ((s.sourceId ?? null) === (t.sourceId ?? null)) src.same++;
      }
      sources.set(pk, src);
    }
  }

  const pairs: PairAgreementRow[] = [];
  for (const [a, b] of pairsOf(layers)) {
    const pk = pairKey(a, b, '');
    const n = shared.get(pk) ?? 0;
    if (!n) continue;
    const pu = pairUnits.get(pk)!;
    const study = { begin: 0, length: pu.length, raters: 2, units: pu.units };
    for (const label of labels) {
      const c = counts.get(pairKey(a, b, label)) ?? emptyCounts();
      pairs.push({
        annotators: [a, b], label, ...scoresOf(c), alphaU: categoryAlpha(study, label).alpha, articles: n,
        spans: [c.spansA, c.spansB], exactMatches: [c.exactA, c.exactB],
      });
    }
  }

  // αu over every annotator layer, on the articles all of them annotated.
  const alphaU: Record<string, number | null> = {};
  const units: Unit[] = [];
  let length = 0;
  let alphaArticles = 0;
  if (annotators.length >= 2) {
    for (const art of cut) {
      if (!annotators.every((l) => art.layers.has(l))) continue;
      alphaArticles++;
      annotators.forEach((layer, rater) => {
        for (const [label, spans] of art.layers.get(layer)!.spans) {
          for (const r of mergeRanges(rangesOf(spans))) units.push({ offset: length + r.start, length: r.end - r.start, rater, category: label });
        }
      });
      length += art.doc.article.text.length;
    }
  }
  const study = { begin: 0, length, raters: annotators.length, units };
  const used = new Set(units.map((u) => u.category));
  const results: AlphaResult[] = [];
  for (const label of labels) {
    const r = alphaArticles ? categoryAlpha(study, label) : null;
    alphaU[label] = r ? r.alpha : null;
    if (r && used.has(label)) results.push(r);
  }
  const alphaUOverall = alphaArticles ? combinedAlpha(results).alpha : null;

  const linkRows: LinkAgreementRow[] = [...links].map(([k, v]) => {
    const [a, b, type] = JSON.parse(k) as [string, string, string];
    return { annotators: [a, b], type, compared: [v.a, v.b], agreed: v.agreed, f1: v.a + v.b === 0 ? null : (2 * v.agreed) / (v.a + v.b) };
  });
  const sourceRows: SourceAgreementRow[] = [...sources].map(([k, v]) => {
    const [a, b] = k.split('\u0000') as [string, string];
    return { annotators: [a, b], compared: v.compared, same: v.same, agreement: v.compared ? v.same / v.compared : null };
  });
  return { layers, labels, pairs, alphaU, alphaUOverall, alphaArticles, links: linkRows, sources: sourceRows, articles: withTwo };
}
