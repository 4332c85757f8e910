/**
 * The desk's journal (app/store/journal.ts, issue 19): an edit acknowledged once it is in the
 * journal, its files written a moment later; what a killed process left in the journal written
 * to the files by the next writable opening (crash.test.ts kills a real process); a record cut
 * short, or naming a file outside the project, ends the replay; a read-only opening says what it
 * lacks; a journal that cannot be written refuses the edit.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_DIR } from '../../../app/store/journal.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, span } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';
const segments = (dir: string): string[] => (existsSync(path.join(dir, JOURNAL_DIR)) ? readdirSync(path.join(dir, JOURNAL_DIR)).filter((f) => f.endsWith('.jsonl')) : []);
const layerFile = (dir: string, layer: string) => path.join(dir, 'layers', layer, 'a-1.json');

/** Node's file operations, with `open` first awaiting `before(path)` (which may throw, as a full disk does). */
const openingWith = (before: (file: string) => Promise<void> | void) => ({ ...fsp, open: (async (p: string, flags?: string) => {
  await before(String(p));
  return fsp.open(p, flags);
}) as typeof fsp.open });
const isLayerTemp = (p: string): boolean => p.includes(`${path.sep}layers${path.sep}`) && p.endsWith('.tmp');
const diskFull = (): never => {
  throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
};
/** Layer files cannot be written (a disk that fails them); the journal can. */
const failingLayers = openingWith((p) => (isLayerTemp(p) ? diskFull() : undefined));

/** A project with article a-1, closed; its folder. */
async function project(): Promise<{ dir: string; doc: ReturnType<typeof articleDoc> }> {
  const { dir, store } = await newProject();
  const doc = articleDoc('a-1', TEXT);
  await store.addArticle(doc);
  await store.close();
  return { dir, doc };
}

/** Leaves the store as a killed process would: nothing more is written, and its lock is left behind (taken over as stale). */
function kill(dir: string): void {
  const lock = path.join(dir, '.sourcemark', 'lock');
  writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: JSON.parse(readFileSync(lock, 'utf8')).host, since: 'then' }));
}

describe('the desk journal', () => {
  it('acknowledges an edit once journaled, writes its files after, and is empty after a clean close', async () => {
    const { dir, doc } = await project();
    // The layer files wait until `open` is let go: every edit is acknowledged before any of them is written.
    let letGo!: () => void;
    const gate = new Promise<void>((r) => (letGo = r));
    const held = openingWith((p) => (p.includes(`${path.sep}layers${path.sep}`) ? gate : undefined));
    const store = await ProjectStore.open(dir, { journal: true, fs: held });
    for (let i = 0; i < 5; i++) {
      const author = { annotator: `ann${i}` };
      await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, `s-${i}`, 'Quote', i, i + 6, author) }, 'a-1', author);
    }
    const lines = segments(dir).flatMap((f) => readFileSync(path.join(dir, JOURNAL_DIR, f), 'utf8').split('\n').filter(Boolean));
    expect(lines.map((l) => (JSON.parse(l) as { images: { file: string }[] }).images.map((i) => i.file))).toEqual([0, 1, 2, 3, 4].map((i) => [`layers/ann${i}/a-1.json`]));
    for (let i = 0; i < 5; i++) expect(existsSync(layerFile(dir, `ann${i}`))).toBe(false);
    letGo();
    await store.close();
    expect(segments(dir)).toEqual([]);
    for (let i = 0; i < 5; i++) expect(readFileSync(layerFile(dir, `ann${i}`), 'utf8')).toContain(`"s-${i}"`);
  });

  it('writes what a killed process left in its journal to the files when the project is next opened for writing', async () => {
    const { dir, doc } = await project();
    // The layer files cannot be written (a disk that fails them), the journal can: edits are acknowledged from the journal alone.
    const store = await ProjectStore.open(dir, { journal: true, fs: failingLayers, readThreads: { count: 0, from: Infinity } });
    const author = { annotator: 'ann1' };
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Quote', 0, 12, author) }, 'a-1', author);
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-2', 'Cue', 13, 17, author) }, 'a-1', author);
    await new Promise((r) => setTimeout(r, 200)); // the queue tried the files, and failed
    expect(existsSync(layerFile(dir, 'ann1'))).toBe(false);
    expect(segments(dir)).toHaveLength(1);
    kill(dir);

    // A read-only opening cannot write them: it says so, and leaves the journal.
    const reader = await ProjectStore.open(dir, { readOnly: true });
    expect(reader.messages.join(' ')).toMatch(/in its journal \(\.sourcemark[/\\]journal\) and not yet in its files/);
    expect((await reader.getArticle('a-1')).spans).toHaveLength(0);
    await reader.close();
    expect(segments(dir)).toHaveLength(1);

    const again = await ProjectStore.open(dir);
    expect(again.messages.join(' ')).toMatch(/stopped before it had written 2 changes from its journal to the project's files .* the file is written now/);
    expect((await again.getArticle('a-1')).spans.map((s) => s.id).sort()).toEqual(['s-1', 's-2']);
    await again.close();
    expect(segments(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(layerFile(dir, 'ann1'), 'utf8')).spans.map((s: { id: string }) => s.id).sort()).toEqual(['s-1', 's-2']);
  });

  it('keeps the journal, says why and lets go of the lock when its changes cannot be written to the files', async () => {
    const { dir, doc } = await project();
    const store = await ProjectStore.open(dir, { journal: true, fs: failingLayers, readThreads: { count: 0, from: Infinity } });
    const author = { annotator: 'ann1' };
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Quote', 0, 12, author) }, 'a-1', author);
    kill(dir);
    // The disk is still full when the project is opened again: the opening fails, naming why, and keeps the journal.
    await expect(ProjectStore.open(dir, { fs: failingLayers, readThreads: { count: 0, from: Infinity } }))
      .rejects.toThrow(/the changes in its journal \(\.sourcemark[/\\]journal\) could not be written to its files \(the disk is full; free some space\)\. Nothing is lost/);
    expect(segments(dir)).toHaveLength(1);
    expect(existsSync(path.join(dir, '.sourcemark', 'lock'))).toBe(false);
    // Space again: the same process opens it, and the span is in the files.
    const again = await ProjectStore.open(dir);
    expect((await again.getArticle('a-1')).spans.map((s) => s.id)).toEqual(['s-1']);
    await again.close();
    expect(segments(dir)).toEqual([]);
  });

  it('ends the replay of a segment at a record cut short or naming a file outside the project, and brings back no removed article', async () => {
    const { dir } = await project();
    const jdir = path.join(dir, JOURNAL_DIR);
    mkdirSync(jdir, { recursive: true });
    const layer = (ids: string[]) => JSON.stringify({ type: 'sourcemark-layer', version: 3, article: 'a-1', layer: 'ann1', spans: [], links: [], events: [], ids });
    writeFileSync(path.join(jdir, '1.jsonl'), [
      JSON.stringify({ images: [{ file: 'layers/ann1/a-1.json', text: layer(['first']) }] }),
      JSON.stringify({ images: [{ file: '../outside.json', text: 'x' }] }),
      JSON.stringify({ images: [{ file: 'layers/ann1/a-1.json', text: layer(['after the bad one']) }] }),
    ].join('\n') + '\n');
    writeFileSync(path.join(jdir, '2.jsonl'), [
      JSON.stringify({ images: [{ file: 'layers/ann2/a-1.json', text: layer(['second segment']) }] }),
      JSON.stringify({ images: [{ file: 'layers/ann3/a-gone.json', text: layer(['a removed article']) }] }),
      '{"images": [{"file": "layers/ann2/a-1.json", "text": "cut sh',
    ].join('\n'));
    // Only the replay is looked at here: the layer texts above are not valid layers for the store to open.
    const { replayJournal } = await import('../../../app/store/journal.js');
    const { withRealFileOps } = await import('../../../app/store/durable.js');
    expect(await replayJournal(dir, withRealFileOps())).toEqual({ records: 3, files: 3 });
    expect(JSON.parse(readFileSync(layerFile(dir, 'ann1'), 'utf8')).ids).toEqual(['first']);
    expect(JSON.parse(readFileSync(layerFile(dir, 'ann2'), 'utf8')).ids).toEqual(['second segment']);
    expect(existsSync(path.join(dir, '..', 'outside.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'layers', 'ann3', 'a-gone.json'))).toBe(false);
    expect(segments(dir)).toEqual([]);
  });

  it('refuses an edit whose record cannot be written to the journal, saying which article', async () => {
    const { dir, doc } = await project();
    const store = await ProjectStore.open(dir, { journal: true, fs: openingWith((p) => (p.endsWith('.jsonl') ? diskFull() : undefined)) });
    const author = { annotator: 'ann1' };
    await expect(store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Quote', 0, 12, author) }, 'a-1', author))
      .rejects.toThrow(/Could not save .*Article a-1.*(disk is full|no space)/i);
    await store.close(); // the queue still writes the files: the change is kept, as any save that failed
    rmSync(path.join(dir, JOURNAL_DIR), { recursive: true, force: true });
    expect(readFileSync(layerFile(dir, 'ann1'), 'utf8')).toContain('"s-1"');
  });
});
