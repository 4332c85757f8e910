/**
 * Word boundaries for the editor: snapping a selection to whole words, and growing or shrinking
 * a span by a word at either edge. Boundaries come from `Intl.Segmenter` through segments.ts'
 * {@link tokenize} (UAX #29 word boundaries with ICU's dictionaries for Chinese, Japanese, Thai…,
 * the same in Node and Chromium; never inside a grapheme cluster), so the editor and the token
 * exports agree on what a word is, in every script.
 *
 * A word step never crosses a paragraph break: each step looks only at the paragraph holding the
 * edge it moves (the article's paragraph, narrowed to the text between blank lines), and only
 * that paragraph is segmented, so a step costs in proportion to one paragraph, not the article.
 * Offsets are UTF-16 code units into the article text, ends exclusive. Pure: no DOM, no Node.
 */
import { boundaries, tokenize } from './segments.js';

/** A range of the article text (UTF-16 offsets, end exclusive). */
export type TextRange = { start: number; end: number };

/** A paragraph break: a line break, optional blanks, another line break. */
const BLANK_LINE = /\n[^\S\n]*\n/gu;
/** A token that counts as a word for a step: it holds a letter or a digit (an emoji or "«" does not). */
const WORD_LIKE = /[\p{L}\p{N}]/u;

/**
 * The paragraph holding the character at `index` (0 ≤ index < text.length): the one of
 * `paragraphs` (ascending, as `article.paragraphs`) that contains it, or the gap between two,
 * or the whole text when there are none; narrowed to the text between the blank lines around
 * `index`, so the result holds no "\n\n" (unless `index` is inside one: then it is that break).
 */
export function paragraphAt(text: string, index: number, paragraphs: readonly TextRange[] = []): TextRange {
  const i = Math.max(0, Math.min(index, text.length - 1));
  let from = 0;
  let to = text.length;
  // The last paragraph starting at or before i (binary search).
  let lo = 0;
  let hi = paragraphs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (paragraphs[mid]!.start <= i) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0) {
    const p = paragraphs[found]!;
    if (i < p.end) [from, to] = [p.start, p.end];
    else [from, to] = [p.end, paragraphs[found + 1]?.start ?? text.length];
  } else if (paragraphs.length) to = paragraphs[0]!.start;
  const block = text.slice(from, to);
  let start = from;
  let end = to;
  for (const m of block.matchAll(BLANK_LINE)) {
    const s = from + m.index;
    const e = s + m[0].length;
    if (e <= i) start = e;
    else if (s > i) {
      end = s;
      break;
    } else {
      // i is inside the break itself: only white space, where no step is taken.
      [start, end] = [s, e];
      break;
    }
  }
  return { start, end };
}

type Word = TextRange & { word: boolean };

/** The tokens (no whitespace) of a paragraph, with whether each is word-like. */
function wordsOf(text: string, p: TextRange): Word[] {
  return tokenize(text.slice(p.start, p.end))
    .filter((t) => !t.space)
    .map((t) => ({ start: p.start + t.start, end: p.start + t.end, word: WORD_LIKE.test(t.text) }));
}

/**
 * Trims white space from both ends of `[start, end)`, then widens it to whole tokens when `snap`
 * is set, or else to whole grapheme clusters (an emoji with its modifiers, a letter with its
 * accents is never cut). A selection of 王建国 inside 局长王建国周一 stays 王建国: ICU's dictionary
 * puts word boundaries around it. Undefined when nothing but white space is selected.
 */
export function snapToWords(text: string, start: number, end: number, snap: boolean, paragraphs: readonly TextRange[] = []): TextRange | undefined {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  if (end <= start) return undefined;
  const widen = (at: number, side: 'start' | 'end'): number => {
    const p = paragraphAt(text, side === 'start' ? at : at - 1, paragraphs);
    for (const t of wordsOf(text, p)) {
      if (t.start < at && at < t.end) {
        if (snap) return side === 'start' ? t.start : t.end;
        // Not snapping: the grapheme cluster only (a token never splits one, so it holds it whole).
        const graphemes = boundaries(text.slice(t.start, t.end), 'grapheme').map((g) => t.start + g);
        return side === 'start' ? graphemes.filter((g) => g <= at).at(-1)! : graphemes.find((g) => g >= at)!;
      }
    }
    return at;
  };
  return { start: widen(start, 'start'), end: widen(end, 'end') };
}

/**
 * The end of `range` moved by one word: `grow` to the end of the next word in the paragraph of
 * its last character (or, past the last word, to the paragraph's last token, so a final "." or
 * emoji can be taken in), `shrink` back to the end of the word before it (never to `start` or
 * before). Undefined when there is no such step in that paragraph.
 *
 * Invariant: for an end at a word's end, grow then shrink (and shrink then grow) give it back.
 */
export function stepEnd(text: string, range: TextRange, direction: 'grow' | 'shrink', paragraphs: readonly TextRange[] = []): number | undefined {
  const { start, end } = range;
  if (end <= 0) return undefined;
  const tokens = wordsOf(text, paragraphAt(text, end - 1, paragraphs));
  if (!tokens.length) return undefined;
  const stops = tokens.filter((t) => t.word).map((t) => t.end);
  if (direction === 'grow') {
    stops.push(tokens.at(-1)!.end);
    const next = stops.filter((s) => s > end);
    return next.length ? Math.min(...next) : undefined;
  }
  const prev = stops.filter((s) => s < end && s > start);
  return prev.length ? Math.max(...prev) : undefined;
}

/**
 * The start of `range` moved by one word: `grow` back to the start of the previous word in the
 * paragraph of its first character (or, before the first word, to the paragraph's first token,
 * an opening « or “), `shrink` forward to the start of the next word (never to `end` or after).
 * Undefined when there is no such step in that paragraph.
 *
 * Invariant: for a start at a word's start, grow then shrink (and shrink then grow) give it back.
 */
export function stepStart(text: string, range: TextRange, direction: 'grow' | 'shrink', paragraphs: readonly TextRange[] = []): number | undefined {
  const { start, end } = range;
  if (start >= text.length) return undefined;
  const tokens = wordsOf(text, paragraphAt(text, start, paragraphs));
  if (!tokens.length) return undefined;
  const stops = tokens.filter((t) => t.word).map((t) => t.start);
  if (direction === 'grow') {
    stops.push(tokens[0]!.start);
    const prev = stops.filter((s) => s < start);
    return prev.length ? Math.max(...prev) : undefined;
  }
  const next = stops.filter((s) => s > start && s < end);
  return next.length ? Math.min(...next) : undefined;
}
