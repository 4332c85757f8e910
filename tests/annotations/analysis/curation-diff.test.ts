/** Curation's units: spans of every layer grouped by overlap and label, what agrees, what is curated, in text order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curationCounts, curationUnits, findUnit, isOpenDisagreement } from '../../../annotations/analysis/curation-diff.js';
import { CURATED_LAYER } from '../../../annotations/model/layers.js';
import type { ArticleDoc, Span } from '../../../annotations/index.js';
import { articleDoc, span } from '../../helpers/project.js';

const TEXT = 'Alice Smith said the budget was late. Bob Jones denied it firmly. The minister spoke later.';
const at = (needle: string): [number, number] => {
  const i = TEXT.indexOf(needle);
  if (i < 0) throw new Error(needle);
  return [i, i + needle.length];
};
const doc = (spans: Span[]): ArticleDoc => ({ ...articleDoc('a-1', TEXT), spans });
const s = (id: string, label: string, needle: string, annotator: string, extra: Partial<Span> = {}): Span => span(articleDoc('a-1', TEXT), id, label, ...at(needle), { annotator, ...extra });

describe('curation units', () => {
  it('marks an exact match of every layer as agreed, and a boundary difference or a missing layer as a disagreement', () => {
    const units = curationUnits(doc([
      s('a1', 'Speaker', 'Alice Smith', 'alice'), s('b1', 'Speaker', 'Alice Smith', 'bob'),
      s('a2', 'Quote', 'the budget was late', 'alice'), s('b2', 'Quote', 'budget was late', 'bob'),
      s('a3', 'Speaker', 'Bob Jones', 'alice'),
    ]));
    expect(units.map((u) => [u.label, u.agreed, u.missing])).toEqual([
      ['Speaker', true, []], ['Quote', false, []], ['Speaker', false, ['bob']],
    ]);
    expect(units[1]!.versions.map((v) => [v.layer, v.spans.map((x) => x.id)])).toEqual([['alice', ['a2']], ['bob', ['b2']]]);
    expect(units[1]!.start).toBe(at('the budget was late')[0]);
    expect(units[1]!.end).toBe(at('the budget was late')[1]);
  });

  it('keeps spans of different labels over the same text apart, and joins a chain of overlaps into one unit', () => {
    const units = curationUnits(doc([
      s('a1', 'Quote', 'the budget', 'alice'), s('b1', 'Quote', 'budget was', 'bob'), s('c1', 'Quote', 'was late', 'carol'),
      s('a2', 'Claim', 'the budget', 'alice'),
    ]));
    expect(units).toHaveLength(2);
    const quote = units.find((u) => u.label === 'Quote')!;
    expect(quote.versions.map((v) => v.layer)).toEqual(['alice', 'bob', 'carol']);
    expect(quote.agreed).toBe(false);
    expect(units.find((u) => u.label === 'Claim')!.missing).toEqual(['bob', 'carol']);
  });

  it('says what the curated layer holds, without counting it as an annotator, and keeps the key when something is curated', () => {
    const spans = [s('a1', 'Quote', 'the budget was late', 'alice'), s('b1', 'Quote', 'budget was late', 'bob')];
    const before = curationUnits(doc(spans))[0]!;
    const after = curationUnits(doc([...spans, s('c1', 'Quote', 'budget was late', 'carol', { layer: CURATED_LAYER })]))[0]!;
    expect(after.curated.map((x) => x.id)).toEqual(['c1']);
    expect(after.versions.map((v) => v.layer)).toEqual(['alice', 'bob']);
    expect(after.key).toBe(before.key);
    expect(isOpenDisagreement(before)).toBe(true);
    expect(isOpenDisagreement(after)).toBe(false);
    expect(isOpenDisagreement(before, new Set([before.key]))).toBe(false);
  });

  it('notes a source or attribute difference between versions that agree on the text', () => {
    const units = curationUnits(doc([
      s('a1', 'Quote', 'the budget was late', 'alice', { attributes: { QuoteType: 'Direct' } }),
      s('b1', 'Quote', 'the budget was late', 'bob', { attributes: { QuoteType: 'Indirect' } }),
    ]));
    expect(units[0]).toMatchObject({ agreed: true, detailsDiffer: true });
    // Still a decision to make: N visits it, and it is not counted as agreed.
    expect(isOpenDisagreement(units[0]!)).toBe(true);
    expect(curationCounts(units)).toMatchObject({ agreed: 0, disagreements: 1, open: 1, agreedNotCurated: 0 });
  });

  it('is not agreed when a layer split what the other kept whole', () => {
    const units = curationUnits(doc([
      s('a1', 'Quote', 'the budget was late', 'alice'), s('b1', 'Quote', 'the budget', 'bob'), s('b2', 'Quote', 'was late', 'bob'),
    ]));
    expect(units).toHaveLength(1);
    expect(units[0]!.versions[1]!.spans.map((x) => x.id)).toEqual(['b1', 'b2']);
    expect(units[0]!.agreed).toBe(false);
  });

  it('counts and steps over the open disagreements, wrapping around', () => {
    const units = curationUnits(doc([
      s('a1', 'Speaker', 'Alice Smith', 'alice'), s('b1', 'Speaker', 'Alice Smith', 'bob'),
      s('a2', 'Quote', 'the budget was late', 'alice'), s('a3', 'Speaker', 'Bob Jones', 'bob'),
    ]));
    const rejected = new Set([units[2]!.key]);
    expect(curationCounts(units, rejected)).toEqual({ units: 3, agreed: 1, disagreements: 2, open: 1, agreedNotCurated: 1, curated: 0, rejected: 1 });
    const open = (u: (typeof units)[number]) => isOpenDisagreement(u, rejected);
    expect(findUnit(units, -1, 1, open)).toBe(1);
    expect(findUnit(units, 1, 1, open)).toBe(1);
    expect(findUnit(units, -1, -1, () => true)).toBe(2);
    expect(findUnit(units, 0, -1, () => true)).toBe(2);
    expect(findUnit([], -1, 1, () => true)).toBe(-1);
  });

  it('puts every span of the compared layers in exactly one unit, in text order (property)', () => {
    const layers = ['alice', 'bob', CURATED_LAYER];
    const arb = fc.array(fc.record({ a: fc.nat(80), len: fc.integer({ min: 1, max: 10 }), label: fc.constantFrom('Quote', 'Speaker'), who: fc.constantFrom(...layers) }), { maxLength: 25 });
    fc.assert(fc.property(arb, (specs) => {
      const base = articleDoc('a-1', TEXT);
      const spans = specs.map((x, i) => {
        const start = Math.min(x.a, TEXT.length - 1);
        return span(base, `s${i}`, x.label, start, Math.min(TEXT.length, start + x.len), x.who === CURATED_LAYER ? { annotator: 'cur', layer: CURATED_LAYER } : { annotator: x.who });
      });
      const units = curationUnits({ ...base, spans });
      const seen = units.flatMap((u) => [...u.versions.flatMap((v) => v.spans), ...u.curated].map((x) => x.id)).sort();
      expect(seen).toEqual(spans.map((x) => x.id).sort());
      for (let i = 1; i < units.length; i++) expect(units[i]!.start).toBeGreaterThanOrEqual(units[i - 1]!.start);
      // No two units of one label overlap.
      for (const u of units) for (const w of units) if (u !== w && u.label === w.label) {
        const us = [...u.versions.flatMap((v) => v.spans), ...u.curated];
        const ws = [...w.versions.flatMap((v) => v.spans), ...w.curated];
        for (const x of us) for (const y of ws) expect(x.fragments[0]!.end <= y.fragments[0]!.start || y.fragments[0]!.end <= x.fragments[0]!.start).toBe(true);
      }
    }), { numRuns: 200 });
  });
});
