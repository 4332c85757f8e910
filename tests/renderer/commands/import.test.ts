/** Importing files: a brat .txt with its .ann, one group at a time, with progress; a cancel stops between groups. */
import { describe, expect, it } from 'vitest';
import { cancelImport, importFiles, importSummary, pairImportFiles, toBase64 } from '../../../renderer/commands/import.js';
import { settle, setup } from '../fakes.js';

const file = (name: string, text = `Text of ${name}.`) => ({ name, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer });

describe('import', () => {
  it('pairs a brat .txt with its .ann, and keeps every other file alone', () => {
    const groups = pairImportFiles([file('a.ann'), file('a.txt'), file('b.txt'), file('c.ann'), file('d.html')]);
    expect(groups.map((g) => g.map((f) => f.name))).toEqual([['a.txt', 'a.ann'], ['b.txt'], ['c.ann'], ['d.html']]);
    expect(toBase64(new TextEncoder().encode('é!'))).toBe(Buffer.from('é!').toString('base64'));
    expect(importSummary({ imported: 1, duplicates: 2, failed: 0 }, true)).toBe('Imported 1 article, skipped 2 duplicates, 0 failed; cancelled before the end.');
  });

  it('imports group by group with progress, reports, and opens the first new article when none is open', async () => {
    const { wb, api, navigated } = await setup({ open: null });
    const seen: (string | undefined)[] = [];
    wb.store.subscribe(() => seen.push(wb.store.get().importing ? `${wb.store.get().importing!.done}/${wb.store.get().importing!.total} ${wb.store.get().importing!.current}` : undefined));
    await importFiles.perform(wb, [file('one.txt'), file('one.ann'), file('two.html')]);
    expect(api.callsOf('importFiles').map((c) => (c.params as { files: { name: string }[] }).files.map((f) => f.name))).toEqual([['one.txt', 'one.ann'], ['two.html']]);
    expect(seen).toContain('1/2 two.html');
    expect(wb.store.get().importing).toBeNull();
    expect(wb.store.get().importReport![0]).toBe('Imported 2 articles, skipped 0 duplicates, 0 failed.');
    expect(navigated).toEqual(['#/articles/imported-1']);
    expect(wb.store.get().list!.items).toHaveLength(3);
  });

  it('stops between groups when cancelled, so no file is half imported', async () => {
    const { wb, api } = await setup();
    api.hold();
    const done = importFiles.perform(wb, [file('one.txt'), file('two.txt'), file('three.txt')]);
    await settle();
    cancelImport.perform(wb);
    expect(wb.store.get().importing!.cancelled).toBe(true);
    await api.release();
    await done;
    expect(api.callsOf('importFiles')).toHaveLength(1);
    expect(wb.store.get().importReport![0]).toBe('Imported 1 article, skipped 0 duplicates, 0 failed; cancelled before the end.');
  });
});
