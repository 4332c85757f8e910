/**
 * Word steps and snapping in every script (annotations/word-steps.ts): boundaries from
 * Intl.Segmenter, never inside a grapheme cluster, never across a paragraph break; and the token
 * exports (CoNLL, spaCy) keeping a ZWJ family, a skin tone and a flag as one token.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  conllExporter, createArticle, defaultSchema, emptyDoc, makeFragment, spacyExporter,
  type ArticleDoc, type ExportContext,
} from '../../../annotations/index.js';
import { paragraphAt, snapToWords, stepEnd, stepStart, type TextRange } from '../../../annotations/text/word-steps.js';
import { NOW } from '../../helpers/model.js';
import { repoRoot } from '../../helpers/gold.js';

const fixture = (name: string): string => readFileSync(path.join(repoRoot, 'tests/fixtures/scripts', `${name}.txt`), 'utf8').trimEnd();
/** Paragraphs as the plain-text import makes them: the text between blank lines. */
function paragraphsOf(text: string): TextRange[] {
  const out: TextRange[] = [];
  let at = 0;
  for (const part of text.split('\n\n')) {
    out.push({ start: at, end: at + part.length });
    at += part.length + 2;
  }
  return out;
}
const range = (text: string, piece: string, from = 0): TextRange => {
  const start = text.indexOf(piece, from);
  if (start < 0) throw new Error(`"${piece}" is not in the text`);
  return { start, end: start + piece.length };
};
const slice = (text: string, r: TextRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);

describe('snapToWords', () => {
  it('Chinese: 王建国 stays 王建国, not the clause; half a word widens to the word', () => {
    const text = fixture('chinese');
    const ps = paragraphsOf(text);
    const r = range(text, '王建国');
    expect(slice(text, snapToWords(text, r.start, r.end, true, ps))).toBe('王建国');
    const half = range(text, '环境局局');
    expect(slice(text, snapToWords(text, half.start + 1, half.end, true, ps))).toBe('环境局局长');
  });

  it('widens to whole words in Russian, Hindi (vowel signs kept), Arabic (a shadda kept); trims white space', () => {
    const ru = fixture('russian');
    const s = range(ru, 'Собянин');
    expect(slice(ru, snapToWords(ru, s.start + 2, s.end - 2, true))).toBe('Собянин');
    const hi = fixture('hindi');
    const m = range(hi, 'मुख्यमंत्री');
    expect(slice(hi, snapToWords(hi, m.start + 3, m.end - 3, true))).toBe('मुख्यमंत्री');
    const ar = fixture('arabic');
    const w = range(ar, 'الصحّة');
    expect(slice(ar, snapToWords(ar, w.start + 1, w.end - 1, true))).toBe('الصحّة');
    expect(slice(ar, snapToWords(ar, w.start - 1, w.end + 1, true))).toBe('الصحّة');
    expect(snapToWords(ar, w.end, w.end + 1, true)).toBeUndefined();
  });

  it('without snapping, still never cuts a grapheme cluster (emoji, a letter and its mark)', () => {
    const text = fixture('mixed');
    const fam = range(text, '👨‍👩‍👧');
    expect(slice(text, snapToWords(text, fam.start + 2, fam.start + 3, false))).toBe('👨‍👩‍👧');
    const he = fixture('hebrew');
    const thumb = range(he, '👍🏽');
    expect(slice(he, snapToWords(he, thumb.start, thumb.start + 1, false))).toBe('👍🏽');
    const ar = fixture('arabic');
    const shadda = ar.indexOf('\u0651');
    expect(slice(ar, snapToWords(ar, shadda - 1, shadda, false))).toBe('ح\u0651');
  });
});

describe('stepEnd / stepStart', () => {
  it('Chinese: Shift+→ grows 记者 by one word, Shift+← shrinks it back', () => {
    const text = fixture('chinese');
    const ps = paragraphsOf(text);
    const r = range(text, '记者');
    const grown = stepEnd(text, r, 'grow', ps)!;
    expect(text.slice(r.start, grown)).toBe('记者会');
    expect(stepEnd(text, { start: r.start, end: grown }, 'shrink', ps)).toBe(r.end);
    expect(stepEnd(text, r, 'shrink', ps)).toBeUndefined(); // one word: nothing to take off
  });

  it('Hebrew: growing the end twice takes in 👍🏽. and stops at the paragraph break, never "\\n\\nMayor"', () => {
    const text = fixture('hebrew');
    const ps = paragraphsOf(text);
    const r = range(text, 'הרכבת הקלה תפעל עד הקיץ');
    const once = stepEnd(text, r, 'grow', ps)!;
    expect(text.slice(r.start, once)).toBe('הרכבת הקלה תפעל עד הקיץ" 👍🏽.');
    expect(stepEnd(text, { start: r.start, end: once }, 'grow', ps)).toBeUndefined();
    // Without the article's paragraphs, the blank line alone is the limit.
    expect(stepEnd(text, { start: r.start, end: once }, 'grow')).toBeUndefined();
  });

  it('Hindi: Alt+Shift+← grows the start word by word and stops at the paragraph start', () => {
    const text = fixture('hindi');
    const ps = paragraphsOf(text);
    const r = range(text, 'बताया');
    const once = stepStart(text, r, 'grow', ps)!;
    expect(text.slice(once, r.end)).toBe('उन्होंने बताया');
    expect(stepStart(text, { start: once, end: r.end }, 'grow', ps)).toBeUndefined();
    expect(stepStart(text, { start: once, end: r.end }, 'grow')).toBeUndefined();
    expect(stepStart(text, { start: once, end: r.end }, 'shrink', ps)).toBe(r.start);
  });

  it('Arabic and Russian: the start grows over an opening « to the paragraph start, the end over ». to the paragraph end', () => {
    const ar = fixture('arabic');
    const r = range(ar, 'قال');
    const quote = range(ar, 'المستشفيات');
    expect(ar.slice(stepStart(ar, quote, 'grow')!, quote.end)).toBe('إن «المستشفيات');
    const last = range(ar, 'العام');
    expect(ar.slice(last.start, stepEnd(ar, last, 'grow')!)).toBe('العام».');
    expect(stepStart(ar, r, 'grow')).toBeUndefined();
    const ru = fixture('russian');
    const w = range(ru, 'заявил');
    expect(ru.slice(w.start, stepEnd(ru, w, 'grow')!)).toBe('заявил в');
    expect(ru.slice(w.start, stepEnd(ru, { start: w.start, end: stepEnd(ru, w, 'grow')! }, 'grow')!)).toBe('заявил в четверг');
  });

  it('paragraphAt: the paragraph, the gap between two, the blank-line limit inside one', () => {
    const text = 'ab cd\n\nef gh\n \nij';
    expect(paragraphAt(text, 1, [{ start: 0, end: 5 }, { start: 7, end: 17 }])).toEqual({ start: 0, end: 5 });
    expect(paragraphAt(text, 5, [{ start: 0, end: 5 }, { start: 7, end: 17 }])).toEqual({ start: 5, end: 7 });
    expect(paragraphAt(text, 16, [{ start: 0, end: 5 }, { start: 7, end: 17 }])).toEqual({ start: 15, end: 17 });
    expect(paragraphAt(text, 8)).toEqual({ start: 7, end: 12 });
  });
});

describe('word steps (property)', () => {
  const piece = fc.constantFrom(
    'word', ' ', '  ', '\n', '\n\n', '\n \n', '.', ', ', '«', '»', '“', '”', '😀', '👍🏽', '👨‍👩‍👧', '🇺🇦', 'e\u0301', 'الصحّة', 'ראש', 'Мэр', 'मुख्यमंत्री', '北京市环境局', '王建国', '记者会上说', 'Google', '1,000',
  );
  const graphemeBounds = (text: string) => new Set([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((g) => g.index).concat(text.length));
  const crossesBreak = (text: string, a: number, b: number) => /\n[^\S\n]*\n/u.test(text.slice(Math.min(a, b), Math.max(a, b)));
  const ends = (text: string) => stepEnd.bind(null, text);

  it('a step lands on a grapheme boundary, never crosses a paragraph break, and grow then shrink gives the edge back', () => {
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 25 }), fc.nat(), fc.nat(), (pieces, a, b) => {
      const text = pieces.join('');
      const bounds = [...graphemeBounds(text)].sort((x, y) => x - y);
      const x = bounds[a % bounds.length]!;
      const y = bounds[b % bounds.length]!;
      const snapped = snapToWords(text, Math.min(x, y), Math.max(x, y), true);
      if (!snapped) return;
      const graphemes = graphemeBounds(text);
      expect(graphemes.has(snapped.start) && graphemes.has(snapped.end)).toBe(true);
      for (const dir of ['grow', 'shrink'] as const) {
        const e = ends(text)(snapped, dir);
        if (e !== undefined) {
          expect(graphemes.has(e)).toBe(true);
          expect(crossesBreak(text, snapped.end, e)).toBe(false);
          expect(e).toBeGreaterThan(snapped.start);
          const back = stepEnd(text, { start: snapped.start, end: e }, dir === 'grow' ? 'shrink' : 'grow');
          // Back to where it was whenever the edge stood at a word's end (every snapped word-like end does).
          if (/[\p{L}\p{N}]/u.test(text.slice(snapped.end - 1, snapped.end))) expect(back).toBe(snapped.end);
        }
        const s = stepStart(text, snapped, dir);
        if (s !== undefined) {
          expect(graphemes.has(s)).toBe(true);
          expect(crossesBreak(text, snapped.start, s)).toBe(false);
          expect(s).toBeLessThan(snapped.end);
          const back = stepStart(text, { start: s, end: snapped.end }, dir === 'grow' ? 'shrink' : 'grow');
          if (/[\p{L}\p{N}]/u.test(text.slice(snapped.start, snapped.start + 1))) expect(back).toBe(snapped.start);
        }
      }
    }), { numRuns: 400 });
  });
});

describe('token exports keep grapheme clusters whole', () => {
  const context = (): ExportContext => ({ schema: defaultSchema(), sources: {}, settings: { snapToWords: true }, projectName: 'p', unit: 'codepoint', warn: () => undefined });
  const family = '👨‍👩‍👧';
  const tone = '👍🏽';
  const flag = '🇪🇬';
  const text = `She said ${family} and ${tone} then ${flag} here.`;
  function doc(): ArticleDoc {
    const d = emptyDoc(createArticle({ id: 'a-1', title: 't', text, keepText: true, provenance: { origin: 'test', importedAt: NOW } }));
    const r = range(text, `${family} and ${tone}`);
    return { ...d, spans: [{ id: 's-0', label: 'Quote', fragments: [makeFragment(text, r.start, r.end)], attributes: {}, annotator: 't', origin: 'manual', createdAt: NOW, updatedAt: NOW }] };
  }

  it('CoNLL: a ZWJ family, a skin tone and a flag are one token each', () => {
    const out = conllExporter.header!(context()) + conllExporter.chunk!(doc(), context(), true);
    const tokens = out.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    for (const e of [family, tone, flag]) expect(tokens.filter((t) => t[0] === e)).toHaveLength(1);
    expect(tokens.map((t) => t[0]).join(' ')).toBe(`She said ${family} and ${tone} then ${flag} here .`);
    expect(tokens.find((t) => t[0] === family)).toContain('B-Quote');
    expect(tokens.find((t) => t[0] === tone)).toContain('I-Quote');
    expect(tokens.find((t) => t[0] === flag)).not.toContain('I-Quote');
  });

  it('spaCy: the same three are one token each, and words + spaces give back the text', () => {
    const l = JSON.parse(spacyExporter.chunk!(doc(), context(), true)) as { tokens: { text: string; ws: boolean }[]; spans: { token_start: number; token_end: number }[] };
    const texts = l.tokens.map((t) => t.text);
    for (const e of [family, tone, flag]) expect(texts.filter((t) => t === e)).toHaveLength(1);
    expect(l.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(text);
    expect(texts.slice(l.spans[0]!.token_start, l.spans[0]!.token_end + 1)).toEqual([family, 'and', tone]);
  });
});
