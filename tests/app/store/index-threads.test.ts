/**
 * The index rebuilt on reading threads (index-pool.ts, index-worker.ts) gives the very entries
 * the store's own reading gives: good articles, articles with layer files, every kind of damaged
 * file, an article of before layers (the store migrates it) and one of a newer format; with
 * progress from 1 to the total. Before the threads, a rebuild of 100,000 articles read one file
 * after another on the store's thread.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore, type StoreOptions } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, readIndex, span } from '../../helpers/project.js';

afterEach(cleanTemp);

/** A project of 30 articles, spans in two layers, then files damaged in every way the store names. */
async function project(): Promise<string> {
  const { dir, store } = await newProject();
  for (let i = 0; i < 30; i++) {
    const doc = articleDoc(`a-${i}`, `The minister said ${i} times that the bridge would reopen.`, `Title ${30 - i}`);
    doc.spans = [span(doc, `s-${i}`, 'Speaker', 4, 12, { annotator: i % 2 ? 'ann' : 'bob' }), span(doc, `q-${i}`, 'Quote', 18, 30, { annotator: 'ann' })];
    await store.addArticle(doc);
  }
  await store.close();
  const article = (i: number) => path.join(dir, 'articles', `a-${i}.json`);
  writeFileSync(article(1), '');
  writeFileSync(article(2), '{"type": "sourcemark-article", ');
  writeFileSync(article(3), 'null');
  const wrongId = JSON.parse(readFileSync(article(4), 'utf8'));
  wrongId.article.id = 'a-40';
  writeFileSync(article(4), JSON.stringify(wrongId));
  const newer = JSON.parse(readFileSync(article(5), 'utf8'));
  newer.version = 99;
  writeFileSync(article(5), JSON.stringify(newer));
  writeFileSync(path.join(dir, 'layers', 'ann', 'a-7.json'), '{ not json');
  const badSpan = JSON.parse(readFileSync(path.join(dir, 'layers', 'ann', 'a-9.json'), 'utf8'));
  badSpan.spans[0].label = 'NoSuchLabel';
  writeFileSync(path.join(dir, 'layers', 'ann', 'a-9.json'), JSON.stringify(badSpan));
  const badLayer = JSON.parse(readFileSync(path.join(dir, 'layers', 'ann', 'a-11.json'), 'utf8'));
  badLayer.spans = 'none';
  writeFileSync(path.join(dir, 'layers', 'ann', 'a-11.json'), JSON.stringify(badLayer));
  // An article of format 2 (before layers): its annotations in the article file.
  const old = { ...articleDoc('a-12', 'An old article, said the minister.'), version: 2 };
  old.spans = [span(old, 'old-1', 'Speaker', 21, 33, { annotator: 'carol' })];
  writeFileSync(article(12), JSON.stringify(old));
  rmSync(path.join(dir, 'layers', 'ann', 'a-12.json'), { force: true });
  rmSync(path.join(dir, 'layers', 'bob', 'a-12.json'), { force: true });
  return dir;
}

/** The index as a rebuild with `opts` makes it (the index file removed first), and the progress it gave. */
async function rebuilt(dir: string, opts: StoreOptions): Promise<{ entries: Record<string, unknown>; progress: [number, number][]; messages: string[] }> {
  rmSync(path.join(dir, '.sourcemark', 'index.jsonl'), { force: true });
  const progress: [number, number][] = [];
  const messages: string[] = [];
  const store = await ProjectStore.open(dir, { ...opts, onProgress: (p) => progress.push([p.done, p.total]), onMessage: (m) => messages.push(m) });
  await store.close();
  const index = { entries: readIndex(dir)! };
  // The migrated article's file was written again by this opening: its time differs between two.
  return { entries: Object.fromEntries(Object.entries(index.entries).map(([id, e]) => [id, id === 'a-12' ? { ...e, mtimeMs: 0, size: 0, parts: '', updatedAt: '' } : e])), progress, messages };
}

describe('the index read on threads', () => {
  it('gives the entries the store\'s own reading gives, damaged files named the same way, with progress', async () => {
    const dir = await project();
    const here = await rebuilt(dir, { readThreads: { count: 0, from: Infinity } });
    const damaged = Object.values(here.entries).filter((e) => (e as { damaged?: string }).damaged).map((e) => (e as { damaged: string }).damaged);
    expect(damaged).toHaveLength(8); // a-1, 2, 3, 4, 5, 7, 9 and 11
    expect(damaged.join('\n')).toMatch(/a-1\.json: the file is empty/);
    expect(damaged.join('\n')).toMatch(/layers\/ann\/a-7\.json: not valid JSON/);
    expect(damaged.join('\n')).toMatch(/newer Sourcemark/);
    expect(here.messages.join('\n')).toMatch(/articles\/a-12\.json was in an older format/);
    // The migrated article is in layers now, so both rebuilds read the same files.
    expect(readFileSync(path.join(dir, 'layers', 'carol', 'a-12.json'), 'utf8')).toContain('old-1');

    const threads = await rebuilt(dir, { readThreads: { count: 2, from: 1 } });
    expect(threads.messages.join('\n')).not.toMatch(/on one thread only/); // read on the threads, not fallen back to the store's
    expect(threads.entries).toEqual(here.entries);
    expect(Object.keys(threads.entries)).toEqual(Object.keys(here.entries));
    expect(threads.progress.map(([done]) => done)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(threads.progress.map(([, total]) => total))).toEqual(new Set([30]));
  }, 60_000);

  it('migrates an article of before layers found by the threads on the store\'s thread', async () => {
    const dir = await project();
    const threads = await rebuilt(dir, { readThreads: { count: 2, from: 1 } });
    expect(threads.messages.join('\n')).toMatch(/articles\/a-12\.json was in an older format/);
    expect(readFileSync(path.join(dir, 'layers', 'carol', 'a-12.json'), 'utf8')).toContain('old-1');
    expect(threads.entries['a-12']).toMatchObject({ counts: { Speaker: 1 } });
    const here = await rebuilt(dir, { readThreads: { count: 0, from: Infinity } });
    expect(threads.entries).toEqual(here.entries);
  }, 60_000);
});
