/**
 * Conversion between {@link TextOffset} (UTF-16 into the article text) and {@link PmPos}
 * (ProseMirror document positions). The only module that knows both units.
 *
 * The document is sections of {@link SECTION_SIZE} paragraphs (see schema.ts): each paragraph
 * adds its open and close tokens around its text, each section its own two around its
 * paragraphs. Text between paragraphs (newlines, trimmed spaces) has no position; offsets there
 * snap to the nearest paragraph edge in the direction that keeps a range from growing.
 */
import { textOffset, type Paragraph, type TextOffset } from '../../annotations/index.js';
import { SECTION_SIZE } from './schema.js';

declare const pmBrand: unique symbol;
/** A ProseMirror document position. */
export type PmPos = number & { readonly [pmBrand]: true };
const pm = (n: number): PmPos => n as PmPos;

export class PositionMap {
  private readonly pmStarts: number[] = [];

  constructor(private readonly paragraphs: readonly Paragraph[]) {
    let pos = 0;
    paragraphs.forEach((p, i) => {
      if (i % SECTION_SIZE === 0) pos += i === 0 ? 1 : 2; // close the previous section, open this one
      pos += 1; // open the paragraph
      this.pmStarts.push(pos);
      pos += p.end - p.start + 1; // its text, then close it
    });
  }

  /**
   * The text offset where the first `count` paragraphs end, or Infinity when they are all of
   * them: spans ending there or before can be shown.
   */
  renderedEnd(count: number): number {
    return count >= this.paragraphs.length ? Infinity : this.paragraphs[count - 1]?.end ?? 0;
  }

  /** Index of the last paragraph starting at or before `offset` (-1 if none). */
  private paraAtOffset(offset: number): number {
    let lo = 0;
    let hi = this.paragraphs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.paragraphs[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** A text offset as a document position; `bias` says which way an offset between paragraphs goes. */
  toPm(offset: TextOffset, bias: 'start' | 'end' = 'start'): PmPos {
    const i = this.paraAtOffset(offset);
    if (i < 0) return pm(this.pmStarts[0] ?? 2);
    const p = this.paragraphs[i]!;
    if (offset <= p.end) return pm(this.pmStarts[i]! + (offset - p.start));
    // Between paragraph i and i + 1.
    if (bias === 'end' || i + 1 >= this.paragraphs.length) return pm(this.pmStarts[i]! + (p.end - p.start));
    return pm(this.pmStarts[i + 1]!);
  }

  /** A document position as a text offset. */
  toOffset(pos: PmPos | number): TextOffset {
    let lo = 0;
    let hi = this.pmStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pmStarts[mid]! <= pos) lo = mid + 1;
      else hi = mid;
    }
    const i = Math.max(0, lo - 1);
    const p = this.paragraphs[i];
    if (!p) return textOffset(0);
    return textOffset(Math.min(p.end, Math.max(p.start, p.start + (pos - this.pmStarts[i]!))));
  }
}
