/**
 * The one write path, in Node with a fake Api: a change is applied locally in the same tick,
 * sent as one Api call (no list read after it), and the answer reconciled by span (unchanged
 * objects kept, changed ones taken); saves go in order; a failure shows in the save state; a
 * refused operation reads the article again; undo, redo and merges go through the same queue.
 */
import { describe, expect, it } from 'vitest';
import { articleDoc, countNotifications, key, LOCAL_NOW, range, SERVER_NOW, settle, setup, spanIn } from '../fakes.js';
import { handleArticleKey } from '../../../renderer/commands/keymap.js';
import { createSpan, relabelSelected, setAttribute } from '../../../renderer/commands/spans.js';
import { select } from '../../../renderer/commands/selection.js';
import { setStatusOf } from '../../../renderer/commands/articles.js';
import { redo, undo } from '../../../renderer/commands/history.js';
import { mergeSources } from '../../../renderer/commands/sources.js';
import { READ_ONLY_NOTICE } from '../../../renderer/state/write-path.js';
import { ApiError } from '../../../renderer/state/api-client.js';
import { sourceOf } from '../../helpers/model.js';
import { textOffset } from '../../../annotations/index.js';

const withSpans = () => {
  const doc = articleDoc('a-1');
  return { ...doc, spans: [spanIn(doc, 's-alice', 'Speaker', 'Alice Smith'), spanIn(doc, 's-quote', 'Quote', 'the budget was late'), spanIn(doc, 's-bob', 'Speaker', 'Bob Jones')] };
};

describe('the write path', () => {
  it('applies a label key locally in the same tick, then makes one Api call and two notifications in all', async () => {
    const { wb, api, view } = await setup();
    const notes = countNotifications(wb);
    view.selectText('budget');
    expect(handleArticleKey(wb, key('3'))).toBe(true);
    // Before any answer: the span is there, selected, and counted in the list row.
    const made = wb.store.get().doc!.spans;
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ label: 'Claim', annotator: 'alice', createdAt: LOCAL_NOW });
    expect(wb.store.get().selected).toBe(made[0]!.id);
    expect(wb.store.get().list!.items[0]!.counts).toEqual({ Claim: 1 });
    expect(wb.store.get().save.kind).toBe('saving');
    expect(view.synced.at(-1)).toBe(wb.store.get().doc);
    expect(notes.count).toBe(1);
    await wb.writer.idle();
    await settle();
    expect(api.calls.map((c) => c.method)).toEqual(['apply']);
    expect(wb.store.get().save.kind).toBe('saved');
    // The keypress and its answer: two notifications (before: about 7-8, and 2 round trips).
    expect(notes.count).toBe(2);
  });

  it('keeps every span the server did not change as the same object, and takes the changed one', async () => {
    const { wb, view } = await setup({ docs: [withSpans()] });
    const before = wb.store.get().doc!;
    select.perform(wb, 's-quote');
    setAttribute.perform(wb, 'QuoteType', 'Direct');
    const local = wb.store.get().doc!;
    expect(local.spans.find((s) => s.id === 's-quote')!.attributes).toEqual({ QuoteType: 'Direct' });
    await wb.writer.idle();
    await settle();
    const after = wb.store.get().doc!;
    for (const id of ['s-alice', 's-bob']) expect(after.spans.find((s) => s.id === id)).toBe(before.spans.find((s) => s.id === id));
    // The server's clock is on the span it changed: its copy is taken.
    const quote = after.spans.find((s) => s.id === 's-quote')!;
    expect(quote.updatedAt).toBe(SERVER_NOW);
    expect(quote).not.toBe(local.spans.find((s) => s.id === 's-quote'));
    expect(after.links).toBe(before.links);
    expect(view.synced.at(-1)).toBe(after);
  });

  it('keeps the whole local copy when the answer equals it', async () => {
    const { wb } = await setup({ docs: [withSpans()] });
    select.perform(wb, 's-alice');
    handleArticleKey(wb, key('2'));
    handleArticleKey(wb, key('1'));
    const local = wb.store.get().doc!.spans;
    await wb.writer.idle();
    await settle();
    // Relabelled twice: the server's copy of s-alice differs (its clock) but the other spans are kept.
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-quote')).toBe(local.find((s) => s.id === 's-quote'));
  });

  it('sends queued changes in the order they were made, and reconciles only after the last answer', async () => {
    const { wb, api, view } = await setup({ docs: [withSpans()] });
    api.hold();
    select.perform(wb, 's-quote');
    setAttribute.perform(wb, 'QuoteType', 'Direct');
    relabelSelected.perform(wb, 'Claim');
    view.selectText('minister');
    createSpan.perform(wb, 'Speaker');
    const local = wb.store.get().doc!;
    expect(wb.writer.pending).toBe(3);
    await api.release();
    await settle();
    expect(api.callsOf('apply').map((c) => (c.params as { op: { op: string } }).op.op)).toEqual(['updateSpan', 'updateSpan', 'addSpan']);
    expect(api.calls.map((c) => c.method)).not.toContain('listArticles');
    const server = api.state.docs['a-1']!;
    expect(server.spans.map((s) => s.label)).toEqual(local.spans.map((s) => s.label));
    expect(wb.store.get().doc!.spans.map((s) => s.id)).toEqual(server.spans.map((s) => s.id));
    expect(wb.store.get().save.kind).toBe('saved');
  });

  it('shows a failed save in the save state, with its message', async () => {
    const { wb, api } = await setup();
    api.failNext('apply', new ApiError('write-failed', 'The disk is full, so this change is not saved.'));
    setStatusOf.perform(wb, 'a-1', 'done');
    await wb.writer.idle();
    await settle();
    expect(wb.store.get().save).toEqual({ kind: 'error', message: 'The disk is full, so this change is not saved.' });
  });

  it('reads the article again when the server refuses an operation', async () => {
    const { wb, api } = await setup({ docs: [withSpans()] });
    // Another page removed s-bob meanwhile: the server's copy lacks it, this page's has it.
    api.state = { ...api.state, docs: { 'a-1': { ...api.state.docs['a-1']!, spans: api.state.docs['a-1']!.spans.filter((s) => s.id !== 's-bob') } } };
    select.perform(wb, 's-bob');
    relabelSelected.perform(wb, 'Quote');
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-bob')!.label).toBe('Quote');
    await wb.writer.idle();
    await settle();
    await wb.writer.idle();
    expect(api.calls.map((c) => c.method)).toEqual(['apply', 'getArticle']);
    expect(wb.store.get().save.kind).toBe('error');
    expect(wb.store.get().doc!.spans.map((s) => s.id)).toEqual(['s-alice', 's-quote']);
  });

  it('refuses every change of a read-only project, with the reason, and calls nothing', async () => {
    const { wb, api, view } = await setup({ docs: [withSpans()], problem: 'sourcemark.json is damaged' });
    const doc = wb.store.get().doc;
    view.selectText('budget');
    expect(handleArticleKey(wb, key('3'))).toBe(true);
    expect(wb.store.get().doc).toBe(doc);
    expect(wb.store.get().notice).toBe(READ_ONLY_NOTICE);
    await mergeSources.perform(wb, 'x', 'y');
    await undo.perform(wb);
    expect(await wb.writer.setCleaning([0])).toBe(false);
    await settle();
    expect(api.calls).toEqual([]);
  });

  it('reconciles the answers of undo and redo the same way, and keeps the selection only while its span exists', async () => {
    const { wb, api, view } = await setup({ docs: [withSpans()] });
    view.selectText('minister');
    createSpan.perform(wb, 'Speaker');
    const made = wb.store.get().selected!;
    await wb.writer.idle();
    await settle();
    const before = wb.store.get().doc!;
    await undo.perform(wb);
    await settle();
    const undone = wb.store.get().doc!;
    expect(undone.spans.map((s) => s.id)).toEqual(['s-alice', 's-quote', 's-bob']);
    expect(undone.spans.find((s) => s.id === 's-alice')).toBe(before.spans.find((s) => s.id === 's-alice'));
    expect(wb.store.get().selected).toBeNull();
    expect(wb.store.get().list!.items[0]!.counts).toEqual({ Speaker: 2, Quote: 1 });
    await redo.perform(wb);
    await settle();
    expect(wb.store.get().doc!.spans.some((s) => s.id === made)).toBe(true);
    await undo.perform(wb);
    await undo.perform(wb);
    await settle();
    expect(wb.store.get().notice).toBe('Nothing to undo.');
    expect(api.calls.map((c) => c.method)).toEqual(['apply', 'undo', 'redo', 'undo', 'undo']);
  });

  it('merges sources through the queue: the open article shows the kept source at once', async () => {
    const doc = withSpans();
    const spans = doc.spans.map((s) => (s.id === 's-bob' ? { ...s, sourceId: 'src-bob2' } : s.id === 's-alice' ? { ...s, sourceId: 'src-bob' } : s));
    const { wb, api } = await setup({ docs: [{ ...doc, spans }], sources: [sourceOf('src-bob', 'Bob Jones'), sourceOf('src-bob2', 'Bob')] });
    api.hold();
    const merged = mergeSources.perform(wb, 'src-bob', 'src-bob2');
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-bob')!.sourceId).toBe('src-bob');
    expect(wb.store.get().project!.sources.map((s) => s.id)).toEqual(['src-bob']);
    await api.release();
    await merged;
    await settle();
    expect(api.calls.map((c) => c.method)).toEqual(['mergeSources', 'getSource']);
    expect(wb.store.get().project!.sources[0]!.aliases).toEqual(['Bob']);
    expect(wb.store.get().sourceDetails!.source.id).toBe('src-bob');
  });

  it('refuses a merge the model refuses, before asking the server', async () => {
    const { wb, api } = await setup({ sources: [sourceOf('src-a', 'A')] });
    await mergeSources.perform(wb, 'src-a', 'src-a');
    expect(wb.store.get().notice).toBe('A source cannot be merged into itself.');
    expect(api.calls).toEqual([]);
  });

  it('shows another article\'s new status in its list row at once, and the progress with it', async () => {
    const { wb, api } = await setup({ docs: [articleDoc('a-1'), articleDoc('a-2')] });
    setStatusOf.perform(wb, 'a-2', 'done');
    const list = wb.store.get().list!;
    expect(list.items.find((a) => a.id === 'a-2')!.status).toBe('done');
    expect(list.progress).toMatchObject({ todo: 1, done: 1 });
    await wb.writer.idle();
    await settle();
    expect(api.calls.map((c) => c.method)).toEqual(['apply']);
    expect((api.calls[0]!.params as { scope: string }).scope).toBe('a-2');
    expect(wb.store.get().list!.items.find((a) => a.id === 'a-2')!.status).toBe('done');
  });

  it('selects the text a label key spans in its saved offsets (the selection snapped to words)', async () => {
    const { wb, api, view } = await setup();
    const [s, e] = range('budget');
    view.sel = { start: textOffset(s + 2), end: textOffset(e - 1) };
    handleArticleKey(wb, key('3'));
    await wb.writer.idle();
    await settle();
    expect(api.state.docs['a-1']!.spans[0]!.fragments[0]!.text).toBe('budget');
  });
});
