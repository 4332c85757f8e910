/**
 * Text normalisation for new plain texts (no annotations), with a map from offsets in the raw
 * text to offsets in the normalised text.
 *
 * Normalising (BOM removed, CRLF and lone CR to LF, Unicode NFC) changes lengths, so a raw offset
 * goes through {@link OffsetMap} to land on the same characters afterwards. Documents that arrive
 * with annotations (brat, doccano, Label Studio, JSONL with offsets) are not normalised at all:
 * their text is kept character for character, so the offsets of the user's files stay valid.
 */

import { textOffset, type TextOffset } from '../model/offsets.js';

/** A stretch of raw text whose normalised form has a different length or content. */
type Edit = { rawStart: number; rawEnd: number; normStart: number; normEnd: number };

/** Maps UTF-16 offsets in a raw text to UTF-16 offsets in its normalised form. */
export class OffsetMap {
  constructor(
    private readonly edits: readonly Edit[],
    readonly rawLength: number,
    readonly normLength: number,
  ) {}

  /** True when the normalised text equals the raw text. */
  get isIdentity(): boolean {
    return this.edits.length === 0;
  }

  /**
   * Maps a raw offset. An offset strictly inside an edited stretch (between the CR and LF of a
   * CRLF, inside a composed accent) snaps to that stretch's start for `bias: 'start'` and to its
   * end for `bias: 'end'`, so a span never loses the characters it covered.
   */
  map(raw: number, bias: 'start' | 'end' = 'start'): TextOffset {
    if (raw < 0 || raw > this.rawLength) {
      throw new RangeError(`offset ${raw} is outside the raw text (0 to ${this.rawLength})`);
    }
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.edits[mid]!.rawStart <= raw) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return textOffset(raw);
    const e = this.edits[lo - 1]!;
    if (raw === e.rawStart) return textOffset(e.normStart);
    if (raw < e.rawEnd) return textOffset(bias === 'start' ? e.normStart : e.normEnd);
    return textOffset(raw - e.rawEnd + e.normEnd);
  }
}

/** The result of {@link normalizeText}. */
export type Normalized = { text: string; map: OffsetMap };

/** Hangul vowel and trailing jamo compose with the syllable before them under NFC. */
const joinsPrevious = /[\p{M}\u1160-\u11ff]/u;

/**
 * Normalises an article's text: drops a leading BOM, turns CRLF and lone CR into LF, and applies
 * Unicode NFC. Returns the text and the map from raw offsets.
 */
export function normalizeText(raw: string): Normalized {
  if (!raw.includes('\r') && raw.charCodeAt(0) !== 0xfeff && raw.normalize('NFC') === raw) {
    return { text: raw, map: new OffsetMap([], raw.length, raw.length) };
  }
  const edits: Edit[] = [];
  let out = '';
  let i = 0;
  if (raw.charCodeAt(0) === 0xfeff) {
    edits.push({ rawStart: 0, rawEnd: 1, normStart: 0, normEnd: 0 });
    i = 1;
  }
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '\r') {
      const len = raw[i + 1] === '\n' ? 2 : 1;
      edits.push({ rawStart: i, rawEnd: i + len, normStart: out.length, normEnd: out.length + 1 });
      out += '\n';
      i += len;
      continue;
    }
    // A cluster: one character (a whole surrogate pair) plus everything NFC could fold into it.
    let j = i + (c.codePointAt(0)! > 0xffff ? 2 : 1);
    while (j < raw.length) {
      const next = String.fromCodePoint(raw.codePointAt(j)!);
      if (!joinsPrevious.test(next)) break;
      j += next.length;
    }
    const cluster = raw.slice(i, j);
    const folded = isAsciiOrSimple(cluster) ? cluster : cluster.normalize('NFC');
    if (folded !== cluster) {
      edits.push({ rawStart: i, rawEnd: j, normStart: out.length, normEnd: out.length + folded.length });
    }
    out += folded;
    i = j;
  }
  return { text: out, map: new OffsetMap(edits, raw.length, out.length) };
}

function isAsciiOrSimple(s: string): boolean {
  return s.length === 1 && s.charCodeAt(0) < 0xc0;
}
