/** Quote provenance (issue 21): normalising, shingles, groups robust to trimmed words and punctuation, and the user's decisions. */
import { describe, expect, it } from 'vitest';
import { confirmGroup, minhash, normalise, provenanceGroups, shingles, similarity, splitGroup, type ProvenanceQuote } from '../../../annotations/analysis/provenance.js';

const q = (articleId: string, text: string, published?: string): ProvenanceQuote => ({ key: `${articleId}/q`, articleId, spanId: 'q', text, title: articleId, start: 0, end: text.length, ...(published ? { published } : {}) });
const STATEMENT = '“The transfer of Russian troops to the left bank of the Dnipro River was completed. Not a single piece of military equipment was left,”';

describe('provenance', () => {
  it('normalises case, accents, quotation marks and punctuation', () => {
    expect(normalise('“Café — DONE,” she said.')).toBe('cafe done she said');
    expect([...shingles(normalise('The troops retreated; troops retreating'))]).toEqual(['troop', 'retreat']);
  });
  it('MinHash signatures agree where the sets do', () => {
    const a = minhash(new Set(['a', 'b', 'c', 'd']));
    expect(minhash(new Set(['d', 'c', 'b', 'a']))).toEqual(a);
    expect(similarity(new Set(['a', 'b']), new Set(['b', 'c']))).toEqual({ jaccard: 1 / 3, containment: 0.5, shared: 1 });
  });
  it('groups the same statement across articles, trimmed or repunctuated, earliest first', () => {
    const quotes = [
      q('later', STATEMENT.replace(/[“”,.]/g, ''), '2022-11-12'),
      q('first', STATEMENT, '2022-11-11'),
      q('trimmed', 'the transfer of Russian troops to the left bank of the Dnipro River was completed', '2022-11-13'),
      q('other', 'Kherson residents celebrated in the central square with flags', '2022-11-11'),
      q('short', '“important victory”', '2022-11-11'),
      q('short2', 'an important moment', '2022-11-12'),
    ];
    const groups = provenanceGroups(quotes);
    expect(groups.map((g) => g.members.map((m) => m.articleId))).toEqual([['first', 'later', 'trimmed']]);
    expect(groups[0]!.id).toBe('first/q');
  });
  it('never groups quotes of one article only', () => {
    expect(provenanceGroups([{ ...q('a', STATEMENT), key: 'a/1' }, { ...q('a', STATEMENT), key: 'a/2' }])).toEqual([]);
  });
  it('applies confirmations and splits on top', () => {
    const quotes = [q('a', STATEMENT, '2022-01-01'), q('b', STATEMENT, '2022-01-02'), q('c', STATEMENT, '2022-01-03')];
    const [g] = provenanceGroups(quotes);
    const keys = g!.members.map((m) => m.key);
    const confirmed = confirmGroup({ confirmed: [], splits: [] }, g!.id);
    expect(provenanceGroups(quotes, confirmed)[0]!.confirmed).toBe(true);
    expect(provenanceGroups(quotes, confirmGroup(confirmed, g!.id, false))[0]!.confirmed).toBe(false);
    const split = splitGroup(confirmed, keys, ['c/q']);
    expect(provenanceGroups(quotes, split).map((x) => x.members.map((m) => m.key))).toEqual([['a/q', 'b/q']]);
    expect(provenanceGroups(quotes, splitGroup(split, ['a/q', 'b/q'], ['b/q']))).toEqual([]);
  });
});
