/**
 * Cohen's kappa on characters (issue 18): two annotators, one label, every character of the
 * articles both annotated is one item, coded 1 when a span of that label in the annotator's
 * layer covers it and 0 when none does. A character is a UTF-16 code unit of the article's
 * text (the unit of every offset); whitespace and punctuation count like letters.
 *
 * kappa = (po − pe) / (1 − pe), po the share of characters both code alike, pe the chance of
 * that from each annotator's own share of 1s (Cohen 1960). Counted with interval arithmetic,
 * never character by character. Pure: no I/O.
 */

/** Half-open ranges `[start, end)` of UTF-16 offsets. */
export type Range = { start: number; end: number };

/** `ranges` merged: sorted, overlapping or touching ranges joined, empty ones dropped. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** How many characters merged ranges cover. */
export const coveredLength = (merged: readonly Range[]): number => merged.reduce((n, r) => n + r.end - r.start, 0);

/** How many characters two merged range lists share. */
export function sharedLength(a: readonly Range[], b: readonly Range[]): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    n += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
    if (x.end <= y.end) i++;
    else j++;
  }
  return n;
}

/** A 2×2 table of binary codes: `both` 1/1, `onlyA` 1/0, `onlyB` 0/1, `neither` 0/0. */
export type BinaryTable = { both: number; onlyA: number; onlyB: number; neither: number };

export const emptyTable = (): BinaryTable => ({ both: 0, onlyA: 0, onlyB: 0, neither: 0 });

/** Adds `t` into `into` (tables of several articles are summed before kappa is taken). */
export function addTable(into: BinaryTable, t: BinaryTable): BinaryTable {
  into.both += t.both;
  into.onlyA += t.onlyA;
  into.onlyB += t.onlyB;
  into.neither += t.neither;
  return into;
}

/** The character table of one article of `length` characters: what A covers against what B covers. */
export function characterTable(length: number, a: readonly Range[], b: readonly Range[]): BinaryTable {
  const clip = (r: Range): Range => ({ start: Math.max(0, r.start), end: Math.min(length, r.end) });
  return mergedTable(length, mergeRanges(a.map(clip)), mergeRanges(b.map(clip)));
}

/** The character table from ranges already merged (and within the text). */
export function mergedTable(length: number, ma: readonly Range[], mb: readonly Range[]): BinaryTable {
  const both = sharedLength(ma, mb);
  const onlyA = coveredLength(ma) - both;
  const onlyB = coveredLength(mb) - both;
  return { both, onlyA, onlyB, neither: length - both - onlyA - onlyB };
}

/**
 * Cohen's kappa of a table; null when chance agreement is certain (pe = 1: both code every
 * item alike and the same way, e.g. neither marks anything), where kappa is undefined.
 */
export function cohenKappa(t: BinaryTable): number | null {
  const n = t.both + t.onlyA + t.onlyB + t.neither;
  if (n === 0) return null;
  const po = (t.both + t.neither) / n;
  const a1 = (t.both + t.onlyA) / n;
  const b1 = (t.both + t.onlyB) / n;
  const pe = a1 * b1 + (1 - a1) * (1 - b1);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}
