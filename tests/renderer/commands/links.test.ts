/** Link candidates: the span's sentence first, then the sentence before, then those ending before it nearest first, then those after; only labels the schema allows. */
import { describe, expect, it } from 'vitest';
import { linkTargets, orderLinkCandidates } from '../../../annotations/edit/link-candidates.js';
import { defaultSchema } from '../../../annotations/index.js';
import { startLink, removeLink } from '../../../renderer/commands/links.js';
import { clickSpans, select } from '../../../renderer/commands/selection.js';
import { articleDoc, setup, spanIn } from '../fakes.js';

const TEXT = 'Ann spoke. Ben spoke. "It is late," said Cal. Dee agreed. Eve too.';
const doc = () => {
  const d = articleDoc('a-1', TEXT);
  return { ...d, spans: ['Ann', 'Ben', '"It is late,"', 'Cal', 'Dee', 'Eve'].map((t, i) => spanIn(d, `s-${i}`, t.startsWith('"') ? 'Quote' : 'Speaker', t)) };
};

describe('link candidates', () => {
  it('orders the speakers before the quote nearest first, then those after in reading order', () => {
    const d = doc();
    const quote = d.spans[2]!;
    expect(orderLinkCandidates(d.spans, quote, new Set(['Speaker']))).toEqual(['s-1', 's-0', 's-3', 's-4', 's-5']);
    // With the text: the speaker of the quote's own sentence (after it) first, then the sentence before.
    expect(orderLinkCandidates(d.spans, quote, new Set(['Speaker']), TEXT)).toEqual(['s-3', 's-1', 's-0', 's-4', 's-5']);
    expect(linkTargets(defaultSchema().linkTypes, 'Quote')).toEqual([{ type: 'said-by', to: ['Speaker'] }]);
    expect(linkTargets(defaultSchema().linkTypes, 'Speaker')).toEqual([]);
  });

  it('says when a span cannot be linked, and links the candidate clicked while choosing', async () => {
    const { wb } = await setup({ docs: [doc()] });
    select.perform(wb, 's-0');
    startLink.perform(wb);
    expect(wb.store.get().notice).toBe('A Speaker cannot be linked to anything in this schema.');
    select.perform(wb, 's-2');
    startLink.perform(wb);
    expect(wb.store.get().link!.candidates).toEqual(['s-3', 's-1', 's-0', 's-4', 's-5']);
    clickSpans.perform(wb, ['s-4']);
    const links = wb.store.get().doc!.links;
    expect(links).toMatchObject([{ from: 's-2', to: 's-4', type: 'said-by' }]);
    removeLink.perform(wb, links[0]!.id);
    expect(wb.store.get().doc!.links).toEqual([]);
  });

  it('cycles through nested spans on repeated clicks at one spot', async () => {
    const { wb } = await setup({ docs: [doc()] });
    clickSpans.perform(wb, ['s-3', 's-2']);
    expect(wb.store.get().selected).toBe('s-3');
    clickSpans.perform(wb, ['s-3', 's-2']);
    expect(wb.store.get().selected).toBe('s-2');
    clickSpans.perform(wb, []);
    expect(wb.store.get().selected).toBeNull();
  });
});
