import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundaries, isSpaceToken, sentences, tokenize, type Token } from '../../../annotations/index.js';

const texts = (ts: Token[]) => ts.map((t) => t.text);
/** The text spaCy's Doc(words, spaces) builds from the tokens. */
const rebuild = (ts: Token[]) => ts.map((t) => t.text + (t.ws ? ' ' : '')).join('');
const layout = (ts: Token[]) => ts.map((t) => [t.text, t.ws]);

describe('tokenize (Intl.Segmenter, whitespace as spaCy lays it out)', () => {
  // Each expectation is what spacy.blank("en") 3.8 gives for the text's whitespace.
  it.each([
    [' Hello', [[' ', false], ['Hello', false]]],
    ['a   b', [['a', true], ['  ', false], ['b', false]]],
    ['a\n\nb', [['a', false], ['\n\n', false], ['b', false]]],
    ['a \n\nb', [['a', true], ['\n\n', false], ['b', false]]],
    ['a\n\n b', [['a', false], ['\n\n ', false], ['b', false]]],
    ['a\n \nb', [['a', false], ['\n \n', false], ['b', false]]],
    ['a\u00a0b', [['a', false], ['\u00a0', false], ['b', false]]],
    ['a\tb', [['a', false], ['\t', false], ['b', false]]],
    ['end.  ', [['end', false], ['.', true], [' ', false]]],
    ['  ', [['  ', false]]],
    ['a \u3000b', [['a', true], ['\u3000', false], ['b', false]]],
    ['x\r\ny', [['x', false], ['\r\n', false], ['y', false]]],
  ])('%j', (text, want) => {
    const ts = tokenize(text);
    expect(layout(ts)).toEqual(want);
    expect(rebuild(ts)).toBe(text);
    expect(ts.map((t) => t.space)).toEqual(ts.map((t) => isSpaceToken(t.text)));
  });

  it('keeps words the old tokenizer kept (contractions, numbers with separators), and splits punctuation one mark at a time', () => {
    expect(texts(tokenize('“Don’t,” he said: 1,000 of 3.5% (U.S.)...')).filter((t) => t.trim())).toEqual(
      ['“', 'Don’t', ',', '”', 'he', 'said', ':', '1,000', 'of', '3.5', '%', '(', 'U.S', '.', ')', '.', '.', '.'],
    );
  });

  it('never splits a grapheme cluster: emoji with modifiers and joiners, flags, combining accents, a mark on a space', () => {
    const family = '👨‍👩‍👧';
    const nurse = '👩🏽‍⚕️';
    const text = `Jose\u0301 ${nurse}${family} 🇺🇦🇫🇷 e\u0301\u0323t \u0301x`;
    const ts = tokenize(text);
    expect(texts(ts)).toEqual(['Jose\u0301', nurse, family, '🇺🇦', '🇫🇷', 'e\u0301\u0323t', ' \u0301', 'x']);
    expect(rebuild(ts)).toBe(text);
  });

  it('segments Chinese, Japanese and Thai into words (not one token per run of characters), with 。 on its own', () => {
    for (const text of ['我们去北京大学。你好！', '東京都に住んでいます。', 'ไปไหนมา']) {
      const ts = tokenize(text).filter((t) => !t.space);
      expect(ts.length, text).toBeGreaterThan(2);
      expect(ts.every((t) => t.text.length < text.length)).toBe(true);
    }
    expect(texts(tokenize('你好。'))).toContain('。');
  });

  it('the text rebuilds for any text, tokens are contiguous, and every boundary is a grapheme boundary (property)', () => {
    const piece = fc.constantFrom('word', 'Wort', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u00a0', '\u3000', 'é', 'e\u0301', '😀', '👍🏽', '👩‍⚕️', '🇺🇦', '“', '”', '’', ', ', '.', '中文', '北京大学', 'ไป', '1,000', '-', '\u0301', '\u200b', '\ufeff', '\x1c');
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      const ts = tokenize(text);
      expect(rebuild(ts)).toBe(text);
      let at = 0;
      for (const t of ts) {
        expect(t.start).toBe(at);
        expect(t.text).toBe(text.slice(t.start, t.end));
        expect(t.end).toBeGreaterThan(t.start);
        at = t.end + (t.ws ? 1 : 0);
        if (t.ws) expect(text[t.end]).toBe(' ');
        if (t.space) expect(t.ws).toBe(false);
      }
      expect(at).toBe(text.length);
      const bounds = new Set([...graphemes.segment(text)].map((g) => g.index).concat(text.length));
      for (const t of ts) expect(bounds.has(t.start) && bounds.has(t.end), JSON.stringify(t)).toBe(true);
      // No two whitespace tokens in a row: a run of whitespace is one token.
      ts.forEach((t, i) => expect(t.space && ts[i + 1]?.space === true).toBe(false));
    }), { numRuns: 300 });
  });
});

describe('sentences (Intl.Segmenter)', () => {
  const split = (text: string) => {
    const ts = tokenize(text);
    return sentences(text, ts).map(([a, b]) => ts.slice(a, b).map((t) => t.text).join('|'));
  };

  it('breaks after . ! ? and their closing quotes before a new sentence, at line breaks and after 。, not in 3.5 or before a lower-case word', () => {
    expect(split('“This is over.” He left. It was 3.5 km. U.S. officials came.\nNext line\n\nNew para')).toEqual([
      '“|This|is|over|.|”', 'He|left|.', 'It|was|3.5|km|.', 'U.S|.|officials|came|.|\n', 'Next|line|\n\n', 'New|para',
    ]);
    expect(split('我们坚决反对。这不是事实。')).toEqual(['我们|坚决|反对|。', '这|不是|事实|。']);
  });

  it('covers every token in order; whitespace tokens stay with the sentence before them', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('Word', 'word', '. ', '? ', '\n', '\n\n', ' ', '”', '。', '3.5'), { maxLength: 30 }), (pieces) => {
      const text = pieces.join('');
      const ts = tokenize(text);
      const ss = sentences(text, ts);
      let at = 0;
      for (const [a, b] of ss) {
        expect(a).toBe(at);
        expect(b).toBeGreaterThan(a);
        if (a > 0) expect(ts[a]!.space).toBe(false);
        at = b;
      }
      expect(at).toBe(ts.length);
    }), { numRuns: 200 });
  });
});

describe('boundaries: Intl.Segmenter a window at a time', () => {
  it('finds the boundaries Intl.Segmenter finds over the whole text, for texts of many windows (property)', () => {
    const piece = fc.constantFrom('Word ', 'word', 'U.S. officials', '. ', '“Quoted.” ', 'Mr. Smith ', '\n', '\n\n', '  ', '3.5', 'don’t ', '😀', '👍🏽', '🇺🇦', 'e\u0301', '中文北京大学。', 'ไปไหนมา', '?! ', '\u0301');
    fc.assert(fc.property(fc.array(piece, { minLength: 500, maxLength: 1200 }), fc.constantFrom('word', 'sentence', 'grapheme'), (pieces, granularity) => {
      const text = pieces.join('');
      const whole = [...new Intl.Segmenter('und', { granularity }).segment(text)].map((x) => x.index).concat(text.length);
      expect(boundaries(text, granularity)).toEqual(whole);
    }), { numRuns: 30 });
  });
});
