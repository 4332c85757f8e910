import { describe, expect, it } from 'vitest';
import { makeFragment, type Link, type Span } from '../../../annotations/index.js';
import { describeEvaluation, evaluate } from '../../../annotations/suggest/evaluate.js';

const TEXT = '“Hello there,” the mayor said. The police said two men were arrested at night.';
let n = 0;
const sp = (label: string, start: number, end: number): Span => ({
  id: `s${n++}`, label, fragments: [makeFragment(TEXT, start, end)], attributes: {}, annotator: 'x', origin: 'manual', createdAt: '', updatedAt: '',
});
const at = (label: string, t: string, cut = 0) => {
  const i = TEXT.indexOf(t);
  return sp(label, i, i + t.length - cut);
};
const attribution = (q: Span, c: Span, s: Span): Link[] => [
  { id: `${q.id}sb`, type: 'said-by', from: q.id, to: s.id }, { id: `${q.id}co`, type: 'cue-of', from: c.id, to: q.id },
];

describe('evaluation', () => {
  it('counts exact and overlap matches per label, direct quotes and whole attributions', () => {
    const g = [at('Quote', '“Hello there,”'), at('Cue', 'said'), at('Speaker', 'the mayor'), at('Quote', 'two men were arrested at night'), at('Speaker', 'The police')];
    const gold = { spans: g, links: attribution(g[0]!, g[1]!, g[2]!) };
    // The second quote too short (overlap only), the police missed, a wrong extra cue.
    const p = [at('Quote', '“Hello there,”'), at('Cue', 'said'), at('Speaker', 'the mayor'), at('Quote', 'two men were arrested at night', 9), at('Cue', 'arrested')];
    const pred = { spans: p, links: attribution(p[0]!, p[1]!, p[2]!) };
    const e = evaluate([gold], [pred], ['Speaker', 'Cue', 'Quote']);
    expect(e.labels['Quote']!.exact).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(e.labels['Quote']!.overlap).toMatchObject({ tp: 2, fp: 0, fn: 0, f1: 1 });
    expect(e.labels['Speaker']!.overlap).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(e.labels['Cue']!.overlap.precision).toBe(0.5);
    expect(e.directQuotes.exact).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    // The first attribution matches whole; the second has no cue or speaker in either: it matches by overlap only.
    expect(e.attributions.overlap).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(e.attributions.exact).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(describeEvaluation(e).join('\n')).toMatch(/Quote\s+100\.0\s+100\.0\s+100\.0\s+50\.0\s+50\.0\s+50\.0\s+2/);
  });

  it('an empty prediction scores zero, never NaN', () => {
    const e = evaluate([{ spans: [at('Quote', '“Hello there,”')], links: [] }], [{ spans: [], links: [] }], ['Quote']);
    expect(e.labels['Quote']!.overlap).toEqual({ tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
  });
});
