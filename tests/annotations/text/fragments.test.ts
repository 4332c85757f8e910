import { describe, expect, it } from 'vitest';
import { innermostFirst, type Span } from '../../../annotations/index.js';

const span = (id: string, ...fragments: [number, number][]): Span => ({ id, fragments: fragments.map(([start, end]) => ({ start, end })) }) as unknown as Span;

describe('innermostFirst', () => {
  const quote = span('quote', [10, 60]);
  const claim = span('claim', [30, 60]);
  const speaker = span('speaker', [30, 34]);
  const spans = new Map([quote, claim, speaker].map((s) => [s.id, s]));

  it('orders by extent, the shortest first, whatever order the ids came in', () => {
    expect(innermostFirst(['quote', 'claim', 'speaker'], (id) => spans.get(id))).toEqual(['speaker', 'claim', 'quote']);
    expect(innermostFirst(['claim', 'speaker', 'quote'], (id) => spans.get(id))).toEqual(['speaker', 'claim', 'quote']);
  });

  it('measures a span of several fragments from its first start to its last end', () => {
    const split = span('split', [0, 5], [40, 45]); // 45 long: longer than the claim's 30, shorter than the quote's 50
    expect(innermostFirst(['quote', 'split', 'claim'], (id) => (id === 'split' ? split : spans.get(id)))).toEqual(['claim', 'split', 'quote']);
  });

  it('keeps the order of ties and puts what has no span last', () => {
    const twin = span('twin', [30, 60]);
    expect(innermostFirst(['gone', 'twin', 'claim'], (id) => (id === 'twin' ? twin : spans.get(id)))).toEqual(['twin', 'claim', 'gone']);
    expect(innermostFirst(['claim', 'twin'], (id) => (id === 'twin' ? twin : spans.get(id)))).toEqual(['claim', 'twin']);
  });
});
