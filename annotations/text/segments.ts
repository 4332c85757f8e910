/**
 * Word, sentence and grapheme boundaries of a text, from `Intl.Segmenter` (Unicode UAX #29, with
 * ICU's dictionaries for Chinese, Japanese, Thai…; the same in Node and Chromium), and tokens laid
 * out as spaCy lays them out. The editor's word steps, the import's inside-a-word check and the
 * token-based exports (CoNLL, spaCy) all take their words from here, so they agree on what a word
 * is. Offsets are UTF-16 code units into the text, ends exclusive. Pure: no DOM, no Node; knows
 * nothing of annotations or formats.
 */

/**
 * A token of an article's text (UTF-16 offsets, end exclusive), as spaCy lays tokens out: a
 * word, a punctuation mark, or a run of whitespace (`space`), so that the texts of the tokens,
 * each followed by one space where `ws` is set, give back the text exactly
 * (`Doc(vocab, words, spaces)`).
 */
export type Token = {
  text: string;
  start: number;
  end: number;
  /** One space (U+0020) follows the token and belongs to it (spaCy's `whitespace_`). */
  ws: boolean;
  /** The token is whitespace: a run spaCy makes a token of its own ("\n\n", a leading space, the second of two spaces). */
  space: boolean;
};

/**
 * Whitespace as Python's `str.isspace` (and so spaCy) counts it. JavaScript's `\s` differs: it
 * takes U+FEFF and leaves out U+001C–U+001F and U+0085.
 */
// eslint-disable-next-line no-control-regex -- U+001C–U+001F are whitespace to Python
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * A cached `Intl.Segmenter` for a BCP 47 tag (an article's `metadata.language`); a missing or
 * malformed tag gets the root locale, whose rules already cover every script.
 */
function segmenter(granularity: 'word' | 'sentence' | 'grapheme', locale?: string): Intl.Segmenter {
  const key = `${granularity} ${locale ?? ''}`;
  let seg = segmenters.get(key);
  if (!seg) {
    try {
      seg = new Intl.Segmenter(locale || 'und', { granularity });
    } catch {
      seg = new Intl.Segmenter('und', { granularity }); // RangeError: not a language tag
    }
    segmenters.set(key, seg);
  }
  return seg;
}

/** True when `s` is all whitespace by Python's (spaCy's) definition. */
export const isSpaceToken = (s: string): boolean => PY_SPACE.test(s);

/** Characters segmented at once (see {@link boundaries}). */
const WINDOW = 2048;
/** How far from a window's cut end a boundary must be to be kept: more than any rule looks ahead. */
const MARGIN = 256;

/**
 * The boundaries (UTF-16 offsets, ascending, from 0 to `text.length`) that `Intl.Segmenter`
 * finds in `text`, computed window by window. Iterating the segments of one long string costs
 * time quadratic in its length in V8 (Node 20: 80,000 characters of news take seconds, a line at
 * a time takes milliseconds), so each window is segmented alone: it starts at a boundary already
 * found, and the boundaries within {@link MARGIN} of its cut end are found again by the next
 * window, which sees the text that follows them (the rules look a few characters ahead).
 */
export function boundaries(text: string, granularity: 'word' | 'sentence' | 'grapheme', locale?: string): number[] {
  const seg = segmenter(granularity, locale);
  const out = [0];
  let start = 0;
  let size = WINDOW;
  while (start < text.length) {
    const end = Math.min(text.length, start + size);
    const last = end === text.length;
    let kept = start;
    for (const x of seg.segment(text.slice(start, end))) {
      const at = start + x.index;
      if (at === start) continue;
      if (!last && at > end - MARGIN) break;
      out.push(at);
      kept = at;
    }
    if (last) break;
    // A single segment longer than the window (a very long word or sentence): a wider window.
    if (kept === start) size *= 2;
    else {
      start = kept;
      size = WINDOW;
    }
  }
  out.push(text.length);
  return out;
}

/**
 * Tokens of a text (UTF-16 offsets): the words of `Intl.Segmenter` (Unicode word boundaries,
 * UAX #29, with ICU's dictionaries for Chinese, Japanese, Thai…; the same in Node and Chromium),
 * punctuation marks one by one, and whitespace laid out as spaCy's tokenizer does it: one space
 * after a token is that token's `ws`; any other whitespace run is a `space` token of its own.
 * A token never splits a grapheme cluster (an emoji with its modifiers, a letter with its
 * combining accents): a word boundary inside one is dropped.
 *
 * Invariant: the tokens cover the text in order, without gaps, each `ws` standing for one U+0020.
 */
export function tokenize(text: string, locale?: string): Token[] {
  const out: Token[] = [];
  if (!text) return out;
  const graphemes = boundaries(text, 'grapheme', locale);
  // Word boundaries that are grapheme boundaries too (both lists ascending).
  const cuts: number[] = [];
  let g = 0;
  for (const w of boundaries(text, 'word', locale)) {
    while (graphemes[g]! < w) g++;
    if (graphemes[g] === w && cuts.at(-1) !== w) cuts.push(w);
  }
  const pieces: { start: number; end: number }[] = [];
  for (let i = 1; i < cuts.length; i++) pieces.push({ start: cuts[i - 1]!, end: cuts[i]! });
  let run = -1; // start of the whitespace run being gathered
  const endRun = (at: number) => {
    if (run < 0) return;
    let start = run;
    const prev = out.at(-1);
    if (prev && !prev.space && text.charCodeAt(start) === 0x20) {
      prev.ws = true;
      start++;
    }
    if (start < at) out.push({ text: text.slice(start, at), start, end: at, ws: false, space: true });
    run = -1;
  };
  for (const p of pieces) {
    const piece = text.slice(p.start, p.end);
    if (isSpaceToken(piece)) {
      if (run < 0) run = p.start;
      continue;
    }
    endRun(p.start);
    out.push({ text: piece, start: p.start, end: p.end, ws: false, space: false });
  }
  endRun(text.length);
  return out;
}

/**
 * Sentences as token index ranges `[first, end)` that cover every token in order: the sentence
 * boundaries of `Intl.Segmenter` (Unicode sentence boundaries, UAX #29: after . ! ? and their
 * closing quotes before a new sentence, after 。, and after every line break). A sentence starts
 * with a word or punctuation token; whitespace tokens stay with the sentence before them.
 */
export function sentences(text: string, tokens: readonly Token[], locale?: string): [number, number][] {
  const out: [number, number][] = [];
  const starts = boundaries(text, 'sentence', locale);
  let k = 0; // the sentence (in `starts`) of the range being built
  let from = 0;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.space) continue;
    let s = k;
    while (s + 1 < starts.length && starts[s + 1]! <= t.start) s++;
    if (s !== k && words > 0) {
      out.push([from, i]);
      from = i;
      words = 0;
    }
    k = s;
    words++;
  }
  if (from < tokens.length) out.push([from, tokens.length]);
  return out;
}
