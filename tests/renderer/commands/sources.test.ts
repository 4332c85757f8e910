/** Sources: ranking for the picker, tying a speaker to a source (new or existing), and the panel's edits (aliases, delete) through the write path. */
import { describe, expect, it } from 'vitest';
import { isStrongMatch, rankSources } from '../../../annotations/edit/source-ranking.js';
import { assignSource, clearSource, deleteSource, openSourcePicker, renameSource, setAliases } from '../../../renderer/commands/sources.js';
import { select } from '../../../renderer/commands/selection.js';
import { sourceOf } from '../../helpers/model.js';
import { articleDoc, settle, setup, spanIn } from '../fakes.js';

describe('source ranking', () => {
  const sources = [sourceOf('s1', 'Bob Jones'), sourceOf('s2', 'Bobby Tables'), sourceOf('s3', 'Jane Bobson', { aliases: ['JB'] }), sourceOf('s4', 'Alice'), sourceOf('s5', 'Bob')];
  it('puts exact, then prefix, then inside matches first, those mentioned in the article ahead within each', () => {
    expect(rankSources(sources, [], 'bob').map((s) => s.id)).toEqual(['s5', 's1', 's2', 's3']);
    const d = articleDoc('a-1');
    const here = [spanIn(d, 'x', 'Speaker', 'Alice Smith', { sourceId: 's2' })];
    expect(rankSources(sources, here, 'bob').map((s) => s.id)).toEqual(['s5', 's2', 's1', 's3']);
    expect(rankSources(sources, [], 'jb').map((s) => s.id)).toEqual(['s3']);
    expect(rankSources(sources, [], '').map((s) => s.id)).toEqual(['s4', 's5', 's1', 's2', 's3']);
  });

  it('puts the current source first, and a name before an alias of the same text', () => {
    expect(rankSources(sources, [], '', 's3').map((s) => s.id)).toEqual(['s3', 's4', 's5', 's1', 's2']);
    const russia = sourceOf('r', 'Government of Russia', { aliases: ['Russia', 'Yuri Sak'] });
    const sak = sourceOf('y', 'Yuri Sak');
    expect(rankSources([russia, sak], [], 'Yuri Sak').map((s) => s.id)).toEqual(['y', 'r']);
    expect(rankSources([russia, sak], [], 'yuri').map((s) => s.id)).toEqual(['r', 'y']);
    expect(isStrongMatch(sak, 'Yuri')).toBe(true);
    expect(isStrongMatch(russia, 'Sak')).toBe(false);
  });
});

describe('source commands', () => {
  it('creates a source from the picker, with the mention as an alias, and shows it at once', async () => {
    const d = articleDoc('a-1');
    const { wb, api, view } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-a', 'Speaker', 'Alice Smith')] }] });
    select.perform(wb, 's-a');
    openSourcePicker.perform(wb);
    // A span without a source starts searching its own text.
    expect(wb.store.get().sourcePicker).toEqual({ spanId: 's-a', query: 'Alice Smith' });
    assignSource.perform(wb, { create: 'Alice Smith-Jones' });
    const s = wb.store.get();
    expect(s.sourcePicker).toBeNull();
    expect(s.project!.sources).toMatchObject([{ name: 'Alice Smith-Jones', aliases: ['Alice Smith'] }]);
    expect(s.doc!.spans[0]!.sourceId).toBe(s.project!.sources[0]!.id);
    expect(view.focused).toBe(1);
    await wb.writer.idle();
    await settle();
    expect(api.calls.map((c) => c.method)).toEqual(['apply']);
    void renameSource.perform(wb, s.project!.sources[0]!.id, '  Alice S.  ');
    expect(wb.store.get().project!.sources[0]!.name).toBe('Alice S.');
    clearSource.perform(wb);
    expect(wb.store.get().doc!.spans[0]!.sourceId).toBeUndefined();
    await wb.writer.idle();
    await settle();
    expect(Object.values(api.state.sources)[0]!.name).toBe('Alice S.');
    expect(api.state.docs['a-1']!.spans[0]!.sourceId).toBeUndefined();
  });

  it('starts the picker on the current source, and Enter on it changes nothing', async () => {
    const d = articleDoc('a-1');
    const sources = [sourceOf('src-gov', 'Government of Russia'), sourceOf('src-alice', 'Alice Smith')];
    const { wb, api } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-a', 'Speaker', 'Alice Smith', { sourceId: 'src-alice' })] }], sources });
    select.perform(wb, 's-a');
    openSourcePicker.perform(wb);
    expect(wb.store.get().sourcePicker).toEqual({ spanId: 's-a', query: '' });
    assignSource.perform(wb, sources[1]!);
    expect(wb.store.get().sourcePicker).toBeNull();
    await settle();
    expect(api.callsOf('apply')).toEqual([]);
  });

  it('edits and removes aliases, and deletes a source clearing its mentions in one undoable step', async () => {
    const d = articleDoc('a-1');
    const src = sourceOf('src-a', 'Alice Smith', { aliases: ['Alice', 'she'] });
    const { wb, api } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-a', 'Speaker', 'Alice Smith', { sourceId: 'src-a' })] }], sources: [src] });
    await setAliases.perform(wb, 'src-a', ['  A. Smith ', 'she', '', 'Alice Smith', 'she']);
    expect(api.state.sources['src-a']!.aliases).toEqual(['A. Smith', 'she']);
    await setAliases.perform(wb, 'src-a', ['A. Smith', 'she']); // unchanged: no call
    expect(api.callsOf('apply')).toHaveLength(1);
    wb.store.set({ tab: 'sources', sourceDetails: { source: api.state.sources['src-a']!, mentions: [{ articleId: 'a-1', articleTitle: 'Article a-1', spanId: 's-a', text: 'Alice Smith', quotes: [], claims: [] }] } });
    await deleteSource.perform(wb, 'src-a');
    expect(api.state.sources).toEqual({});
    expect(api.state.docs['a-1']!.spans[0]!.sourceId).toBeUndefined();
    expect(wb.store.get().notice).toBe('Deleted the source “Alice Smith” and cleared the source of 1 mention. Ctrl+Z brings it back.');
    expect(api.callsOf('apply').at(-1)!.params).toMatchObject({ scope: 'sources' });
  });
});

