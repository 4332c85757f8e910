/**
 * Issue 14, item 2 (the store's half): no write can leave a `sourcemark.json` that does not open,
 * and one that does not validate (edited by hand, written by an older build) never locks the
 * user out: the project opens read-only, says which file and what is wrong, serves and lists
 * its articles, refuses writes with that message, and can restore the file from its backup.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../app/cli/cli.js';
import { importPaths } from '../../app/import/import.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, span, tempDir } from '../helpers/project.js';
import { apiCall, serveCommand } from '../helpers/server-process.js';
import { launchBrowser, selectByFind } from '../helpers/browser.js';

afterAll(cleanTemp);

const TEXT = 'The spokesperson said the withdrawal was complete.';

/** A project with one article that uses a label, and that label renamed by hand to `Source.Person`. */
async function handEditedProject(editArticle = true): Promise<{ dir: string; projectFile: string; bytes: string }> {
  const { dir, store } = await newProject();
  const schema = store.schema;
  await store.apply({ op: 'setSchema', schema: { ...schema, labels: [...schema.labels, { name: 'Person', color: '#123456', attributes: [], refersToSource: false }] } });
  const doc = articleDoc('a-1', TEXT);
  await store.addArticle({ ...doc, spans: [span(doc, 's-1', 'Person', 4, 16)] });
  await store.close();
  // A later session's first save keeps the file as it was (with "Person") as a backup.
  const later = await ProjectStore.open(dir);
  await later.updateProject({ name: 'Renamed' });
  await later.close();
  const projectFile = path.join(dir, 'sourcemark.json');
  const bytes = readFileSync(projectFile, 'utf8').replace('"name": "Person"', '"name": "Source.Person"');
  writeFileSync(projectFile, bytes);
  // The span is in its annotator's layer file (app/store/layer-files.ts).
  const article = path.join(dir, 'layers', 'test', 'a-1.json');
  if (editArticle) writeFileSync(article, readFileSync(article, 'utf8').replace('"label": "Person"', '"label": "Source.Person"'));
  return { dir, projectFile, bytes };
}

async function cli(...argv: string[]): Promise<{ status: number; out: string }> {
  const lines: string[] = [];
  const status = await runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { status, out: lines.join('\n') };
}

describe('a sourcemark.json that does not validate', () => {
  it('opens read-only with the file and the problem named; reading works, writing is refused, nothing is touched', async () => {
    const { dir, projectFile, bytes } = await handEditedProject();
    const store = await ProjectStore.open(dir);
    expect(store.readOnly).toBe(true);
    expect(store.problem).toContain(projectFile);
    expect(store.problem).toMatch(/schema\.labels\.4\.name: a label name is a letter followed by letters, digits, _ or -/);
    expect(store.problem).toMatch(/open read-only so nothing is lost/);
    // The label keeps its name, so the article that uses it is not "damaged".
    expect(store.schema.labels.map((l) => l.name)).toContain('Source.Person');
    expect(store.listArticles().items.map((a) => [a.id, a.damaged])).toEqual([['a-1', undefined]]);
    expect((await store.getArticle('a-1')).spans[0]!.label).toBe('Source.Person');
    expect(store.stats().spans).toEqual({ 'Source.Person': 1 });
    await expect(store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' })).rejects.toMatchObject({ code: 'damaged', message: expect.stringContaining(projectFile) });
    await expect(store.updateProject({ name: 'x' })).rejects.toMatchObject({ code: 'damaged' });
    await store.close();
    expect(readFileSync(projectFile, 'utf8')).toBe(bytes);

    const stats = await cli('stats', dir);
    expect(stats.status).toBe(0);
    expect(stats.out).toMatch(/Articles: 1/);
    expect(stats.out).toContain('schema.labels.4.name');
  });

  it('is served read-only by `serve`: getProject names the problem, articles list and open, writes answer 409 with it', async () => {
    const { dir, projectFile, bytes } = await handEditedProject();
    const server = await serveCommand(dir);
    try {
      const project = await apiCall(server, 'getProject', {});
      expect(project.status).toBe(200);
      expect((project.json.result as { problem?: string }).problem).toContain('schema.labels.4.name');
      const list = await apiCall(server, 'listArticles', {});
      expect((list.json.result as { total: number }).total).toBe(1);
      const article = await apiCall(server, 'getArticle', { id: 'a-1' });
      expect(article.status).toBe(200);
      const write = await apiCall(server, 'apply', { op: { op: 'setStatus', articleId: 'a-1', status: 'done' }, scope: 'a-1' });
      expect(write.status).toBe(409);
      expect(write.json.error).toMatchObject({ code: 'damaged', message: expect.stringContaining(`${projectFile} does not match the project format`) });

      // The workbench says so in a banner, and the article list is there.
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        page.setDefaultTimeout(8000);
        await page.goto(server.url!);
        await page.waitForSelector('form.modal input');
        await page.fill('form.modal input', 'test'); // the span's annotator: annotators see only their own layer
        await page.keyboard.press('Enter');
        await page.waitForSelector('.article-list li');
        const banner = await page.textContent('[data-read-only]');
        expect(banner).toContain('sourcemark.json');
        expect(banner).toContain('schema.labels.4.name');
        // The article opens, and a label key makes no change, saying why.
        await page.waitForSelector('.ProseMirror [data-label="Source.Person"]');
        await selectByFind(page, 'withdrawal');
        await page.keyboard.press('1');
        await page.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('open read-only, so this change was not made'));
        expect(await page.$$eval('.ProseMirror [data-span-id]', (els) => els.length)).toBe(1);
      } finally {
        await browser.close();
      }
    } finally {
      await server.stop();
    }
    expect(readFileSync(projectFile, 'utf8')).toBe(bytes);
  });

  it('is restored from its backup with `restore <folder> project`, and the project opens writable again', async () => {
    const { dir, projectFile } = await handEditedProject(false);
    const restored = await cli('restore', dir, 'project');
    expect(restored.out).toMatch(/Restored sourcemark.json from \.sourcemark\/backups\/sourcemark.json\//);
    expect(restored.status).toBe(0);
    expect(JSON.parse(readFileSync(projectFile, 'utf8')).schema.labels.map((l: { name: string }) => l.name)).toContain('Person');
    const store = await ProjectStore.open(dir);
    expect(store.problem).toBeUndefined();
    expect(store.listArticles().items[0]!.damaged).toBeUndefined();
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' });
    await store.close();
  });

  it('restores a backup of an older format (the sample\'s), written back in the current one', async () => {
    const { sampleCopy } = await import('../helpers/server-process.js');
    const { FORMAT_VERSION } = await import('../../annotations/index.js');
    const dir = sampleCopy();
    const file = path.join(dir, 'sourcemark.json');
    const oldVersion = JSON.parse(readFileSync(file, 'utf8')).version as number;
    const store = await ProjectStore.open(dir);
    await store.updateProject({ name: 'Renamed sample' });
    await store.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(FORMAT_VERSION);
    writeFileSync(file, '{"type": "sourcemark-project"');
    expect((await cli('restore', dir, 'project')).status).toBe(0);
    const restored = JSON.parse(readFileSync(file, 'utf8'));
    expect(restored.version).toBe(FORMAT_VERSION);
    expect(restored.name).not.toBe('Renamed sample'); // the state before the session's first save
    expect(oldVersion).toBeLessThanOrEqual(FORMAT_VERSION);
    const again = await ProjectStore.open(dir);
    expect(again.problem).toBeUndefined();
    await again.close();
  });

  it('a sources.json that does not validate opens read-only too, naming it', async () => {
    const { dir, store } = await newProject();
    await store.close();
    const file = path.join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ type: 'sourcemark-sources', version: 1, sources: [{ id: 'src-1', name: '', kind: 'alien' }] }));
    const again = await ProjectStore.open(dir);
    expect(again.readOnly).toBe(true);
    expect(again.problem).toContain(`${file} does not match the sources format`);
    expect(again.problem).toContain('restore');
    await again.close();
  });
});

describe('every write of the schema is checked with the schema that reads it', () => {
  it('refuses a setSchema with a label name the project file cannot hold, before writing anything', async () => {
    const { dir, store } = await newProject();
    const file = path.join(dir, 'sourcemark.json');
    const sources = path.join(dir, 'sources.json');
    const before = [readFileSync(file, 'utf8'), readFileSync(sources, 'utf8')];
    const bad = { ...store.schema, labels: [...store.schema.labels, { name: 'Source.Person', color: '#123456', attributes: [], refersToSource: false }] };
    // Through the store (as import does), bypassing the Api's own check of the operation.
    const err = await store.apply({ op: 'batch', ops: [
      { op: 'addSource', source: { id: 'src-1', name: 'Ministry', kind: 'organization', aliases: [] } },
      { op: 'setSchema', schema: bad },
    ] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-operation', message: expect.stringMatching(/sourcemark\.json would not match the project format \(schema\.labels\.4\.name: a label name is a letter/) });
    expect([readFileSync(file, 'utf8'), readFileSync(sources, 'utf8')]).toEqual(before);
    expect(store.schema.labels.map((l) => l.name)).not.toContain('Source.Person');
    expect(store.sources).toEqual([]);
    await store.close();
    const again = await ProjectStore.open(dir);
    expect(again.problem).toBeUndefined();
    await again.close();
  });

  it('refuses to create a project with such a schema, writing nothing', async () => {
    const dir = path.join(tempDir(), 'new');
    const { defaultSchema } = await import('../../annotations/index.js');
    const schema = defaultSchema();
    await expect(ProjectStore.create(dir, { schema: { ...schema, labels: [...schema.labels, { name: 'Source.Person', color: '#123456', attributes: [], refersToSource: false }] } }))
      .rejects.toMatchObject({ code: 'invalid-operation', message: expect.stringContaining('schema.labels.4.name') });
    expect(existsSync(dir)).toBe(false);
  });

  it('importing `T1	Source.Person 4 16	spokesperson` from brat leaves a project that opens normally after a restart', async () => {
    const { dir, store } = await newProject();
    const folder = tempDir();
    writeFileSync(path.join(folder, 'doc.txt'), TEXT);
    writeFileSync(path.join(folder, 'doc.ann'), 'T1\tSource.Person 4 16\tspokesperson\n');
    const summary = await importPaths(store, [folder], { annotator: 'test' });
    // Mapped to a valid name, or refused with a message: never written as it is.
    expect(summary.imported.length + summary.failed.length).toBe(1);
    await store.close();
    const text = readFileSync(path.join(dir, 'sourcemark.json'), 'utf8');
    expect(text).not.toContain('"name": "Source.Person"');
    const again = await ProjectStore.open(dir);
    expect(again.problem).toBeUndefined();
    expect(again.readOnly).toBe(false);
    await again.close();
    const stats = await cli('stats', dir);
    expect(stats.status).toBe(0);
    expect(stats.out).not.toContain('schema.labels');
  });
});
