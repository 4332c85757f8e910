/**
 * Issue 16's keyboard part, in Node with the fakes: Ctrl+Enter from the article text, the focus
 * keys, the key help checked against the commands' own key tests (and covering every command
 * the keymaps hold), a click on a nested span, a note on a span, tagging every occurrence, and
 * importing a web address.
 */
import { describe, expect, it } from 'vitest';
import { defaultSchema, makeFragment } from '../../../annotations/index.js';
import type { ArticleKeyContext, Command, WindowKeyContext } from '../../../renderer/commands/command.js';
import { ARTICLE_COMMANDS, KEY_HELP, LINKING_COMMANDS, WINDOW_COMMANDS, focusKey, handleArticleKey, noteKeyFree, parsePress } from '../../../renderer/commands/keymap.js';
import { clickSpans, select } from '../../../renderer/commands/selection.js';
import { setNote, tagAllOccurrences } from '../../../renderer/commands/spans.js';
import { importUrl } from '../../../renderer/commands/import.js';
import { ApiError } from '../../../renderer/state/api-client.js';
import { articleDoc, key, settle, setup, spanIn } from '../fakes.js';

const nested = () => {
  const d = articleDoc('a-1');
  // The claim ends with its quote: the view may nest the quote's element inside the claim's.
  return { ...d, spans: [spanIn(d, 's-quote', 'Quote', 'the budget was late'), spanIn(d, 's-claim', 'Claim', 'was late')] };
};

describe('Ctrl+Enter in the article text', () => {
  it('marks the article done and opens the next to do, though the view prevents the default of Enter', async () => {
    const { wb, navigated } = await setup({ docs: [articleDoc('a-1'), articleDoc('a-2')] });
    expect(handleArticleKey(wb, key('Enter', { ctrlKey: true }))).toBe(true);
    expect(wb.store.get().doc!.article.status).toBe('done');
    expect(navigated).toEqual(['#/articles/a-2']);
    expect(handleArticleKey(wb, key('z', { ctrlKey: true }))).toBe(false); // still the window's
  });
});

describe('focus keys', () => {
  const out = { inField: false, inText: false, spanSelected: false };
  it('F6 cycles (anywhere), Alt+L the list, / the search, ? and F1 the help, N the note of a selected span in the text', () => {
    expect(focusKey(parsePress('F6'), { ...out, inField: true })).toEqual({ region: 1 });
    expect(focusKey(parsePress('Shift+F6'), out)).toEqual({ region: -1 });
    expect(focusKey(parsePress('Alt+KeyL'), { ...out, inField: true })).toBe('list');
    expect(focusKey(parsePress('/'), out)).toBe('search');
    expect(focusKey(parsePress('/'), { ...out, inField: true })).toBeNull(); // typing a slash in a field
    expect(focusKey(parsePress('?'), out)).toBe('help');
    expect(focusKey(parsePress('?'), { ...out, inField: true })).toBeNull();
    expect(focusKey(parsePress('F1'), { ...out, inField: true })).toBe('help');
    expect(focusKey(parsePress('n'), { ...out, inText: true, spanSelected: true })).toBe('note');
    expect(focusKey(parsePress('n'), { ...out, inText: true })).toBeNull();
    expect(focusKey(parsePress('n'), { ...out, spanSelected: true })).toBeNull();
    expect(focusKey(parsePress('Control+/'), out)).toBeNull();
  });

  it('leaves N to a schema attribute that uses it', async () => {
    const { wb } = await setup({ docs: [nested()] });
    select.perform(wb, 's-quote');
    expect(noteKeyFree(wb.store.get())).toBe(true);
    const project = wb.store.get().project!;
    const labels = project.schema.labels.map((l) => (l.name === 'Quote' ? { ...l, attributes: [{ name: 'Negated', values: ['yes'], keys: ['n'] }] } : l));
    wb.store.set({ project: { ...project, schema: { ...project.schema, labels } } });
    expect(noteKeyFree(wb.store.get())).toBe(false);
  });
});

describe('the key help', () => {
  it('lists presses that the named command’s own key test accepts', async () => {
    const { wb } = await setup({ docs: [nested()] });
    select.perform(wb, 's-quote');
    const state = wb.store.get();
    const labels = defaultSchema().labels;
    const span = state.doc!.spans.find((s) => s.id === 's-quote');
    const ctx = (where: string): ArticleKeyContext => ({
      state: where === 'link' ? { ...state, link: { from: 's-quote', candidates: ['s-claim'], index: 0 } } : state,
      labels, span: where === 'link' ? undefined : span, hasText: where === 'text',
    });
    const win: WindowKeyContext = { state, inField: false };
    let checked = 0;
    for (const line of KEY_HELP.flatMap((g) => g.lines)) {
      for (const p of line.press ?? []) {
        const e = parsePress(p);
        if (line.where === 'focus') expect(focusKey(e, { inField: false, inText: true, spanSelected: true }), p).not.toBeNull();
        else {
          const cmd = line.command!;
          const args = line.where === 'window' ? cmd.windowKey?.(e, win) : cmd.key?.(e, ctx(line.where));
          expect(args, `${line.keys}: ${p} for ${cmd.name}`).toBeTruthy();
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('names every command the keymaps hold', () => {
    const documented = new Set(KEY_HELP.flatMap((g) => g.lines).map((l) => l.command).filter(Boolean));
    const all: readonly Command<never[], unknown>[] = [...LINKING_COMMANDS, ...ARTICLE_COMMANDS, ...WINDOW_COMMANDS] as never;
    // relabelSelected and collapseSelection share their keys' lines (a label key, Escape).
    const missing = all.filter((c) => !documented.has(c) && c.name !== 'relabelSelected' && c.name !== 'collapseSelection').map((c) => c.name);
    expect(missing).toEqual([]);
  });
});

describe('a click on spans', () => {
  it('selects the innermost by extent, whatever the nesting of the elements; only a click again at the same spot goes outward', async () => {
    const { wb } = await setup({ docs: [nested()] });
    // The quote's element inside the claim's: the pointer's ancestors say quote first.
    clickSpans.perform(wb, ['s-quote', 's-claim']);
    expect(wb.store.get().selected).toBe('s-claim');
    clickSpans.perform(wb, ['s-quote', 's-claim']);
    expect(wb.store.get().selected).toBe('s-quote');
    clickSpans.perform(wb, ['s-quote', 's-claim']);
    expect(wb.store.get().selected).toBe('s-claim');
  });

  it('selects the clicked claim when the quote around it was selected some other way (Tab); a click on plain text forgets', async () => {
    const { wb } = await setup({ docs: [nested()] });
    clickSpans.perform(wb, ['s-claim', 's-quote']);
    expect(wb.store.get().selected).toBe('s-claim');
    select.perform(wb, 's-quote'); // Shift+Tab
    clickSpans.perform(wb, ['s-claim', 's-quote']);
    expect(wb.store.get().selected).toBe('s-claim');
    clickSpans.perform(wb, []);
    expect(wb.store.get().selected).toBeNull();
    clickSpans.perform(wb, ['s-claim', 's-quote']);
    expect(wb.store.get().selected).toBe('s-claim');
  });
});

describe('notes', () => {
  it('sets and clears a span’s note, one undoable change each; blank is no note; an unchanged note sends nothing', async () => {
    const { wb, api } = await setup({ docs: [nested()] });
    setNote.perform(wb, 's-claim', 'Check the figure.');
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-claim')!.note).toBe('Check the figure.');
    setNote.perform(wb, 's-claim', 'Check the figure.');
    setNote.perform(wb, 's-claim', '   ');
    await wb.writer.idle();
    await settle();
    expect(api.callsOf('apply').map((c) => (c.params as { op: { patch: { note: unknown } } }).op.patch.note)).toEqual(['Check the figure.', null]);
    expect(wb.store.get().doc!.spans.find((s) => s.id === 's-claim')!.note).toBeUndefined();
    expect(api.state.docs['a-1']!.spans.find((s) => s.id === 's-claim')!.note).toBeUndefined();
  });

  it('refuses a note over the limit with a notice', async () => {
    const { wb, api } = await setup({ docs: [nested()] });
    setNote.perform(wb, 's-claim', 'x'.repeat(10_001));
    expect(wb.store.get().notice).toMatch(/at most 10,000 characters/);
    await settle();
    expect(api.calls).toEqual([]);
  });
});

describe('tag all occurrences', () => {
  const text = 'Bob said no. Then Bob left, and Bobby stayed. Bob.';
  const doc = () => {
    const d = articleDoc('a-1', text);
    const last = text.length - 4; // the final "Bob", tagged already
    return { ...d, spans: [spanIn(d, 's-bob', 'Speaker', 'Bob', { sourceId: 'src-bob' }), spanIn(d, 's-bob3', 'Speaker', 'Bob', { fragments: [makeFragment(text, last, last + 3)] })] };
  };

  it('A (the key) tags the other untagged whole-word occurrences with the label and source, in one batch; then says there are none', async () => {
    const { wb, api } = await setup({ docs: [doc()], sources: [{ id: 'src-bob', name: 'Bob', kind: 'person', aliases: [] }] });
    select.perform(wb, 's-bob');
    expect(handleArticleKey(wb, key('a'))).toBe(true);
    const bobs = wb.store.get().doc!.spans.filter((s) => s.label === 'Speaker');
    expect(bobs).toHaveLength(3); // "Bob" in "Then Bob left"; not "Bobby"; the last is tagged already
    const made = bobs.find((s) => s.id !== 's-bob' && s.id !== 's-bob3')!;
    expect([made.fragments[0]!.start, made.sourceId, made.annotator]).toEqual([text.indexOf('Bob left'), 'src-bob', 'alice']);
    expect(wb.store.get().notice).toBe('Tagged 1 more occurrence of “Bob” as Speaker (Ctrl+Z takes them all back).');
    await wb.writer.idle();
    await settle();
    expect(api.callsOf('apply')).toHaveLength(1);
    expect((api.callsOf('apply')[0]!.params as { op: { op: string } }).op.op).toBe('batch');
    tagAllOccurrences.perform(wb);
    expect(wb.store.get().notice).toBe('No other untagged occurrence of “Bob” as Speaker in this article.');
    await settle();
    expect(api.callsOf('apply')).toHaveLength(1);
  });

  it('is not A while text is selected (F and the labels keep theirs)', async () => {
    const { wb, view } = await setup({ docs: [doc()] });
    select.perform(wb, 's-bob');
    view.selectText('said', text);
    handleArticleKey(wb, key('a'));
    expect(wb.store.get().doc!.spans).toHaveLength(2);
  });
});

describe('import from a web address', () => {
  it('imports through the Api, reports, and opens the new article; a failure is reported', async () => {
    const { wb, api, navigated } = await setup();
    const calls: unknown[] = [];
    (api as unknown as { handlers: Record<string, (p: unknown) => unknown> }).handlers.importUrl = (p) => {
      calls.push(p);
      return { imported: [{ name: 'https://example.org/a', id: 'a-web', title: 'Web', spans: 0 }], duplicates: [], failed: [], warnings: [], cancelled: false, lines: ['Imported 1.', '  read: https://example.org/a'] };
    };
    await importUrl.perform(wb, ' https://example.org/a ');
    expect(calls).toEqual([{ url: 'https://example.org/a' }]);
    expect(wb.store.get().importReport).toEqual(['Imported 1 article, skipped 0 duplicates, 0 failed.', '  read: https://example.org/a']);
    expect(navigated).toEqual(['#/articles/a-web']);
    expect(wb.store.get().importing).toBeNull();
    api.failNext('importUrl', new ApiError('bad-request', 'Invalid request to importUrl: url: must be an http or https address'));
    await importUrl.perform(wb, 'https://example.org/b');
    expect(wb.store.get().importReport![0]).toBe('Imported 0 articles, skipped 0 duplicates, 1 failed.');
    expect(wb.store.get().importReport![1]).toContain('must be an http or https address');
  });
});

