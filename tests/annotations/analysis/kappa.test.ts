/** Cohen's kappa on characters against Krippendorff's (1995: 57) digitized examples, as DKPro tests them, and its properties. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { characterTable, cohenKappa, mergeRanges, type Range } from '../../../annotations/analysis/kappa.js';

const r = (start: number, length: number): Range => ({ start, end: start + length });

describe("Cohen's kappa on characters", () => {
  it("gives Krippendorff's (1995) values for his digitized examples A, B and C (24 positions)", () => {
    // A Bertha: 0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0   Bill: 0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
    expect(cohenKappa(characterTable(24, [r(2, 8), r(14, 6)], [r(4, 4), r(15, 2)]))).toBeCloseTo(0.385, 3);
    // B John marks 18 positions as one unit, Jill the first 10 as eight: on characters both read the same as A.
    expect(cohenKappa(characterTable(24, [r(0, 18)], [r(0, 2), r(2, 1), r(3, 1), r(4, 1), r(5, 1), r(6, 3), r(9, 1)]))).toBeCloseTo(0.385, 3);
    // C Gerret and Gill.
    expect(cohenKappa(characterTable(24, [r(2, 6), r(10, 2), r(14, 4), r(20, 2)], [r(0, 2), r(4, 4), r(10, 4), r(16, 2), r(20, 2)]))).toBeCloseTo(0.314, 3);
    // D Heather and Hill mark everything: kappa is undefined (DKPro: InsufficientDataException).
    expect(cohenKappa(characterTable(24, [r(0, 24)], [r(0, 4), r(4, 20)]))).toBeNull();
    expect(cohenKappa(characterTable(24, [], []))).toBeNull();
  });

  it('merges overlapping and touching ranges', () => {
    expect(mergeRanges([r(5, 3), r(0, 2), r(2, 2), r(6, 4), r(20, 0)])).toEqual([{ start: 0, end: 4 }, { start: 5, end: 10 }]);
  });

  const ranges = fc.array(fc.record({ start: fc.integer({ min: 0, max: 90 }), len: fc.integer({ min: 1, max: 15 }) }).map((x) => r(x.start, x.len)), { maxLength: 6 });

  it('is 1 for a layer against itself, symmetric, never above 1, and its table counts every character once', () => {
    fc.assert(fc.property(ranges, ranges, (a, b) => {
      const t = characterTable(100, a, b);
      expect(t.both + t.onlyA + t.onlyB + t.neither).toBe(100);
      const self = cohenKappa(characterTable(100, a, a));
      if (a.length) expect(self).toBeCloseTo(1, 12);
      const k = cohenKappa(t);
      const k2 = cohenKappa(characterTable(100, b, a));
      if (k === null) expect(k2).toBeNull();
      else {
        expect(k2).toBeCloseTo(k, 12);
        expect(k).toBeLessThanOrEqual(1 + 1e-12);
      }
    }));
  });
});
