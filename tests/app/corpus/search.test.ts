/** The search's query parsing and hit finding (issue 21): UTF-16 offsets past emoji and accents, phrases, prefixes, the pair filter. */
import { describe, expect, it } from 'vitest';
import { createArticle, emptyDoc } from '../../../annotations/index.js';
import { foldKeepingOffsets, hitsIn, mayHavePhrases, pairFilter, parseQuery } from '../../../app/corpus/search.js';

const doc = (text: string) => emptyDoc(createArticle({ id: 'a', title: 'T', text, provenance: { origin: 't', importedAt: '2026-01-01T00:00:00Z' } }));

describe('corpus search', () => {
  it('parses words, phrases and prefixes', () => {
    expect(parseQuery('Kyiv "Withdrawal  was, completed" confirm*')).toEqual([
      { words: ['kyiv'], prefix: false }, { words: ['withdrawal', 'was', 'completed'], prefix: false }, { words: ['confirm'], prefix: true },
    ]);
    expect(parseQuery('  "" ')).toEqual([]);
  });
  it('folds case and accents without moving any offset', () => {
    const text = 'Ça 😀 CAFÉ İstanbul';
    expect(foldKeepingOffsets(text)).toHaveLength(text.length);
    expect(foldKeepingOffsets(text).slice(0, 2)).toBe('ca');
  });
  it('gives UTF-16 offsets into the text, past emoji, for words, phrases and prefixes', () => {
    const text = '😀 The café said: the withdrawal was completed. Withdrawn!';
    const d = doc(text);
    const hits = hitsIn(d, parseQuery('cafe "withdrawal was completed" withdr*'), new Map(), 10);
    const texts = hits.map((h) => [text.slice(h.start, h.end), h.text]);
    expect(texts).toEqual([['café', 'café'], ['withdrawal was completed', 'withdrawal was completed'], ['withdrawal', 'withdrawal'], ['Withdrawn', 'Withdrawn']]);
    expect(hits[0]!.start).toBe(7);
    expect(hitsIn(d, parseQuery('"withdrawal was complete"'), new Map(), 10)).toEqual([]);
  });
  it('the pair filter keeps every phrase the text has and refuses most it has not', () => {
    const f = pairFilter(['The withdrawal was completed at dawn']);
    expect(mayHavePhrases(f, parseQuery('"withdrawal was completed"'))).toBe(true);
    expect(mayHavePhrases(f, parseQuery('"completed withdrawal"'))).toBe(false);
  });
});

describe('search operators', () => {
  it('takes label: and source: out of the query', async () => {
    const { searchOperators } = await import('../../../app/api/corpus.js');
    const sources = [{ id: 'src-1', name: 'Yuri Sak', kind: 'person' as const, aliases: ['Sak'] }];
    expect(searchOperators('label:Quote Kherson source:"yuri sak"', sources)).toEqual({ query: 'Kherson', label: 'Quote', sourceId: 'src-1' });
    expect(searchOperators('source:Sak "a phrase"', sources)).toEqual({ query: '"a phrase"', sourceId: 'src-1' });
  });
});
