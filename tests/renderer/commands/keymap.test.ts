/**
 * The article's keymap over the commands' declared keys, with the precedence the workbench has
 * always had: link mode first, label keys (create with text selected, relabel with a span
 * selected), Tab, Escape, Delete, Enter, Shift+arrows, L/K/F/S, attribute keys; plain typing is
 * swallowed; Ctrl keys are the window's (undo, redo, find, Ctrl+Enter, Alt+N, Alt+1/2/3).
 */
import { describe, expect, it } from 'vitest';
import { handleArticleKey, handleWindowKey } from '../../../renderer/commands/keymap.js';
import { select } from '../../../renderer/commands/selection.js';
import { articleDoc, key, settle, setup, spanIn } from '../fakes.js';

const withSpans = () => {
  const d = articleDoc('a-1');
  return { ...d, spans: [spanIn(d, 's-alice', 'Speaker', 'Alice Smith'), spanIn(d, 's-quote', 'Quote', 'the budget was late'), spanIn(d, 's-bob', 'Speaker', 'Bob Jones')] };
};
const spanById = (s: { doc: { spans: { id: string; label: string; attributes: Record<string, string> }[] } | null }, id: string) => s.doc!.spans.find((x) => x.id === id)!;

describe('the article keymap', () => {
  it('makes a span with a label key when text is selected, relabels the selected span when none is', async () => {
    const { wb, view } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-quote');
    view.selectText('minister');
    expect(handleArticleKey(wb, key('4'))).toBe(true);
    const made = wb.store.get().selected!;
    expect(spanById(wb.store.get(), made).label).toBe('Cue');
    expect(view.sel.start).toBe(view.sel.end); // the selection collapsed
    select.perform(wb, 's-quote');
    expect(handleArticleKey(wb, key('3'))).toBe(true);
    expect(spanById(wb.store.get(), 's-quote').label).toBe('Claim');
    expect(wb.store.get().doc!.spans).toHaveLength(4);
  });

  it('opens the source picker for a new speaker, with its text as the query', async () => {
    const { wb, view } = await setup();
    view.selectText('minister');
    handleArticleKey(wb, key('1'));
    expect(wb.store.get().sourcePicker).toEqual({ spanId: wb.store.get().selected, query: 'minister' });
  });

  it('chooses a link target with the arrows, links with Enter, cancels with Escape, and swallows other keys meanwhile', async () => {
    const { wb } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-quote');
    expect(handleArticleKey(wb, key('l'))).toBe(true);
    // Nearest before first, then after.
    expect(wb.store.get().link).toEqual({ from: 's-quote', candidates: ['s-alice', 's-bob'], index: 0 });
    expect(handleArticleKey(wb, key('ArrowRight'))).toBe(true);
    expect(wb.store.get().link!.index).toBe(1);
    expect(handleArticleKey(wb, key('3'))).toBe(true); // a label key does nothing while choosing
    expect(spanById(wb.store.get(), 's-quote').label).toBe('Quote');
    expect(handleArticleKey(wb, key('ArrowUp'))).toBe(true);
    expect(handleArticleKey(wb, key('ArrowUp'))).toBe(true);
    expect(wb.store.get().link!.index).toBe(1);
    expect(handleArticleKey(wb, key('Enter'))).toBe(true);
    expect(wb.store.get().link).toBeNull();
    expect(wb.store.get().doc!.links).toMatchObject([{ type: 'said-by', from: 's-quote', to: 's-bob' }]);
    expect(wb.store.get().selected).toBe('s-quote');
    handleArticleKey(wb, key('l'));
    expect(handleArticleKey(wb, key('Escape'))).toBe(true);
    expect(wb.store.get().link).toBeNull();
    expect(wb.store.get().doc!.links).toHaveLength(1);
    expect(wb.store.get().selected).toBe('s-quote');
  });

  it('links to the nearest speaker before with K', async () => {
    const { wb } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-quote');
    handleArticleKey(wb, key('k'));
    expect(wb.store.get().doc!.links).toMatchObject([{ from: 's-quote', to: 's-alice' }]);
  });

  it('toggles an attribute with its key', async () => {
    const { wb } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-quote');
    expect(handleArticleKey(wb, key('d'))).toBe(true);
    expect(spanById(wb.store.get(), 's-quote').attributes).toEqual({ QuoteType: 'Direct' });
    handleArticleKey(wb, key('I'));
    expect(spanById(wb.store.get(), 's-quote').attributes).toEqual({ QuoteType: 'Indirect' });
    handleArticleKey(wb, key('i'));
    expect(spanById(wb.store.get(), 's-quote').attributes).toEqual({});
  });

  it('moves with Tab and Shift+Tab, deselects or collapses with Escape, deletes with Delete', async () => {
    const { wb, view } = await setup({ docs: [withSpans()] });
    handleArticleKey(wb, key('Tab', { shiftKey: true }));
    expect(wb.store.get().selected).toBe('s-bob');
    handleArticleKey(wb, key('Tab'));
    expect(wb.store.get().selected).toBe('s-alice');
    view.selectText('minister');
    handleArticleKey(wb, key('Escape'));
    expect(view.sel.start).toBe(view.sel.end);
    expect(wb.store.get().selected).toBe('s-alice');
    handleArticleKey(wb, key('Escape'));
    expect(wb.store.get().selected).toBeNull();
    select.perform(wb, 's-quote');
    expect(handleArticleKey(wb, key('Delete'))).toBe(true);
    expect(wb.store.get().doc!.spans.map((s) => s.id)).toEqual(['s-alice', 's-bob']);
    expect(wb.store.get().selected).toBe('s-bob');
  });

  it('resizes the selected span by a word with Shift+arrows (its start with Alt)', async () => {
    const { wb } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-alice');
    expect(handleArticleKey(wb, key('ArrowRight', { shiftKey: true }))).toBe(true);
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-alice')!.fragments[0]!.text).toBe('Alice Smith said');
    handleArticleKey(wb, key('ArrowRight', { shiftKey: true, altKey: true }));
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-alice')!.fragments[0]!.text).toBe('Smith said');
  });

  it('swallows plain typing, lets navigation keys and Ctrl keys through', async () => {
    const { wb, api } = await setup({ docs: [withSpans()] });
    const doc = wb.store.get().doc;
    expect(handleArticleKey(wb, key('x'))).toBe(true);
    expect(handleArticleKey(wb, key('ArrowDown'))).toBe(false);
    expect(handleArticleKey(wb, key('z', { ctrlKey: true }))).toBe(false);
    expect(handleArticleKey(wb, key('1', { altKey: true }))).toBe(false);
    expect(wb.store.get().doc).toBe(doc);
    await settle();
    expect(api.calls).toEqual([]);
  });

  it('gives the window undo, find, the status keys and Ctrl+Enter (done, then the next to do)', async () => {
    const { wb, api, navigated } = await setup({ docs: [articleDoc('a-1'), articleDoc('a-2')] });
    expect(handleWindowKey(wb, key('f', { ctrlKey: true }), false)).toBe(true);
    expect(wb.store.get().find.open).toBe(true);
    expect(handleWindowKey(wb, key('2', { altKey: true }), false)).toBe(true);
    expect(wb.store.get().doc!.article.status).toBe('in-progress');
    expect(handleWindowKey(wb, key('z', { ctrlKey: true }), true)).toBe(false); // a field's own undo
    expect(handleWindowKey(wb, key('Enter', { metaKey: true }), false)).toBe(true);
    expect(wb.store.get().doc!.article.status).toBe('done');
    expect(navigated).toEqual(['#/articles/a-2']);
    expect(handleWindowKey(wb, key('z', { ctrlKey: true }), false)).toBe(true);
    await wb.writer.idle();
    await settle();
    expect(api.calls.map((c) => c.method)).toEqual(['apply', 'apply', 'undo']);
    expect(wb.store.get().doc!.article.status).toBe('in-progress');
  });
});
