import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CONLL_SENTENCE_RULE, OffsetConverter, conllExporter, createArticle, defaultSchema, emptyDoc, makeFragment, spacyExporter, textOffset,
  type ArticleDoc, type ExportContext, type Span,
} from '../../../annotations/index.js';
import { NOW, at } from '../../helpers/model.js';

function context(warnings: string[] = []): ExportContext {
  return { schema: defaultSchema(), sources: {}, settings: { snapToWords: true }, projectName: 'p', unit: 'codepoint', warn: (m) => warnings.push(m) };
}

function doc(text: string, spans: [label: string, ranges: [number, number][]][]): ArticleDoc {
  const d = emptyDoc(createArticle({ id: 'a-1', title: 't', text, keepText: true, provenance: { origin: 'test', importedAt: NOW } }));
  const made: Span[] = spans.map(([label, ranges], i) => ({
    id: `s-${i}`, label, fragments: ranges.map(([s, e]) => makeFragment(text, s, e)), attributes: {}, annotator: 't', origin: 'manual', createdAt: NOW, updatedAt: NOW,
  }));
  return { ...d, spans: made };
}

/** A strict IOB2 reader: sentences of [token, start, end, ...tags]; throws where an I- does not continue an entity. */
function readIob2(conll: string, columns: number): { entities: string[]; sentences: string[][][] } {
  const sentences: string[][][] = [];
  let cur: string[][] = [];
  for (const line of conll.split('\n')) {
    if (line.startsWith('#')) continue;
    if (line === '') {
      if (cur.length) sentences.push(cur);
      cur = [];
      continue;
    }
    const cells = line.split('\t');
    expect(cells).toHaveLength(3 + columns);
    cur.push(cells);
  }
  if (cur.length) sentences.push(cur);
  const entities: string[] = [];
  for (const s of sentences) {
    for (let c = 0; c < columns; c++) {
      let open: { label: string; start: string; end: string } | undefined;
      const close = () => open && entities.push(`${open.label} ${open.start}-${open.end}`);
      for (const cells of s) {
        const tag = cells[3 + c]!;
        if (tag === 'O') {
          close();
          open = undefined;
        } else if (tag.startsWith('B-')) {
          close();
          open = { label: tag.slice(2), start: cells[1]!, end: cells[2]! };
        } else if (tag.startsWith('I-') && open?.label === tag.slice(2)) {
          open.end = cells[2]!;
        } else {
          throw new Error(`strict IOB2: ${tag} on "${cells[0]}" does not continue an entity`);
        }
      }
      close();
    }
  }
  return { entities: entities.sort(), sentences };
}

const conll = (d: ArticleDoc, ctx = context()) => conllExporter.header!(ctx) + conllExporter.chunk!(d, ctx, true);

describe('CoNLL: strict IOB2', () => {
  it('a quote that crosses a sentence break keeps its sentences together, starting with B- once; the header says so', () => {
    const text = 'He said: “We will not stop. We will go on.” Then he left. Later it rained.';
    const out = conll(doc(text, [['Quote', [at(text, '“We will not stop. We will go on.”')]], ['Claim', [at(text, 'We will go on')]]]));
    expect(out).toContain(`# sentences are separated by a blank line; ${CONLL_SENTENCE_RULE}`);
    expect(out).toContain('strict IOB2');
    const { entities, sentences } = readIob2(out, 4);
    const conv = new OffsetConverter(text);
    const cp = (r: [number, number]) => r.map((n) => conv.toCodePoint(textOffset(n))).join('-');
    expect(entities).toEqual([`Claim ${cp(at(text, 'We will go on'))}`, `Quote ${cp(at(text, '“We will not stop. We will go on.”'))}`].sort());
    // Unicode's rules break after "stop." and after "on.”"; only the first is inside the quote.
    expect(sentences.map((s) => s.map((c) => c[0]).join(' '))).toEqual(['He said : “ We will not stop . We will go on . ”', 'Then he left .', 'Later it rained .']);
  });

  it('holds for any spans over any text: no entity starts with I-, no I- continues anything but its own label (property)', () => {
    const piece = fc.constantFrom('Word', 'word', ' ', '. ', '! ', '\n', '\n\n', '“', '”. ', '😀', 'e\u0301', '中文。', '  ', ', ');
    fc.assert(fc.property(fc.array(piece, { minLength: 4, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat(20), fc.nat(3), fc.boolean()), { maxLength: 8 }), (pieces, raw) => {
      const text = pieces.join('');
      const cps = [...text];
      const u16 = (cp: number) => cps.slice(0, cp).join('').length;
      const spans: [string, [number, number][]][] = [];
      for (const [a, len, l, two] of raw) {
        const s = a % cps.length;
        const e = Math.min(cps.length, s + 1 + len);
        const ranges: [number, number][] = [[u16(s), u16(e)]];
        if (two && e + 2 <= cps.length) ranges.push([u16(e + 1), u16(Math.min(cps.length, e + 3))]);
        if (ranges.every(([x, y]) => text.slice(x, y).trim())) spans.push([['Speaker', 'Quote', 'Claim', 'Cue'][l]!, ranges]);
      }
      const out = conll(doc(text, spans));
      expect(() => readIob2(out, 4)).not.toThrow();
    }), { numRuns: 300 });
  });
});

describe('spaCy: tokens rebuild the text, spans on tokens', () => {
  type Line = { text: string; tokens: { text: string; start: number; end: number; id: number; ws: boolean }[]; spans: { start: number; end: number; token_start: number; token_end: number; label: string }[]; meta: { widened?: string[] } };
  const line = (d: ArticleDoc, warnings: string[] = []) => JSON.parse(spacyExporter.chunk!(d, context(warnings), true)) as Line;

  it('writes whitespace tokens, so words + spaces give back the text; a leading space and "\\n\\n" are tokens', () => {
    const text = ' “Hi,”  she said.\n\nIt’s 😀 ok.\t中文。';
    const l = line(doc(text, [['Quote', [at(text, '“Hi,”')]]]));
    expect(l.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(text);
    expect(l.tokens[0]).toMatchObject({ text: ' ', start: 0, end: 1, ws: false });
    expect(l.tokens.map((t) => t.text)).toContain('\n\n');
    expect(l.tokens.map((t) => t.text)).toContain(' '); // the second of two spaces
    expect(l.spans).toEqual([{ start: 1, end: 6, token_start: 1, token_end: 4, label: 'Quote' }]);
  });

  it('every span covers its fragment (whitespace at its edges aside) with inclusive token ends; spans on token boundaries are exact, others widened and listed (property)', () => {
    const piece = fc.constantFrom('word', ' ', '  ', '\n\n', '😀', '👍🏽', 'e\u0301', '“', '”', ', ', '中文', '.', '\t');
    fc.assert(fc.property(fc.array(piece, { minLength: 3, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat(12)), { maxLength: 6 }), (pieces, raw) => {
      const text = pieces.join('');
      const bounds = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((g) => g.index).concat(text.length);
      const spans: [string, [number, number][]][] = [];
      for (const [a, len] of raw) {
        const s = bounds[a % bounds.length]!;
        const e = bounds[Math.min(bounds.length - 1, bounds.indexOf(s) + 1 + len)]!;
        if (e > s && text.slice(s, e).trim()) spans.push(['Quote', [[s, e]]]);
      }
      const warnings: string[] = [];
      const l = line(doc(text, spans), warnings);
      expect(l.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(text);
      const conv = new OffsetConverter(text);
      const cp = (n: number) => conv.toCodePoint(textOffset(n));
      let widened = 0;
      spans.forEach(([, ranges], i) => {
        const [s, e] = ranges[0]!;
        const got = l.spans[i]!;
        expect(l.tokens[got.token_start]!.start).toBe(got.start);
        expect(l.tokens[got.token_end]!.end).toBe(got.end);
        const inner = text.slice(s, e);
        const from = s + (inner.length - inner.trimStart().length);
        const to = e - (inner.length - inner.trimEnd().length);
        expect(got.start).toBeLessThanOrEqual(cp(from));
        expect(got.end).toBeGreaterThanOrEqual(cp(to));
        if (got.start !== cp(s) || got.end !== cp(e)) widened++;
      });
      expect(l.meta.widened?.length ?? 0).toBe(widened);
      expect(warnings.some((w) => /do not fall on token boundaries/.test(w))).toBe(widened > 0);
    }), { numRuns: 300 });
  });
});
