/**
 * The article view's document and its position map, without a browser (prosemirror-model is
 * pure): for articles of many paragraphs (so several sections), every text offset maps to the
 * document position of the same character and back, in the whole document and in one that
 * holds only its first paragraphs (a long article arriving a step at a time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createArticle, textOffset } from '../../../annotations/index.js';
import { PositionMap } from '../../../renderer/editor/positions.js';
import { EditorState } from 'prosemirror-state';
import { SECTION_SIZE, appendParagraphs, articleToDoc, viewParagraphs } from '../../../renderer/editor/schema.js';

const article = (paras: string[]) => createArticle({ id: 'a', title: 't', text: paras.join('\n\n'), provenance: { origin: 'test', importedAt: '2026-01-01T00:00:00Z' } });

const paragraphTexts = fc.array(fc.stringMatching(/^[a-zé😀 ]{0,12}[a-z]$/u), { minLength: 1, maxLength: SECTION_SIZE * 3 + 14, size: 'max' });

describe('article view positions', () => {
  it('map every offset to the same character, across sections and in a partial document', () => {
    fc.assert(fc.property(paragraphTexts, fc.nat(), (paras, cut) => {
      const a = article(paras);
      const paragraphs = viewParagraphs(a);
      const map = new PositionMap(paragraphs);
      const count = 1 + (cut % paragraphs.length);
      for (const shown of [paragraphs.length, count]) {
        const doc = articleToDoc(a, shown);
        expect(doc.childCount).toBe(Math.ceil(shown / SECTION_SIZE));
        for (const p of paragraphs.slice(0, shown)) {
          const from = map.toPm(p.start);
          const to = map.toPm(p.end, 'end');
          expect(doc.textBetween(from, to)).toBe(a.text.slice(p.start, p.end));
          for (let o = p.start; o <= p.end; o++) expect(map.toOffset(map.toPm(textOffset(o)))).toBe(o);
        }
        expect(map.renderedEnd(shown)).toBe(shown === paragraphs.length ? Infinity : paragraphs[shown - 1]!.end);
      }
    }), { numRuns: 60 });
  });

  it('builds the same document by appending paragraphs step by step as at once', () => {
    const paras = Array.from({ length: SECTION_SIZE * 2 + 7 }, (_, i) => `paragraph ${i} text`);
    const a = article(paras);
    const paragraphs = viewParagraphs(a);
    const whole = articleToDoc(a);
    for (const [first, step] of [[1, 5], [10, 40], [SECTION_SIZE, SECTION_SIZE], [3, 200]] as const) {
      let state = EditorState.create({ doc: articleToDoc(a, first) });
      for (let shown: number = first; shown < paragraphs.length; shown = Math.min(paragraphs.length, shown + step)) {
        state = state.apply(appendParagraphs(state.tr, a, paragraphs, shown, Math.min(paragraphs.length, shown + step)));
      }
      expect(state.doc.eq(whole)).toBe(true);
    }
  });
});
