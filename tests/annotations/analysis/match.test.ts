import { describe, expect, it } from 'vitest';
import { overlaps, sameFragments, sharedCharacters, spanKey, spansMatch } from '../../../annotations/analysis/match.js';

const s = (label: string, ...pieces: [number, number][]) => ({ label, fragments: pieces.map(([start, end]) => ({ start, end, text: '', prefix: '', suffix: '' })) }) as never;

describe('span matching', () => {
  it('exact needs the same label and every fragment', () => {
    expect(spansMatch(s('Quote', [0, 5]), s('Quote', [0, 5]), 'exact')).toBe(true);
    expect(spansMatch(s('Quote', [0, 5]), s('Claim', [0, 5]), 'exact')).toBe(false);
    expect(spansMatch(s('Quote', [0, 5], [9, 12]), s('Quote', [0, 5]), 'exact')).toBe(false);
    expect(spanKey(s('Quote', [0, 5], [9, 12]))).toBe('Quote@0-5,9-12');
    expect(sameFragments(s('A', [1, 2]), s('B', [1, 2]))).toBe(true);
  });
  it('overlap needs one character in common, across fragments', () => {
    expect(overlaps(s('Q', [0, 5]), s('Q', [5, 9]))).toBe(false);
    expect(overlaps(s('Q', [0, 5]), s('Q', [4, 9]))).toBe(true);
    expect(sharedCharacters(s('Q', [0, 5], [10, 20]), s('Q', [3, 12], [15, 16]))).toBe(2 + 2 + 1);
    expect(spansMatch(s('Q', [0, 5]), s('C', [0, 5]), 'overlap')).toBe(false);
  });
});
