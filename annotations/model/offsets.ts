/**
 * Offsets into an article's canonical text, and conversion between the units tools count in.
 *
 * Sourcemark stores every offset as a {@link TextOffset}: UTF-16 code units into `Article.text`,
 * end exclusive, which is what JavaScript strings and ProseMirror count. Python, brat, spaCy and
 * doccano count Unicode code points ({@link CodePointOffset}). Convert between the two here and
 * nowhere else, so a surrogate pair (an emoji) can never shift an annotation by one.
 */

declare const textOffsetBrand: unique symbol;
declare const codePointBrand: unique symbol;

/** A UTF-16 code unit index into an article's canonical text (JavaScript string index). */
export type TextOffset = number & { readonly [textOffsetBrand]: true };
/** A Unicode code point index into the same text (what Python's `str` indexes by). */
export type CodePointOffset = number & { readonly [codePointBrand]: true };

/** Brands a number as a UTF-16 offset; the caller vouches for the unit. */
export const textOffset = (n: number): TextOffset => n as TextOffset;
/** Brands a number as a code point offset; the caller vouches for the unit. */
export const codePointOffset = (n: number): CodePointOffset => n as CodePointOffset;

/** The unit a file's offsets count in. */
export type OffsetUnit = 'codepoint' | 'utf16';

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Converts many offsets in one text between UTF-16 and code points in O(log n) each, after an
 * O(n) scan that records where the astral characters (surrogate pairs) are. Texts without astral
 * characters convert as the identity at no cost.
 */
export class OffsetConverter {
  /** UTF-16 index of the high surrogate of each astral character, ascending. */
  private readonly astral: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.astral.push(i);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astral.length;
  }

  /** Number of astral characters whose high surrogate sits before UTF-16 index `i`. */
  private astralBefore(i: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.astral[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * UTF-16 offset to code point offset. An offset that falls between the two halves of a
   * surrogate pair is not a character boundary and throws.
   */
  toCodePoint(offset: TextOffset): CodePointOffset {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.utf16Length) {
      throw new RangeError(`UTF-16 offset ${offset} is outside the text (0 to ${this.utf16Length})`);
    }
    const k = this.astralBefore(offset);
    if (k > 0 && this.astral[k - 1]! + 1 === offset) {
      throw new RangeError(`UTF-16 offset ${offset} splits a surrogate pair`);
    }
    return codePointOffset(offset - k);
  }

  /** Code point offset to UTF-16 offset. */
  toUtf16(cp: CodePointOffset): TextOffset {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.codePointLength) {
      throw new RangeError(`code point offset ${cp} is outside the text (0 to ${this.codePointLength})`);
    }
    // Each astral character before the target adds one code unit: find the smallest k with
    // astral[k] >= cp + k (the k-th astral char starts at or after the target).
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.astral[mid]! - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return textOffset(cp + lo);
  }

  /** True when `offset` is a valid boundary (in range, not inside a surrogate pair). */
  isBoundary(offset: number): boolean {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.utf16Length) return false;
    return !(isLowSurrogate(this.text.charCodeAt(offset)) && isHighSurrogate(this.text.charCodeAt(offset - 1)));
  }

  /** Converts an offset in `unit` to a UTF-16 offset. */
  fromUnit(n: number, unit: OffsetUnit): TextOffset {
    return unit === 'utf16' ? (this.toCodePoint(textOffset(n)), textOffset(n)) : this.toUtf16(codePointOffset(n));
  }

  /** Converts a UTF-16 offset to `unit`. */
  toUnit(offset: TextOffset, unit: OffsetUnit): number {
    return unit === 'utf16' ? offset : this.toCodePoint(offset);
  }
}

/** One-off conversion; build an {@link OffsetConverter} when converting many offsets. */
export const utf16ToCodePoint = (text: string, offset: TextOffset): CodePointOffset =>
  new OffsetConverter(text).toCodePoint(offset);

/** One-off conversion; build an {@link OffsetConverter} when converting many offsets. */
export const codePointToUtf16 = (text: string, cp: CodePointOffset): TextOffset =>
  new OffsetConverter(text).toUtf16(cp);
