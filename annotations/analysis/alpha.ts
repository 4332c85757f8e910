/**
 * Krippendorff's unitized alpha, αu (Krippendorff 1995, "On the reliability of unitizing
 * continuous data"; 2004, "Content Analysis", 2nd ed., ch. 12), as DKPro Agreement's
 * `KrippendorffAlphaUnitizingAgreement` computes it (the measure INCEpTION shows), issue 18.
 *
 * A study is one continuum `[begin, begin + length)` that each of R raters cuts into units of a
 * category and the gaps between them. For one category c:
 *
 * - observed disagreement uDo = 2 / (R(R−1) L²) · Σ over pairs of raters Σ over each pair of
 *   their segments (units or gaps) that meet, of the distance δ: two units at begins b1, b2
 *   with lengths l1, l2 that overlap: (b1−b2)² + (b1+l1 − b2−l2)²; a unit lying wholly inside
 *   the other rater's gap: l²; otherwise 0;
 * - expected disagreement uDe = (2/L) Σ over units u of c, length l:
 *   [(N_c − 1)(2l³ − 3l² + l)/3 + l² Σ over every gap g of any rater with g ≥ l of (g − l + 1)]
 *   / (RL(RL − 1) − Σ over units of c of l(l − 1)), N_c the number of units of c;
 * - αu(c) = 1 − uDo/uDe; over all categories, 1 − mean(uDo)/mean(uDe).
 *
 * A rater's units of one category must not overlap (callers merge them first). Differences from
 * DKPro: null where DKPro gives 0 or NaN for want of data (no unit of the category at all), and
 * the sum over gaps uses prefix sums, not a loop per unit. Pure: no I/O.
 */

/** One unit: `offset` and `length` on the continuum, the rater's index, its category. */
export type Unit = { offset: number; length: number; rater: number; category: string };

export type UnitizingStudy = { begin: number; length: number; raters: number; units: readonly Unit[] };

/** δ between two segments (a null category is a gap), as in Krippendorff (2004: 252). */
export function unitDistance(offset1: number, length1: number, category1: string | null, offset2: number, length2: number, category2: string | null): number {
  const beginDiff = offset1 - offset2;
  const lengthDiff = length1 - length2;
  if (category1 !== null && category2 !== null && -length1 < beginDiff && beginDiff < length2) {
    return beginDiff * beginDiff + (beginDiff + lengthDiff) * (beginDiff + lengthDiff);
  }
  if (category1 !== null && category2 === null && -lengthDiff >= beginDiff && beginDiff >= 0) return length1 * length1;
  if (category1 === null && category2 !== null && -lengthDiff <= beginDiff && beginDiff <= 0) return length2 * length2;
  return 0;
}

type Segment = { offset: number; length: number; unit: boolean };

/** A study's units by category, then by rater, sorted by offset: made once per list of units (which must not change after). */
const grouped = new WeakMap<readonly Unit[], Map<string, Unit[][]>>();

/** Each rater's units of `category`, sorted by offset. */
function unitsByRater(study: UnitizingStudy, category: string): Unit[][] {
  let byCategory = grouped.get(study.units);
  if (!byCategory) {
    byCategory = new Map();
    for (const u of study.units) {
      if (u.length <= 0 || u.rater < 0 || u.rater >= study.raters) continue;
      let by = byCategory.get(u.category);
      if (!by) byCategory.set(u.category, (by = Array.from({ length: study.raters }, () => [])));
      by[u.rater]!.push(u);
    }
    for (const by of byCategory.values()) for (const list of by) list.sort((a, b) => a.offset - b.offset || a.length - b.length);
    grouped.set(study.units, byCategory);
  }
  return byCategory.get(category) ?? Array.from({ length: study.raters }, () => []);
}

/** A rater's continuum as alternating gaps and units (gaps of length 0 left out). */
function segments(study: UnitizingStudy, units: readonly Unit[]): Segment[] {
  const out: Segment[] = [];
  let pos = study.begin;
  for (const u of units) {
    if (u.offset > pos) out.push({ offset: pos, length: u.offset - pos, unit: false });
    out.push({ offset: u.offset, length: u.length, unit: true });
    pos = Math.max(pos, u.offset + u.length);
  }
  const end = study.begin + study.length;
  if (end > pos) out.push({ offset: pos, length: end - pos, unit: false });
  return out;
}

/** uDo for `category`. */
export function observedDisagreement(study: UnitizingStudy, category: string): number {
  const R = study.raters;
  const L = study.length;
  if (R < 2 || L <= 0) return 0;
  const segs = unitsByRater(study, category).map((u) => segments(study, u));
  let sum = 0;
  for (let r1 = 0; r1 < R; r1++) {
    for (let r2 = r1 + 1; r2 < R; r2++) {
      const a = segs[r1]!;
      const b = segs[r2]!;
      let i = 0;
      let j = 0;
      // Every pair of segments that meet, once: advance whichever ends first.
      while (i < a.length && j < b.length) {
        const x = a[i]!;
        const y = b[j]!;
        sum += unitDistance(x.offset, x.length, x.unit ? category : null, y.offset, y.length, y.unit ? category : null);
        const ex = x.offset + x.length;
        const ey = y.offset + y.length;
        if (ex <= ey) i++;
        if (ey <= ex) j++;
      }
    }
  }
  return (2 * sum) / (R * (R - 1) * L * L);
}

/** uDe for `category`. */
export function expectedDisagreement(study: UnitizingStudy, category: string): number {
  const R = study.raters;
  const L = study.length;
  const byRater = unitsByRater(study, category);
  const units = byRater.flat();
  const n = units.length;
  if (n === 0 || L <= 0) return 0;
  let squaredLengths = 0;
  for (const u of units) squaredLengths += u.length * (u.length - 1);
  // Every gap of every rater, longest first, with prefix sums: Σ(g − l + 1) over g ≥ l in O(log G).
  const gaps = Float64Array.from(byRater.flatMap((u) => segments(study, u).filter((s) => !s.unit).map((s) => s.length))).sort().reverse();
  const prefix = new Float64Array(gaps.length + 1);
  for (let k = 0; k < gaps.length; k++) prefix[k + 1] = prefix[k]! + gaps[k]!;
  /** How many gaps are at least `l` long. */
  const atLeast = (l: number): number => {
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid]! >= l) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let result = 0;
  for (const u of units) {
    const l = u.length;
    const k = atLeast(l);
    result += ((n - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * (prefix[k]! - k * (l - 1));
  }
  result *= 2 / L;
  return result / (R * L * (R * L - 1) - squaredLengths);
}

/** The categories the study's units use, sorted. */
export const categoriesOf = (study: UnitizingStudy): string[] => [...new Set(study.units.map((u) => u.category))].sort();

export type AlphaResult = { observed: number; expected: number; alpha: number | null };

/** αu for one category; alpha null when no rater marked a unit of it (nothing to agree on). */
export function categoryAlpha(study: UnitizingStudy, category: string): AlphaResult {
  const observed = observedDisagreement(study, category);
  const expected = expectedDisagreement(study, category);
  return { observed, expected, alpha: expected > 0 ? 1 - observed / expected : null };
}

/** αu over every category (DKPro's `calculateAgreement`): 1 − mean uDo / mean uDe; null without units. */
export function studyAlpha(study: UnitizingStudy, categories: readonly string[] = categoriesOf(study)): AlphaResult {
  return combinedAlpha(categories.map((c) => categoryAlpha(study, c)));
}

/** The overall αu of categories' results: 1 − mean uDo / mean uDe. */
export function combinedAlpha(results: readonly AlphaResult[]): AlphaResult {
  if (!results.length) return { observed: 0, expected: 0, alpha: null };
  const o = results.reduce((n, r) => n + r.observed, 0) / results.length;
  const e = results.reduce((n, r) => n + r.expected, 0) / results.length;
  return { observed: o, expected: e, alpha: e > 0 ? 1 - o / e : null };
}
