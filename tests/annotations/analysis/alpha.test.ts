/**
 * αu against the worked examples DKPro Agreement tests it with (Krippendorff 1995: 57;
 * Krippendorff 2004: 254; DKPro's own UnitizingAgreementTest), and its properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categoryAlpha, expectedDisagreement, observedDisagreement, studyAlpha, unitDistance, type Unit, type UnitizingStudy } from '../../../annotations/analysis/alpha.js';

/** JUnit's assertEquals(expected, actual, delta), as DKPro's tests state their tolerances. */
const near = (x: number | null, want: number, delta: number) => expect(Math.abs(x! - want)).toBeLessThanOrEqual(delta);

const unit = (offset: number, length: number, rater: number, category: string): Unit => ({ offset, length, rater, category });

/** Krippendorff (1995: 57), four pairs of coders over 24 positions, stretched as DKPro does. */
function example1995(stretch: number): UnitizingStudy {
  const s = (n: number) => Math.trunc(n * stretch);
  const u = (o: number, l: number, r: number, c: string) => unit(s(o), s(l), r, c);
  return {
    begin: 0, length: s(24), raters: 2,
    units: [
      u(2, 8, 0, 'A'), u(14, 6, 0, 'A'), u(4, 4, 1, 'A'), u(15, 2, 1, 'A'),
      u(0, 18, 0, 'B'), u(0, 2, 1, 'B'), u(2, 1, 1, 'B'), u(3, 1, 1, 'B'), u(4, 1, 1, 'B'), u(5, 1, 1, 'B'), u(6, 3, 1, 'B'), u(9, 1, 1, 'B'),
      u(2, 6, 0, 'C'), u(10, 2, 0, 'C'), u(14, 4, 0, 'C'), u(20, 2, 0, 'C'), u(0, 2, 1, 'C'), u(4, 4, 1, 'C'), u(10, 4, 1, 'C'), u(16, 2, 1, 'C'), u(20, 2, 1, 'C'),
      u(0, 2, 0, 'D'), u(2, 8, 0, 'D'), u(10, 4, 0, 'D'), u(14, 6, 0, 'D'), u(20, 4, 0, 'D'),
      u(0, 4, 1, 'D'), u(4, 4, 1, 'D'), u(8, 7, 1, 'D'), u(15, 2, 1, 'D'), u(17, 7, 1, 'D'),
    ],
  };
}

/** Krippendorff (2004: 254): two observers, categories c and k on [150, 450). */
const example2004: UnitizingStudy = {
  begin: 150, length: 300, raters: 2,
  units: [
    unit(225, 70, 0, 'c'), unit(370, 30, 0, 'c'), unit(220, 80, 1, 'c'), unit(355, 20, 1, 'c'), unit(400, 20, 1, 'c'),
    unit(180, 60, 0, 'k'), unit(300, 50, 0, 'k'), unit(180, 60, 1, 'k'), unit(300, 50, 1, 'k'),
  ],
};

describe("Krippendorff's unitized alpha", () => {
  it('measures the distances of Krippendorff (2004) and DKPro', () => {
    expect(unitDistance(2, 3, null, 2, 2, 'X') + unitDistance(5, 6, 'X', 4, 7, null)).toBe(40);
    expect(unitDistance(5, 6, 'X', 4, 2, 'X')).toBe(26);
    expect(unitDistance(5, 6, 'X', 5, 2, 'X')).toBe(16);
    expect(unitDistance(5, 6, 'X', 6, 2, 'X')).toBe(10);
    expect(unitDistance(5, 6, 'X', 7, 2, 'X')).toBe(8);
    expect(unitDistance(5, 6, 'X', 6, 4, 'X')).toBe(2);
    expect(unitDistance(5, 6, 'X', 5, 6, 'X')).toBe(0);
    expect(unitDistance(225, 70, 'c', 220, 80, 'c')).toBe(50);
    expect(unitDistance(370, 30, 'c', 355, 20, 'c')).toBe(850);
    expect(unitDistance(400, 50, null, 400, 20, 'c')).toBe(400);
    expect(unitDistance(1, 8, 'A', 2, 1, 'A')).toBe(37);
    expect(unitDistance(1, 8, 'A', 3, 1, null)).toBe(0);
  });

  it('gives the values of Krippendorff (2004: 254)', () => {
    near(observedDisagreement(example2004, 'c'), 0.0144, 0.0001);
    near(expectedDisagreement(example2004, 'c'), 0.0532, 0.0001);
    near(categoryAlpha(example2004, 'c').alpha, 0.7286, 0.0001);
    expect(observedDisagreement(example2004, 'k')).toBe(0);
    near(expectedDisagreement(example2004, 'k'), 0.049, 0.0001);
    expect(categoryAlpha(example2004, 'k').alpha).toBe(1);
    expect(Math.abs(studyAlpha(example2004).alpha! - 0.8591)).toBeLessThan(0.0005);
  });

  it('gives the values of Krippendorff (1995: 57) as DKPro does', () => {
    const small = example1995(1);
    near(observedDisagreement(small, 'A'), 0.03125, 0.00001);
    near(observedDisagreement(small, 'B'), 2.26736, 0.00001);
    near(observedDisagreement(small, 'C'), 0.02777, 0.00001);
    near(observedDisagreement(small, 'D'), 0.38715, 0.00001);
    const large = example1995(1_200_000 / 24);
    near(expectedDisagreement(large, 'A'), 0.0699, 0.005);
    near(expectedDisagreement(large, 'B'), 1.17731, 0.005);
    near(expectedDisagreement(large, 'C'), 0.08642, 0.005);
    near(expectedDisagreement(large, 'D'), 0.41445, 0.005);
    near(categoryAlpha(large, 'A').alpha!, 0.553, 0.02);
    near(categoryAlpha(large, 'B').alpha!, -0.926, 0.02);
    near(categoryAlpha(large, 'C').alpha!, 0.679, 0.02);
    near(categoryAlpha(large, 'D').alpha!, 0.066, 0.02);
    const c = example1995(12 / 24);
    near(observedDisagreement(example1995(1), 'C'), 0.02777, 0.00001);
    near(expectedDisagreement(c, 'C'), 0.05494, 0.00001);
  });

  it("gives DKPro's values for its own examples", () => {
    // r0: -11111111-   r1: --1-1-1---
    const study: UnitizingStudy = { begin: 0, length: 10, raters: 2, units: [unit(1, 8, 0, 'A'), unit(2, 1, 1, 'A'), unit(4, 1, 1, 'A'), unit(6, 1, 1, 'A')] };
    near(observedDisagreement(study, 'A'), 0.91, 0.0001);
    near(expectedDisagreement(study, 'A'), 0.5351, 0.0001);
    near(categoryAlpha(study, 'A').alpha, -0.7003, 0.0001);
    expect(studyAlpha({ begin: 0, length: 20, raters: 3, units: [unit(0, 1, 0, 'X')] }).alpha).toBeCloseTo(0, 10);
    expect(studyAlpha({ begin: 0, length: 20, raters: 3, units: [] }).alpha).toBeNull();
  });

  const studies = fc.integer({ min: 2, max: 4 }).chain((raters) =>
    fc.record({
      raters: fc.constant(raters),
      length: fc.integer({ min: 20, max: 200 }),
      cuts: fc.array(fc.record({ rater: fc.integer({ min: 0, max: raters - 1 }), start: fc.integer({ min: 0, max: 180 }), len: fc.integer({ min: 1, max: 20 }) }), { maxLength: 12 }),
    }),
  );
  /** Non-overlapping units per rater (a later unit that overlaps an earlier one of its rater is dropped). */
  const build = (s: { raters: number; length: number; cuts: { rater: number; start: number; len: number }[] }): UnitizingStudy => {
    const units: Unit[] = [];
    for (const c of s.cuts) {
      const end = Math.min(s.length, c.start + c.len);
      if (c.start >= end || units.some((u) => u.rater === c.rater && u.offset < end && c.start < u.offset + u.length)) continue;
      units.push(unit(c.start, end - c.start, c.rater, 'X'));
    }
    return { begin: 0, length: s.length, raters: s.raters, units };
  };

  it('is 1 when every rater marks the same units, and at most 1 always', () => {
    fc.assert(fc.property(studies, (s) => {
      const study = build(s);
      const first = study.units.filter((u) => u.rater === study.units[0]?.rater);
      const same: UnitizingStudy = { ...study, units: Array.from({ length: study.raters }, (_, r) => first.map((u) => ({ ...u, rater: r }))).flat() };
      const a = categoryAlpha(same, 'X').alpha;
      if (first.length) expect(a).toBeCloseTo(1, 10);
      const b = categoryAlpha(study, 'X').alpha;
      if (b !== null) expect(b).toBeLessThanOrEqual(1 + 1e-12);
    }));
  });

  it('does not depend on the order of the raters', () => {
    fc.assert(fc.property(studies, (s) => {
      const study = build(s);
      const flipped: UnitizingStudy = { ...study, units: study.units.map((u) => ({ ...u, rater: study.raters - 1 - u.rater })) };
      const a = categoryAlpha(study, 'X');
      const b = categoryAlpha(flipped, 'X');
      expect(b.observed).toBeCloseTo(a.observed, 12);
      expect(b.expected).toBeCloseTo(a.expected, 12);
    }));
  });
});
