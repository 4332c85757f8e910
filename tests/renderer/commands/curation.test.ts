/**
 * Curation's keys over the fake Api: N to the open disagreement, 1–9 accept a layer's version
 * (copied into the curated layer with its links, the annotator's own untouched), Ctrl+Z takes
 * it back, X rejects and N skips it, E accepts and Shift+arrows adjust; A accepts the agreed.
 * And "next to do" following the assignments.
 */
import { describe, expect, it } from 'vitest';
import { CURATED_LAYER, layerOf } from '../../../annotations/index.js';
import { currentUnit, handleCurationKey, openCuration } from '../../../renderer/commands/curation.js';
import { handleWindowKey } from '../../../renderer/commands/keymap.js';
import { openNextNotDone } from '../../../renderer/commands/articles.js';
import { assignmentsOf } from '../../../renderer/state/assignments.js';
import { curationOf } from '../../../renderer/state/curation.js';
import { articleDoc, key, settle, setup, spanIn } from '../fakes.js';

const layered = () => {
  const d = articleDoc('a-1');
  return {
    ...d,
    spans: [
      spanIn(d, 'a-sp', 'Speaker', 'Alice Smith', { annotator: 'ann' }), spanIn(d, 'b-sp', 'Speaker', 'Alice Smith', { annotator: 'bob' }),
      spanIn(d, 'a-q', 'Quote', 'the budget was late', { annotator: 'ann' }), spanIn(d, 'b-q', 'Quote', 'budget was late', { annotator: 'bob' }),
    ],
    links: [{ id: 'b-l', type: 'said-by', from: 'b-q', to: 'b-sp', annotator: 'bob' }],
  };
};
const curated = (wb: Awaited<ReturnType<typeof setup>>['wb']) => wb.store.get().doc!.spans.filter((s) => layerOf(s) === CURATED_LAYER);

describe('curation keys', () => {
  it('accepts the agreed units, then a layer\'s version with its link, and never touches the annotators\' layers; Ctrl+Z undoes', async () => {
    const { wb, api, navigated } = await setup({ docs: [layered()] });
    handleWindowKey(wb, key('c', { altKey: true, code: 'KeyC' } as never), false);
    expect(navigated).toEqual(['#/curate/a-1']);
    curationOf(wb).forArticle('a-1');
    expect(handleCurationKey(wb, key('n'))).toBe(true);
    expect(currentUnit(wb)!.label).toBe('Quote');
    expect(handleCurationKey(wb, key('a'))).toBe(true);
    expect(curated(wb).map((s) => [s.label, s.annotator])).toEqual([['Speaker', 'alice']]);
    expect(handleCurationKey(wb, key('2'))).toBe(true);
    await settle();
    const doc = wb.store.get().doc!;
    const quote = curated(wb).find((s) => s.label === 'Quote')!;
    expect(quote.fragments[0]!.text).toBe('budget was late');
    expect(quote.id).not.toBe('b-q');
    const speaker = curated(wb).find((s) => s.label === 'Speaker')!;
    expect(doc.links.filter((l) => layerOf(l) === CURATED_LAYER).map((l) => [l.from, l.to])).toEqual([[quote.id, speaker.id]]);
    // The annotators' own layers are as they were, on the server too.
    const server = api.state.docs['a-1']!;
    expect(server.spans.filter((s) => s.layer === undefined).map((s) => s.id).sort()).toEqual(['a-q', 'a-sp', 'b-q', 'b-sp']);
    expect(server.links.filter((l) => l.layer === undefined)).toEqual([{ id: 'b-l', type: 'said-by', from: 'b-q', to: 'b-sp', annotator: 'bob' }]);
    // Accepting the other layer replaces the curated version, in one step.
    handleCurationKey(wb, key('1'));
    await settle();
    expect(curated(wb).filter((s) => s.label === 'Quote').map((s) => s.fragments[0]!.text)).toEqual(['the budget was late']);
    expect(handleWindowKey(wb, key('z', { ctrlKey: true }), false)).toBe(true);
    await settle();
    expect(curated(wb).filter((s) => s.label === 'Quote').map((s) => s.fragments[0]!.text)).toEqual(['budget was late']);
    handleWindowKey(wb, key('z', { ctrlKey: true }), false);
    await settle();
    expect(curated(wb).map((s) => s.label)).toEqual(['Speaker']);
    expect(openCuration.name).toBe('openCuration');
  });

  it('rejects with X so that N skips the unit (remembered in the page\'s storage), and X again takes it back', async () => {
    const { wb, storage } = await setup({ docs: [layered()] });
    curationOf(wb).forArticle('a-1');
    handleCurationKey(wb, key('n'));
    handleCurationKey(wb, key('x'));
    expect(storage.get('sourcemark.curation.rejected.a-1')).toContain('Quote');
    handleCurationKey(wb, key('n'));
    expect(wb.store.get().notice).toBe('No open disagreement left in this article.');
    handleCurationKey(wb, key('x'));
    expect(curationOf(wb).get().rejected.size).toBe(0);
  });

  it('E accepts the first version and Shift+arrows adjust the curated copy only', async () => {
    const { wb } = await setup({ docs: [layered()] });
    curationOf(wb).forArticle('a-1');
    handleCurationKey(wb, key('n'));
    handleCurationKey(wb, key('e'));
    expect(curationOf(wb).get().editing).toBe(true);
    handleCurationKey(wb, key('ArrowLeft', { shiftKey: true }));
    await settle();
    expect(curated(wb)[0]!.fragments[0]!.text).toBe('the budget was');
    expect(wb.store.get().doc!.spans.find((s) => s.id === 'a-q')!.fragments[0]!.text).toBe('the budget was late');
    handleCurationKey(wb, key('Enter'));
    expect(curationOf(wb).get().editing).toBe(false);
  });
});

describe('accept all agreed', () => {
  it('leaves a unit whose versions differ only in their attributes to the curator', async () => {
    const d = layered();
    const doc = { ...d, spans: d.spans.map((x) => (x.id === 'b-sp' ? { ...x, note: 'x' } : x)).concat([
      spanIn(d, 'a-c', 'Cue', 'denied', { annotator: 'ann' }), spanIn(d, 'b-c', 'Cue', 'denied', { annotator: 'bob' }),
    ]) };
    doc.spans = doc.spans.map((x) => (x.id === 'a-q' ? { ...x, attributes: { QuoteType: 'Direct' } } : x));
    // Make the quotes agree on the text but not on the attribute.
    doc.spans = doc.spans.map((x) => (x.id === 'b-q' ? spanIn(d, 'b-q', 'Quote', 'the budget was late', { annotator: 'bob' }) : x));
    const { wb } = await setup({ docs: [doc] });
    curationOf(wb).forArticle('a-1');
    handleCurationKey(wb, key('a'));
    expect(curated(wb).map((s) => s.label).sort()).toEqual(['Cue', 'Speaker']);
    handleCurationKey(wb, key('n'));
    expect(currentUnit(wb)).toMatchObject({ label: 'Quote', agreed: true, detailsDiffer: true });
  });
});

describe('next to do', () => {
  it('follows the annotator\'s assignment when there is one, every article otherwise', async () => {
    const { wb, navigated } = await setup({ docs: [articleDoc('a-1'), articleDoc('a-2'), articleDoc('a-3')] });
    openNextNotDone.perform(wb);
    expect(navigated).toEqual(['#/articles/a-2']);
    assignmentsOf(wb).set({ articles: { 'a-3': ['alice'], 'a-2': ['bob'] }, annotators: ['alice', 'bob'] });
    openNextNotDone.perform(wb);
    expect(navigated.at(-1)).toBe('#/articles/a-3');
    assignmentsOf(wb).set({ articles: { 'a-3': ['bob'] }, annotators: ['bob'] });
    openNextNotDone.perform(wb);
    expect(navigated.at(-1)).toBe('#/articles/a-2');
  });
});
