/**
 * The order of link candidates (issue 16): the nearest in the span's sentence first, then the
 * sentence before, then the rest (before the span nearest first, then after it). The seed
 * article's cue "called" pre-selects its own quote, not the defence ministry's a paragraph back.
 */
import { describe, expect, it } from 'vitest';
import { orderLinkCandidates, sentencesAround } from '../../../annotations/edit/link-candidates.js';
import { readSampleDoc } from '../../helpers/sample.js';
import { at, spanOf } from '../../helpers/model.js';

const seed = readSampleDoc('a-zhx615xkn4hp');
const byText = (label: string, text: string) => seed.spans.find((s) => s.label === label && s.fragments[0]!.text.startsWith(text))!;

describe('link candidates in the seed article', () => {
  it('starts the cue "called" on the quote of its own sentence', () => {
    const called = byText('Cue', 'called');
    const order = orderLinkCandidates(seed.spans, called, new Set(['Quote']), seed.article.text);
    expect(order[0]).toBe(byText('Quote', '“important moment').id);
    // Without the text (the old rule: nearest before first) it was the defence ministry's quote.
    expect(orderLinkCandidates(seed.spans, called, new Set(['Quote']))[0]).toBe(byText('Quote', 'the withdrawal was completed').id);
  });

  it('starts a quote on the speaker of its sentence, before or after it', () => {
    const speakers = new Set(['Speaker']);
    const first = (quote: string) => orderLinkCandidates(seed.spans, byText('Quote', quote), speakers, seed.article.text)[0];
    expect(first('“important moment')).toBe(byText('Speaker', 'Yuri Sak').id);
    expect(first('the counteroffensive')).toBe(byText('Speaker', 'he').id);
  });
});

describe('link candidates', () => {
  const TEXT = 'Ann spoke. Ben spoke. "It is late," said Cal. Dee agreed.\n\nThe mayor told reporters:\n\n"We stay." Eve left.';
  const spans = ['Ann', 'Ben', '"It is late,"', 'Cal', 'Dee', 'The mayor', '"We stay."', 'Eve'].map((t, i) =>
    spanOf(TEXT, t.startsWith('"') ? 'Quote' : 'Speaker', [at(TEXT, t)], undefined, { id: `s-${i}` }));

  it('puts the speaker after a quote in its sentence first, then the sentence before, then the rest', () => {
    expect(orderLinkCandidates(spans, spans[2]!, new Set(['Speaker']), TEXT)).toEqual(['s-3', 's-1', 's-0', 's-4', 's-5', 's-7']);
  });

  it('reaches the last sentence of the paragraph before when the quote opens its paragraph', () => {
    expect(orderLinkCandidates(spans, spans[6]!, new Set(['Speaker']), TEXT)).toEqual(['s-5', 's-4', 's-3', 's-1', 's-0', 's-7']);
    const around = sentencesAround(TEXT, ...at(TEXT, '"We stay."'));
    expect(TEXT.slice(around.same.start, around.same.end).trim()).toBe('"We stay."');
    expect(TEXT.slice(around.before!.start, around.before!.end).trim()).toBe('The mayor told reporters:');
  });

  it('segments only the neighbourhood of the span in a long article', () => {
    const long = 'A man spoke at length about the harbour. '.repeat(3000) + 'Bo said "yes".';
    const q = spanOf(long, 'Quote', [at(long, '"yes"')], undefined, { id: 'q' });
    const bo = spanOf(long, 'Speaker', [at(long, 'Bo')], undefined, { id: 'bo' });
    const t0 = performance.now();
    expect(orderLinkCandidates([q, bo], q, new Set(['Speaker']), long)).toEqual(['bo']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
