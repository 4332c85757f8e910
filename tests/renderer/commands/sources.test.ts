/** Sources: ranking for the picker, and tying a speaker to a source (new or existing) through the write path. */
import { describe, expect, it } from 'vitest';
import { rankSources } from '../../../annotations/edit/source-ranking.js';
import { assignSource, clearSource, openSourcePicker, renameSource } from '../../../renderer/commands/sources.js';
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
});

describe('source commands', () => {
  it('creates a source from the picker, with the mention as an alias, and shows it at once', async () => {
    const d = articleDoc('a-1');
    const { wb, api, view } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-a', 'Speaker', 'Alice Smith')] }] });
    select.perform(wb, 's-a');
    openSourcePicker.perform(wb);
    expect(wb.store.get().sourcePicker).toEqual({ spanId: 's-a', query: '' });
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
});
