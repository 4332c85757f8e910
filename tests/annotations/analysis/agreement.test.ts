/** The agreement report and its drill-down: F1 exact and by overlap, kappa, αu per pair and over all, links, sources. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agreementReport, f1 } from '../../../annotations/analysis/agreement.js';
import { articleRows, spanDiff } from '../../../annotations/analysis/agreement-detail.js';
import { CURATED_LAYER } from '../../../annotations/model/layers.js';
import type { ArticleDoc, Link, Span } from '../../../annotations/index.js';
import { articleDoc, span } from '../../helpers/project.js';

const TEXT = 'Alice Smith said the budget was late. Bob Jones denied it firmly. The minister spoke later.';
const at = (needle: string): [number, number] => {
  const i = TEXT.indexOf(needle);
  if (i < 0) throw new Error(needle);
  return [i, i + needle.length];
};
const doc = (id: string, spans: Span[], links: Link[] = []): ArticleDoc => ({ ...articleDoc(id, TEXT), spans, links });
const s = (id: string, label: string, needle: string, annotator: string, extra: Partial<Span> = {}): Span => span(articleDoc('a-1', TEXT), id, label, ...at(needle), { annotator, ...extra });
const link = (id: string, type: string, from: string, to: string, annotator: string): Link => ({ id, type, from, to, annotator });

describe('agreement', () => {
  it('computes exact and overlap F1 micro-averaged over the articles both annotated', () => {
    const docs = [
      doc('a-1', [
        s('a1', 'Speaker', 'Alice Smith', 'alice'), s('b1', 'Speaker', 'Alice Smith', 'bob'),
        s('a2', 'Quote', 'the budget was late', 'alice'), s('b2', 'Quote', 'budget was late', 'bob'),
      ]),
      doc('a-2', [s('a3', 'Speaker', 'Bob Jones', 'alice'), s('b3', 'Quote', 'denied it', 'bob')]),
      // Only carol: no pair with her.
      doc('a-3', [s('c1', 'Speaker', 'Bob Jones', 'carol')]),
    ];
    const r = agreementReport(docs, { labels: ['Speaker', 'Quote'] });
    expect(r.layers).toEqual(['alice', 'bob', 'carol']);
    const row = (label: string) => r.pairs.find((p) => p.label === label && p.annotators.join() === 'alice,bob')!;
    // Speaker: alice 2 spans (1 matched), bob 1 (1 matched): P = 1/2, R = 1, F1 = 2/3.
    expect(row('Speaker')).toMatchObject({ articles: 2, spans: [2, 1], exactMatches: [1, 1] });
    expect(row('Speaker').exactF1).toBeCloseTo(2 / 3, 12);
    // Quote: 1 vs 2, none exact; one overlaps each way: P = 1, R = 1/2.
    expect(row('Quote').exactF1).toBe(0);
    expect(row('Quote').overlapF1).toBeCloseTo(2 / 3, 12);
    expect(r.pairs.some((p) => p.annotators.includes('carol'))).toBe(false);
    expect(r.articles).toBe(2);
    // αu over all three: no article all three annotated.
    expect(r.alphaArticles).toBe(0);
    expect(r.alphaU).toEqual({ Speaker: null, Quote: null });
  });

  it('gives 1 for perfect agreement, and kappa and αu close to the exact figures', () => {
    const spans = (who: string) => [s(`${who}1`, 'Speaker', 'Alice Smith', who), s(`${who}2`, 'Quote', 'the budget was late', who)];
    const r = agreementReport([doc('a-1', [...spans('alice'), ...spans('bob'), ...spans('carol')])]);
    for (const p of r.pairs) expect([p.exactF1, p.overlapF1, p.kappa, p.alphaU]).toEqual([1, 1, 1, 1]);
    expect(r.alphaU).toEqual({ Quote: 1, Speaker: 1 });
    expect(r.alphaUOverall).toBe(1);
    expect(r.alphaArticles).toBe(1);
  });

  it('compares links between matched spans and the sources of matched speaker mentions', () => {
    const d = doc('a-1', [
      s('a1', 'Speaker', 'Alice Smith', 'alice', { sourceId: 'src-alice' }), s('a2', 'Quote', 'the budget was late', 'alice'), s('a3', 'Speaker', 'Bob Jones', 'alice', { sourceId: 'src-bob' }),
      s('b1', 'Speaker', 'Alice Smith', 'bob', { sourceId: 'src-alice' }), s('b2', 'Quote', 'the budget was late', 'bob'), s('b3', 'Speaker', 'Bob Jones', 'bob', { sourceId: 'src-other' }),
      s('b4', 'Quote', 'denied it firmly', 'bob'),
    ], [
      link('l1', 'said-by', 'a2', 'a1', 'alice'), link('l2', 'said-by', 'b2', 'b3', 'bob'),
      // Its quote has no match in alice's layer: not compared.
      link('l3', 'said-by', 'b4', 'b3', 'bob'),
    ]);
    const r = agreementReport([d], { sourceLabels: ['Speaker'] });
    expect(r.links).toEqual([{ annotators: ['alice', 'bob'], type: 'said-by', compared: [1, 1], agreed: 0, f1: 0 }]);
    expect(r.sources).toEqual([{ annotators: ['alice', 'bob'], compared: 2, same: 1, agreement: 0.5 }]);
  });

  it('leaves the curated layer out unless asked, and never counts it in αu', () => {
    const d = doc('a-1', [
      s('a1', 'Speaker', 'Alice Smith', 'alice'), s('b1', 'Speaker', 'Alice Smith', 'bob'),
      s('c1', 'Speaker', 'Bob Jones', 'carol-the-curator', { layer: CURATED_LAYER }),
    ]);
    expect(agreementReport([d]).layers).toEqual(['alice', 'bob']);
    const withCurated = agreementReport([d], { withCurated: true });
    expect(withCurated.layers).toEqual(['alice', 'bob', CURATED_LAYER]);
    expect(withCurated.pairs.map((p) => p.annotators.join())).toEqual(['alice,bob', `alice,${CURATED_LAYER}`, `bob,${CURATED_LAYER}`]);
    expect(withCurated.alphaU.Speaker).toBe(1);
  });

  it('filters by label and article, and drills down to the articles and the spans that differ', () => {
    const docs = [
      doc('a-1', [s('a1', 'Speaker', 'Alice Smith', 'alice'), s('b1', 'Speaker', 'Alice Smith', 'bob', { sourceId: 'x' }), s('a2', 'Quote', 'the budget was late', 'alice'), s('b2', 'Quote', 'budget was late', 'bob')]),
      doc('a-2', [s('a3', 'Quote', 'denied it', 'alice'), s('b3', 'Cue', 'denied', 'bob')]),
    ];
    expect(agreementReport(docs, { label: 'Quote' }).labels).toEqual(['Quote']);
    expect(agreementReport(docs, { article: 'a-2' }).pairs.every((p) => p.articles === 1)).toBe(true);
    const rows = articleRows(docs, 'alice', 'bob');
    expect(rows.map((x) => [x.articleId, x.exactF1, x.disagreements])).toEqual([['a-2', 0, 2], ['a-1', 0.5, 2]]);
    expect(spanDiff(docs[0]!, 'alice', 'bob').map((x) => [x.status, x.label, x.a?.text, x.b?.text, x.sourceDiffers])).toEqual([
      ['exact', 'Speaker', 'Alice Smith', 'Alice Smith', true], ['overlap', 'Quote', 'the budget was late', 'budget was late', undefined],
    ]);
    expect(spanDiff(docs[1]!, 'alice', 'bob').map((x) => x.status)).toEqual(['onlyB', 'onlyA']);
  });

  it('F1 is null with nothing on either side, 0 with nothing on one', () => {
    expect(f1(0, 0, 0, 0)).toBeNull();
    expect(f1(0, 3, 0, 0)).toBe(0);
  });

  const needles = ['Alice Smith', 'the budget', 'budget was late', 'Bob Jones', 'denied it', 'it firmly', 'The minister', 'spoke later'];
  const layerSpans = fc.uniqueArray(fc.record({ needle: fc.constantFrom(...needles), label: fc.constantFrom('Speaker', 'Quote') }), { selector: (x) => x.needle + x.label, minLength: 1, maxLength: 6 });

  it('properties: a layer against itself gives 1, every pair measure is symmetric and within range', () => {
    fc.assert(fc.property(layerSpans, layerSpans, (xs, ys) => {
      const mk = (who: string, list: typeof xs) => list.map((x, i) => s(`${who}${i}`, x.label, x.needle, who));
      const self = agreementReport([doc('a-1', [...mk('alice', xs), ...mk('bob', xs)])]);
      for (const p of self.pairs) {
        if (p.spans[0] === 0) continue;
        expect(p.exactF1).toBe(1);
        expect(p.overlapF1).toBe(1);
        expect(p.kappa).toBeCloseTo(1, 12);
        expect(p.alphaU).toBeCloseTo(1, 12);
      }
      const ab = agreementReport([doc('a-1', [...mk('alice', xs), ...mk('bob', ys)])]);
      const ba = agreementReport([doc('a-1', [...mk('alice', ys), ...mk('bob', xs)])]);
      ab.pairs.forEach((p, i) => {
        const q = ba.pairs[i]!;
        for (const k of ['exactF1', 'overlapF1', 'kappa', 'alphaU'] as const) {
          if (p[k] === null) expect(q[k]).toBeNull();
          else expect(q[k]).toBeCloseTo(p[k], 12);
        }
        for (const v of [p.exactF1, p.overlapF1]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
        if (p.exactF1 !== null && p.overlapF1 !== null) expect(p.overlapF1).toBeGreaterThanOrEqual(p.exactF1 - 1e-12);
      });
    }));
  });
});
