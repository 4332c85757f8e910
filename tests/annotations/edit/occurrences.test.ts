/** "Annotate all occurrences": the other whole-word occurrences of a span's text, and the one batch that tags them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyOperation, createArticle, defaultSchema, emptyDoc, makeFragment, type ArticleDoc, type Span } from '../../../annotations/index.js';
import { MAX_OCCURRENCES, otherOccurrences, tagOccurrencesOp } from '../../../annotations/edit/occurrences.js';

const NOW = '2026-03-01T10:00:00.000Z';
const docOf = (text: string): ArticleDoc => emptyDoc(createArticle({ id: 'a-1', title: 'T', text, provenance: { origin: 'test', importedAt: NOW } }));
const spanAt = (doc: ArticleDoc, id: string, label: string, start: number, end: number, extra: Partial<Span> = {}): Span => ({
  id, label, fragments: [makeFragment(doc.article.text, start, end)], attributes: {}, annotator: 'a', origin: 'manual', createdAt: NOW, updatedAt: NOW, ...extra,
});

describe('otherOccurrences', () => {
  it('finds exact whole-word occurrences, not inside words or of another case, and skips those its label covers', () => {
    const text = 'He said the heat was high. He left. Then he came. He';
    const d = docOf(text);
    const he = spanAt(d, 's-1', 'Speaker', 0, 2);
    const tagged = spanAt(d, 's-2', 'Speaker', text.indexOf('He left'), text.indexOf('He left') + 2);
    const other = spanAt(d, 's-3', 'Quote', text.length - 2, text.length); // another label does not count
    const doc = { ...d, spans: [he, tagged, other] };
    expect(otherOccurrences(doc, he)).toEqual([{ start: text.length - 2, end: text.length }]);
  });

  it('is empty for a span in two parts or an orphaned one', () => {
    const d = docOf('Ana spoke. Ana left.');
    const two = { ...spanAt(d, 's-1', 'Quote', 0, 3), fragments: [makeFragment(d.article.text, 0, 3), makeFragment(d.article.text, 4, 9)] };
    expect(otherOccurrences(d, two)).toEqual([]);
    expect(otherOccurrences(d, spanAt(d, 's-2', 'Speaker', 0, 3, { orphaned: true }))).toEqual([]);
    expect(otherOccurrences(d, spanAt(d, 's-3', 'Speaker', 0, 3))).toEqual([{ start: 11, end: 14 }]);
  });

  it('stops at the limit', () => {
    const d = docOf('x '.repeat(MAX_OCCURRENCES + 10));
    expect(otherOccurrences(d, spanAt(d, 's-1', 'Claim', 0, 1))).toHaveLength(MAX_OCCURRENCES);
  });

  it('property: every occurrence found is the text, word-aligned, untagged, and the batch applies in one step that undo takes back whole', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('Bob', 'Bobby', 'bob', 'said', '.', ' ', ' ', '\n\n'), { minLength: 1, maxLength: 40 }), (parts) => {
      const text = `Bob ${parts.join('')}`;
      const d = docOf(text);
      const bob = spanAt(d, 's-1', 'Speaker', 0, 3, { sourceId: 'src-1' });
      const doc = { ...d, spans: [bob] };
      const found = otherOccurrences(doc, bob);
      for (const r of found) {
        expect(text.slice(r.start, r.end)).toBe('Bob');
        expect(/[\p{L}\p{N}]/u.test(text[r.end] ?? ' ')).toBe(false);
        expect(/[\p{L}\p{N}]/u.test(text[r.start - 1] ?? ' ')).toBe(false);
      }
      let n = 0;
      const op = tagOccurrencesOp(doc, bob, found, 'b', NOW, () => `s-new-${n++}`);
      if (!found.length) {
        expect(op).toBeUndefined();
        return;
      }
      const state = { schema: defaultSchema(), sources: { 'src-1': { id: 'src-1', name: 'Bob', kind: 'person' as const, aliases: [] } }, docs: { 'a-1': doc } };
      const applied = applyOperation(state, op!, { now: NOW });
      const after = applied.state.docs['a-1']!;
      expect(after.spans).toHaveLength(found.length + 1);
      expect(after.spans.every((s) => s.label === 'Speaker' && s.sourceId === 'src-1')).toBe(true);
      expect(otherOccurrences(after, bob)).toEqual([]);
      expect(applyOperation(applied.state, applied.inverse, { now: NOW }).state.docs['a-1']!.spans).toHaveLength(1);
    }), { numRuns: 150 });
  });
});
