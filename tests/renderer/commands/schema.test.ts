/**
 * The schema commands over the fake Api: Alt+S opens the editor; the keys the app keeps are
 * found from the commands' own key tests; a change that would orphan annotations is refused
 * with the count and the articles, and nothing is sent; a good one is saved as one setSchema in
 * the "schema" history, shown at once (its key works in the text), and undone from the editor.
 */
import { describe, expect, it } from 'vitest';
import { defaultSchema, withLabel, type ProjectSchema } from '../../../annotations/index.js';
import { handleArticleKey, handleWindowKey, reservedKey } from '../../../renderer/commands/keymap.js';
import { SCHEMA_SCOPE, closeSchemaEditor, saveSchema, schemaEditorToggle, undoSchema } from '../../../renderer/commands/schema.js';
import { articleDoc, key, setup, spanIn } from '../fakes.js';

const withRumour = (key: string): ProjectSchema => {
  const s = withLabel(defaultSchema(), 'Rumour');
  return { ...s, labels: s.labels.map((l) => (l.name === 'Rumour' ? { ...l, key } : l)) };
};
const change = { renamed: {}, reservedKey };

describe('reservedKey', () => {
  it('names what the article commands and focus keys do with a key, in either case; a free key is undefined', () => {
    expect(reservedKey('l')).toMatch(/^link the selected annotation.*\(L\)$/);
    expect(reservedKey('K')).toMatch(/\(K\)$/);
    for (const k of ['f', 's', 'a', 'n', '?', '/']) expect(reservedKey(k), k).toBeDefined();
    for (const k of ['5', 'x', 'q', 'Z']) expect(reservedKey(k), k).toBeUndefined();
  });
});

describe('schema commands', () => {
  it('Alt+S opens the editor; closing it gives the keyboard back to the text', async () => {
    const { wb, view } = await setup();
    expect(handleWindowKey(wb, { ...key('s', { altKey: true }), code: 'KeyS' }, false)).toBe(true);
    expect(schemaEditorToggle(wb).get()).toBe(true);
    closeSchemaEditor.perform(wb);
    expect(schemaEditorToggle(wb).get()).toBe(false);
    expect(view.focused).toBe(1);
  });

  it('refuses removing a used label with the count and the article, sending nothing and dropping nothing', async () => {
    const d = articleDoc('a-1', undefined, 'Budget vote');
    const { wb, api } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-1', 'Cue', 'said'), spanIn(d, 's-2', 'Cue', 'denied')] }] });
    const s = defaultSchema();
    const next = { ...s, labels: s.labels.filter((l) => l.name !== 'Cue'), linkTypes: s.linkTypes.filter((t) => t.name !== 'cue-of') };
    const problems = await saveSchema.perform(wb, next, change);
    expect(problems).toEqual(['Label Cue is used by 2 spans in 1 article ("Budget vote"); relabel or remove them first.']);
    expect(api.callsOf('apply')).toHaveLength(0);
    expect(wb.store.get().project!.schema.labels.map((l) => l.name)).toContain('Cue');
    expect(api.state.docs['a-1']!.spans).toHaveLength(2);
  });

  it('refuses a key the app keeps or another label has', async () => {
    const { wb, api } = await setup();
    expect(await saveSchema.perform(wb, withRumour('l'), change)).toEqual([expect.stringMatching(/^Key l of Rumour is taken by “link the selected annotation/)]);
    expect(await saveSchema.perform(wb, withRumour('1'), change)).toEqual(['Key 1 is taken by Speaker; Rumour needs another key.']);
    expect(api.callsOf('apply')).toHaveLength(0);
  });

  it('saves a new label with its key as one setSchema in the schema history; its key labels text at once; undo takes it back', async () => {
    const { wb, api, view } = await setup();
    expect(await saveSchema.perform(wb, withRumour('5'), change)).toEqual([]);
    const applied = api.callsOf('apply');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.params).toMatchObject({ op: { op: 'setSchema' }, scope: SCHEMA_SCOPE, annotator: 'alice' });
    expect(wb.store.get().project!.schema.labels.at(-1)).toMatchObject({ name: 'Rumour', key: '5' });
    view.selectText('minister');
    expect(handleArticleKey(wb, key('5'))).toBe(true);
    expect(wb.store.get().doc!.spans.at(-1)!.label).toBe('Rumour');

    expect(await undoSchema.perform(wb, false)).toEqual({ text: 'The last schema change was undone.', refused: false });
    expect(api.callsOf('undo')[0]!.params).toMatchObject({ scope: SCHEMA_SCOPE });
    expect(wb.store.get().project!.schema.labels.map((l) => l.name)).not.toContain('Rumour');
    expect(await undoSchema.perform(wb, true)).toEqual({ text: 'The schema change was redone.', refused: false });
    expect(wb.store.get().project!.schema.labels.map((l) => l.name)).toContain('Rumour');
  });

  it('says so when there is nothing to undo, and refuses on a read-only project', async () => {
    expect(await undoSchema.perform((await setup()).wb, false)).toEqual({ text: 'No schema change to undo.', refused: false });
    const { wb, api } = await setup({ problem: 'sourcemark.json is damaged' });
    expect(await saveSchema.perform(wb, withRumour('5'), change)).toEqual([expect.stringMatching(/read-only/)]);
    expect(api.callsOf('apply')).toHaveLength(0);
  });
});
