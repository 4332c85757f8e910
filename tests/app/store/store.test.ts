import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync, mkdirSync, utimesSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { ProjectStore } from '../../../app/store/project-store.js';
import type { FileOps } from '../../../app/store/durable.js';
import { docOnDisk } from './disk.js';
import { UserError } from '../../../app/errors.js';
import { articleDoc, cleanTemp, fillableDisk, newProject, span, steppingClock, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

async function withArticles(n = 2) {
  const p = await newProject({ clock: steppingClock() });
  for (let i = 1; i <= n; i++) await p.store.addArticle(articleDoc(`a-${i}`, TEXT, `Article ${i}`));
  return p;
}

describe('ProjectStore: layout and format', () => {
  it('creates the project folder with the files a user can see, back up and diff', async () => {
    const { dir, store } = await withArticles(1);
    expect(readdirSync(dir).sort()).toEqual(['.sourcemark', 'articles', 'sourcemark.json', 'sources.json']);
    const project = read(path.join(dir, 'sourcemark.json'));
    expect(Object.keys(project).slice(0, 3)).toEqual(['type', 'version', 'id']);
    expect(project).toMatchObject({ type: 'sourcemark-project', version: 3, name: 'Test project' });
    expect(project.schema.labels.map((l: { name: string }) => l.name)).toEqual(['Speaker', 'Quote', 'Claim', 'Cue']);
    expect(read(path.join(dir, 'sources.json'))).toEqual({ type: 'sourcemark-sources', version: 3, sources: [] });
    const text = readFileSync(path.join(dir, 'articles', 'a-1.json'), 'utf8');
    expect(text).toMatch(/^\{\n {2}"type": "sourcemark-article",\n {2}"version": 3,\n/);
    expect(text.endsWith('}\n')).toBe(true);
    await store.close();
    expect(existsSync(path.join(dir, '.sourcemark', 'lock'))).toBe(false);
  });

  it('refuses to create a project in a folder that has files, or twice', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(ProjectStore.create(dir)).rejects.toThrow(/is not empty/);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    const { dir: d2, store } = await newProject();
    await store.close();
    await expect(ProjectStore.create(d2)).rejects.toThrow(/already a Sourcemark project/);
  });

  it('says clearly when a folder is not a project', async () => {
    await expect(ProjectStore.open(tempDir())).rejects.toThrow(/is not a Sourcemark project \(no sourcemark.json\)/);
  });
});

describe('ProjectStore: editing', () => {
  it('saves one annotation by rewriting only its article, with spans in stable order', async () => {
    const { dir, store } = await withArticles(2);
    const doc = await store.getArticle('a-1');
    const other = path.join(dir, 'articles', 'a-2.json');
    const before = statSync(other).mtimeMs;
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-2', 'Quote', 18, 46) }, 'a-1');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12) }, 'a-1');
    const saved = docOnDisk(dir, 'a-1');
    expect(saved.spans.map((s: { id: string }) => s.id)).toEqual(['s-1', 's-2']);
    expect(statSync(other).mtimeMs).toBe(before);
    expect(store.listArticles().items.find((a) => a.id === 'a-1')!.counts).toEqual({ Quote: 1, Speaker: 1 });
  });

  it('refuses an invalid operation before writing anything', async () => {
    const { dir, store } = await withArticles(1);
    const file = path.join(dir, 'articles', 'a-1.json');
    const bytes = readFileSync(file, 'utf8');
    const doc = await store.getArticle('a-1');
    await expect(store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Rumour', 0, 3) })).rejects.toMatchObject({ code: 'invalid-operation', message: 'The schema has no label "Rumour".' });
    expect(readFileSync(file, 'utf8')).toBe(bytes);
  });

  it('coalesces a burst of 100 edits into a few ordered writes that end in the last state', async () => {
    let renames = 0;
    const counting: FileOps = { ...fsp, rename: async (a, b) => { if (String(b).endsWith('a-1.json')) renames++; return fsp.rename(a, b); } };
    const { dir, store } = await newProject({ fs: counting, clock: steppingClock() });
    await store.addArticle(articleDoc('a-1', 'word '.repeat(200)));
    renames = 0;
    const doc = await store.getArticle('a-1');
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, `s-${i}`, 'Cue', i * 5, i * 5 + 4) }, 'a-1')));
    expect(renames).toBeGreaterThan(0);
    expect(renames).toBeLessThanOrEqual(5);
    expect(docOnDisk(dir, 'a-1').spans).toHaveLength(100);
  });

  it('undoes and redoes across saves, per scope', async () => {
    const { dir, store } = await withArticles(2);
    const doc = await store.getArticle('a-1');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12) }, 'a-1');
    await store.apply({ op: 'setStatus', articleId: 'a-2', status: 'done' }, 'a-2');
    await store.undo('a-1');
    expect(docOnDisk(dir, 'a-1').spans).toEqual([]);
    expect(docOnDisk(dir, 'a-2').article.status).toBe('done');
    expect(store.historyDepth('a-1')).toEqual({ undo: 0, redo: 1 });
    await store.redo('a-1');
    expect(docOnDisk(dir, 'a-1').spans).toHaveLength(1);
    expect(await store.undo('nothing-here')).toBeUndefined();
  });

  it('runs two undos at once as two steps, and keeps one history per annotator', async () => {
    const { store } = await withArticles(1);
    const doc = await store.getArticle('a-1');
    for (const [id, start] of [['s-1', 0], ['s-2', 18], ['s-3', 52]] as const) {
      await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, id, 'Cue', start, start + 4) }, 'a-1', { annotator: 'alice' });
    }
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-b', 'Cue', 60, 64) }, 'a-1', { annotator: 'bob' });
    const [one, two] = await Promise.all([store.undo('a-1', { annotator: 'alice' }), store.undo('a-1', { annotator: 'alice' })]);
    expect(one && two).toBeTruthy();
    expect((await store.getArticle('a-1')).spans.map((s) => s.id)).toEqual(['s-1', 's-b']);
    expect(store.historyDepth('a-1', { annotator: 'alice' })).toEqual({ undo: 1, redo: 2 });
    expect(store.historyDepth('a-1', { annotator: 'bob' })).toEqual({ undo: 1, redo: 0 });
    expect(await store.undo('a-1')).toBeUndefined(); // nobody's history: nothing to undo
  });

  it('announces every change, with who made it and from where', async () => {
    const { store } = await withArticles(1);
    const events: unknown[] = [];
    const stop = store.onChange((e) => events.push(e));
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1', { annotator: 'alice', client: 'c-1' });
    await store.updateProject({ name: 'Renamed' });
    stop();
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'todo' }, 'a-1');
    const first = (events[0] as { revision: number }).revision;
    expect(events).toEqual([
      { revision: first, articles: ['a-1'], sources: false, schema: false, project: false, annotator: 'alice', client: 'c-1' },
      { revision: first + 1, articles: [], sources: false, schema: false, project: true },
    ]);
  });

  it('merges sources across articles, loading only the articles that mention them', async () => {
    const { dir, store } = await withArticles(3);
    await store.apply({ op: 'addSource', source: { id: 'src-1', name: 'Ministry of Defence', kind: 'organization', aliases: [] } });
    await store.apply({ op: 'addSource', source: { id: 'src-2', name: 'The ministry', kind: 'organization', aliases: [] } });
    for (const id of ['a-1', 'a-2']) {
      const doc = await store.getArticle(id);
      await store.apply({ op: 'addSpan', articleId: id, span: span(doc, `s-${id}`, 'Speaker', 0, 12, { sourceId: id === 'a-1' ? 'src-1' : 'src-2' }) }, id);
    }
    expect(store.articlesMentioning('src-2')).toEqual(['a-2']);
    await store.mergeSources('src-1', 'src-2');
    expect(read(path.join(dir, 'sources.json')).sources).toEqual([{ id: 'src-1', name: 'Ministry of Defence', kind: 'organization', aliases: ['The ministry'] }]);
    expect(docOnDisk(dir, 'a-2').spans[0]!.sourceId).toBe('src-1');
    await store.undo('sources');
    expect(read(path.join(dir, 'sources.json')).sources.map((s: { id: string }) => s.id)).toEqual(['src-1', 'src-2']);
    await expect(store.apply({ op: 'removeSource', sourceId: 'src-2' })).rejects.toThrow(/still mentioned in article a-2/);
  });

  it('lists with filters, search, sort and a progress summary', async () => {
    const { store } = await withArticles(3);
    await store.apply({ op: 'setStatus', articleId: 'a-2', status: 'done' });
    await store.apply({ op: 'setStatus', articleId: 'a-3', status: 'in-progress' });
    expect(store.listArticles({ status: 'done' }).items.map((a) => a.id)).toEqual(['a-2']);
    expect(store.listArticles({ search: 'article 3' }).items.map((a) => a.id)).toEqual(['a-3']);
    expect(store.listArticles({ sort: 'title', descending: true }).items.map((a) => a.id)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(store.listArticles().progress).toEqual({ todo: 1, inProgress: 1, done: 1, damaged: 0 });
    expect(store.listArticles({ limit: 2, offset: 1 })).toMatchObject({ total: 3, items: [{ id: 'a-2' }, { id: 'a-3' }] });
  });
});

describe('ProjectStore: never lose work', () => {
  it('locks the project against a second writer, and takes over the lock of a dead process', async () => {
    const { dir, store } = await withArticles(1);
    await expect(ProjectStore.open(dir)).rejects.toMatchObject({ code: 'project-locked', message: expect.stringMatching(/is open in another Sourcemark \(process \d+/) });
    await store.close();
    const os = await import('node:os');
    writeFileSync(path.join(dir, '.sourcemark', 'lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), since: 'yesterday' }));
    const messages: string[] = [];
    const again = await ProjectStore.open(dir, { onMessage: (m) => messages.push(m) });
    expect(messages.join('\n')).toMatch(/did not close properly last time .* lock .* was taken over/);
    await again.close();
  });

  it('lists a damaged article with its reason, keeps its file, and restores the newest backup', async () => {
    const { dir, store } = await withArticles(2);
    const doc = await store.getArticle('a-1');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12) }, 'a-1');
    await store.close();
    const articleFile = path.join(dir, 'articles', 'a-1.json');
    const layerFile = path.join(dir, 'layers', 'test', 'a-1.json');
    const good = readFileSync(articleFile, 'utf8');
    const goodLayer = readFileSync(layerFile, 'utf8');
    const cases: [string, string, RegExp][] = [
      [articleFile, good.slice(0, good.length / 2), /not valid JSON/],
      [articleFile, '', /the file is empty/],
      [articleFile, '{"type": "sourcemark-article", "version": 1, "article": {}}', /does not match the article format/],
      [layerFile, goodLayer.slice(0, 20), /layers\/test\/a-1.json: not valid JSON/],
      [layerFile, goodLayer.replace('"spans"', '"spanz"'), /layers\/test\/a-1.json does not match the layer format \(spans:/],
      [layerFile, goodLayer.replace('"end": 12', '"end": 9999'), /annotations that do not fit: Fragment 0–9999 is outside the text/],
    ];
    for (const [file, content, reason] of cases) {
      if (file === layerFile) writeFileSync(articleFile, good);
      writeFileSync(file, content);
      const s = await ProjectStore.open(dir);
      const listed = s.listArticles().items.find((a) => a.id === 'a-1')!;
      expect(listed.damaged).toMatch(reason);
      expect(s.listArticles().items.find((a) => a.id === 'a-2')!.damaged).toBeUndefined();
      await expect(s.getArticle('a-1')).rejects.toMatchObject({ code: 'damaged' });
      expect(s.stats().damaged).toHaveLength(1);
      await s.close();
      expect(readFileSync(file, 'utf8')).toBe(content); // never overwritten
    }
    const s = await ProjectStore.open(dir);
    const { restoredFrom } = await s.restoreBackup('a-1');
    expect(restoredFrom).toContain(path.join('.sourcemark', 'backups', 'a-1'));
    expect((await s.getArticle('a-1')).article.id).toBe('a-1');
    expect(s.listArticles().items.find((a) => a.id === 'a-1')!.damaged).toBeUndefined();
    const aside = readdirSync(path.join(dir, '.sourcemark', 'damaged')).sort();
    expect(aside).toHaveLength(2); // the article file and its layer file, as they were
    expect(readFileSync(path.join(dir, '.sourcemark', 'damaged', aside.find((f) => f.includes('.layer-test.'))!), 'utf8')).toBe(cases[cases.length - 1]![1]);
    expect(readFileSync(path.join(dir, '.sourcemark', 'damaged', aside.find((f) => !f.includes('.layer-'))!), 'utf8')).toBe(good);
    await s.close();
  });

  it('refuses a project written by a newer version and touches nothing', async () => {
    const { dir, store } = await withArticles(1);
    await store.close();
    const file = path.join(dir, 'sourcemark.json');
    const newer = readFileSync(file, 'utf8').replace('"version": 3', '"version": 7');
    writeFileSync(file, newer);
    const snapshot = () => readdirSync(dir, { recursive: true }).map(String).sort().map((f) => [f, statSync(path.join(dir, f)).mtimeMs]);
    const before = snapshot();
    await expect(ProjectStore.open(dir)).rejects.toMatchObject({ code: 'newer-version', message: expect.stringMatching(/sourcemark.json was written by a newer Sourcemark \(format 7; this version reads up to 3\)/) });
    expect(snapshot()).toEqual(before);
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });

  it('lists an article of a newer format as unreadable and never writes it', async () => {
    const { dir, store } = await withArticles(1);
    await store.close();
    const file = path.join(dir, 'articles', 'a-1.json');
    const newer = readFileSync(file, 'utf8').replace('"version": 3', '"version": 4');
    writeFileSync(file, newer);
    const s = await ProjectStore.open(dir);
    expect(s.listArticles().items[0]!.damaged).toMatch(/newer Sourcemark \(format 4/);
    await s.close();
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });

  it('migrates an article of the older format, keeping the original as a backup', async () => {
    const { dir, store } = await withArticles(1);
    await store.close();
    const file = path.join(dir, 'articles', 'a-1.json');
    const v1 = { ...articleDoc('a-1', TEXT), article: read(file).article };
    const v0 = { ...v1, version: 0, spans: [{ id: 's-1', label: 'Speaker', start: 0, end: 12, text: 'The ministry', attributes: {}, annotator: 'x', createdAt: 't', updatedAt: 't' }] };
    writeFileSync(file, JSON.stringify(v0));
    const messages: string[] = [];
    const s = await ProjectStore.open(dir, { onMessage: (m) => messages.push(m) });
    const doc = await s.getArticle('a-1');
    expect(doc.spans[0]!.fragments[0]).toMatchObject({ start: 0, end: 12, text: 'The ministry', prefix: '' });
    expect(messages.join('\n')).toMatch(/older format and has been updated \(its annotations are now kept per annotator in layers\/<annotator>\/a-1.json\); the original is kept/);
    await s.close();
    expect(read(file)).toMatchObject({ version: 3 });
    expect(read(file).spans).toBeUndefined();
    expect(read(path.join(dir, 'layers', 'x', 'a-1.json'))).toMatchObject({ type: 'sourcemark-layer', version: 3, article: 'a-1', layer: 'x', spans: [{ id: 's-1' }], events: [] });
    const backups = readdirSync(path.join(dir, '.sourcemark', 'backups', 'a-1')).filter((f) => f.includes('.migrated.'));
    expect(read(path.join(dir, '.sourcemark', 'backups', 'a-1', backups[0]!)).version).toBe(0);
  });

  it('reports a full disk, keeps the last good file and the change in memory, and saves it on retry', async () => {
    const disk = fillableDisk();
    const { dir, store } = await newProject({ fs: disk.fs, clock: steppingClock() });
    await store.addArticle(articleDoc('a-1', TEXT));
    const file = path.join(dir, 'articles', 'a-1.json');
    const before = readFileSync(file, 'utf8');
    disk.full = true;
    const doc = await store.getArticle('a-1');
    const err = await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12) }, 'a-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('Could not save "Article a-1" (articles/a-1.json): the disk is full; free some space. Your change is kept in memory; it will be saved with the next change or when you retry.');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(path.join(dir, 'articles'))).toEqual(['a-1.json']); // no temp file left
    expect(store.unsaved).toEqual(['a-1']);
    expect((await store.getArticle('a-1')).spans).toHaveLength(1);
    disk.full = false;
    await store.retrySaves();
    expect(docOnDisk(dir, 'a-1').spans).toHaveLength(1);
    expect(store.unsaved).toEqual([]);
  });

  it('rebuilds the index of an earlier version in its new form, says so, and removes the old file', async () => {
    const { dir, store } = await withArticles(2);
    await store.close();
    const meta = path.join(dir, '.sourcemark');
    rmSync(path.join(meta, 'index.jsonl'));
    writeFileSync(path.join(meta, 'index.json'), JSON.stringify({ type: 'sourcemark-index', version: 7, entries: { 'a-1': { title: 'Stale', status: 'done', links: 0, words: 1, updatedAt: '', mtimeMs: 0, size: 0 } } }));
    const readOnly = await ProjectStore.open(dir, { readOnly: true });
    await readOnly.close();
    expect(existsSync(path.join(meta, 'index.json'))).toBe(true); // read-only: no file touched
    const messages: string[] = [];
    const s = await ProjectStore.open(dir, { onMessage: (m) => messages.push(m) });
    expect(messages.join()).toMatch(/index has been rebuilt in this version's form \(2 articles\)/);
    expect(s.listArticles().items.map((a) => [a.title, a.status])).toEqual([['Article 1', 'todo'], ['Article 2', 'todo']]);
    await s.close();
    expect(existsSync(path.join(meta, 'index.json'))).toBe(false);
    expect(readFileSync(path.join(meta, 'index.jsonl'), 'utf8').split('\n')).toHaveLength(4);
  });

  it('rebuilds a missing or stale index, and notices files changed behind its back', async () => {
    const { dir, store } = await withArticles(2);
    await store.close();
    rmSync(path.join(dir, '.sourcemark', 'index.jsonl'));
    const messages: string[] = [];
    let s = await ProjectStore.open(dir, { onMessage: (m) => messages.push(m) });
    expect(messages.join()).toMatch(/index was missing and has been rebuilt \(2 articles\)/);
    expect(s.listArticles().total).toBe(2);
    await s.close();
    const file = path.join(dir, 'articles', 'a-2.json');
    const doc = read(file);
    doc.article.title = 'Renamed outside the app';
    writeFileSync(file, JSON.stringify(doc));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    mkdirSync(path.join(dir, 'articles', 'sub'));
    s = await ProjectStore.open(dir);
    expect(s.listArticles().items.map((a) => a.title)).toEqual(['Article 1', 'Renamed outside the app']);
    await s.close();
  });

  it('keeps a small rolling set of backups per article', async () => {
    let t = Date.parse('2026-03-01T10:00:00Z');
    const clock = () => new Date((t += 11 * 60 * 1000)); // every save is 11 minutes after the last
    const { dir, store } = await newProject({ clock });
    await store.addArticle(articleDoc('a-1', TEXT));
    const realNow = Date.now;
    let fake = realNow();
    Date.now = () => (fake += 11 * 60 * 1000);
    try {
      for (let i = 0; i < 12; i++) await store.apply({ op: 'setStatus', articleId: 'a-1', status: i % 2 ? 'done' : 'todo' });
    } finally {
      Date.now = realNow;
    }
    const backups = store.listBackups('a-1');
    expect(backups.length).toBeGreaterThanOrEqual(5);
    expect(backups.length).toBeLessThanOrEqual(6);
    expect(readdirSync(path.join(dir, '.sourcemark', 'backups', 'a-1'))).toHaveLength(backups.length);
  });

  it('never lets an id reach a path outside the project', async () => {
    const { store } = await withArticles(1);
    await expect(store.getArticle('../../etc/passwd')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.getArticle('a-1/../../x')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('ProjectStore: schema changes', () => {
  it('refuses a schema change that would orphan events in use, also after reopening (from the index)', async () => {
    const { dir, store } = await withArticles(1);
    const doc = await store.getArticle('a-1');
    const schema = store.schema;
    const withAttribution = { ...schema, eventTypes: [{ name: 'Attribution', roles: ['Source', 'Content'], triggers: [], attributes: [] }] };
    await store.apply({ op: 'setSchema', schema: withAttribution });
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-s', 'Speaker', 0, 12) });
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-q', 'Quote', 18, 46, { attributes: { QuoteType: 'Indirect' } }) });
    await store.apply({ op: 'addEvent', articleId: 'a-1', event: { id: 'e-1', type: 'Attribution', args: [{ role: 'Source', spanId: 's-s' }, { role: 'Content', spanId: 's-q' }] } });
    await expect(store.apply({ op: 'setSchema', schema })).rejects.toThrow(/Attribution/);
    await store.close();
    const again = await ProjectStore.open(dir);
    await expect(again.apply({ op: 'setSchema', schema })).rejects.toThrow(/Attribution/);
    expect(read(path.join(dir, 'sourcemark.json')).schema.eventTypes.map((t: { name: string }) => t.name)).toEqual(['Attribution']);
    await again.apply({ op: 'removeEvent', articleId: 'a-1', eventId: 'e-1' });
    await again.apply({ op: 'setSchema', schema });
    expect(read(path.join(dir, 'sourcemark.json')).schema.eventTypes).toEqual([]);
    await again.close();
  });

  it('refuses a schema change that would orphan labels, link types or attribute values in use, and allows one that does not', async () => {
    const { dir, store } = await withArticles(2);
    const doc = await store.getArticle('a-1');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-q', 'Quote', 18, 46, { attributes: { QuoteType: 'Indirect' } }) });
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-s', 'Speaker', 0, 12) });
    await store.apply({ op: 'addLink', articleId: 'a-1', link: { id: 'l-1', type: 'said-by', from: 's-q', to: 's-s' } });
    const schema = store.schema;
    const without = (label: string) => ({ ...schema, labels: schema.labels.filter((l) => l.name !== label), linkTypes: schema.linkTypes.filter((t) => !t.from.includes(label) && !t.to.includes(label)) });
    const before = readFileSync(path.join(dir, 'sourcemark.json'), 'utf8');
    await expect(store.apply({ op: 'setSchema', schema: without('Quote') })).rejects.toThrow(/Label Quote is used by 1 span; relabel or remove them first\..*Link type said-by is used by 1 link/);
    const noIndirect = { ...schema, labels: schema.labels.map((l) => (l.name === 'Quote' ? { ...l, attributes: [{ name: 'QuoteType', values: ['Direct', 'Mixed'] }] } : l)) };
    await expect(store.apply({ op: 'setSchema', schema: noIndirect })).rejects.toThrow(/Quote's QuoteType "Indirect" is set on 1 span/);
    expect(readFileSync(path.join(dir, 'sourcemark.json'), 'utf8')).toBe(before);
    await store.apply({ op: 'setSchema', schema: without('Cue') });
    expect(read(path.join(dir, 'sourcemark.json')).schema.labels.map((l: { name: string }) => l.name)).toEqual(['Speaker', 'Quote', 'Claim']);
    await store.undo();
    expect(read(path.join(dir, 'sourcemark.json')).schema.labels.map((l: { name: string }) => l.name)).toEqual(['Speaker', 'Quote', 'Claim', 'Cue']);
  });
});
