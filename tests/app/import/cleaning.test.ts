/**
 * Reviewing what cleaning removed, through the Api on real files: the second seed article's
 * newsletter block and dateline are listed as removed; keeping them gives back their text,
 * Ctrl+Z (the article's undo) removes them again; once annotation has started, or for a block
 * that does not exist, the change is refused with a message and the file is left as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArticle, emptyDoc, makeFragment } from '../../../annotations/index.js';
import { createApi, dispatch } from '../../../app/api/handlers.js';
import { importPaths } from '../../../app/import/import.js';
import { readGold } from '../../helpers/gold.js';
import { T0, cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

async function seedProject() {
  const { dir, store } = await newProject();
  const seed = path.join(tempDir(), '002.txt');
  writeFileSync(seed, readGold('002_6f0280c28b7f439d').txt);
  const summary = await importPaths(store, [seed]);
  const id = summary.imported[0]!.id;
  return { dir, store, id, api: createApi(store, 'browser'), file: path.join(dir, 'articles', `${id}.json`) };
}

describe('cleaning review', () => {
  it('lists the removed blocks, keeps one on request, and undoes that', async () => {
    const { store, api, id } = await seedProject();
    const info = await api.getCleaning({ id });
    expect(info.locked).toBeUndefined();
    expect(info.blocks.map((b) => [b.reason, b.removed])).toEqual([['newsletter', true]]);
    expect(info.blocks[0]!.text).toMatch(/^ ?date 2022-11-11 For free real time breaking news alerts/);

    // Keep the newsletter block: it is back at the top of the text, the date stays.
    const r = await api.setCleaning({ id, remove: [] });
    const kept = r.docs[0]!.article;
    expect(kept.text.startsWith('date 2022-11-11 For free real time breaking news alerts')).toBe(true);
    expect(kept.text).toContain('\n\nUkrainian soldiers have entered');
    expect(kept.metadata.published).toBe('2022-11-11');
    expect(kept.provenance.removed).toBeUndefined();
    expect((await api.getCleaning({ id })).blocks.map((b) => b.removed)).toEqual([false]);
    await store.flush();
    expect(store.listArticles().items.find((a) => a.id === id)!.words).toBeGreaterThan(0);

    const undone = await api.undo({ scope: id });
    expect(undone!.docs[0]!.article.text.startsWith('Ukrainian soldiers have entered')).toBe(true);
    await store.close();
  });

  it('refuses once annotation has started, and for a block that does not exist, leaving the file as it was', async () => {
    const { store, api, id, file } = await seedProject();
    await expect(dispatch(api, 'setCleaning', { id, remove: [5] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/no boilerplate block 5 .* \(it has 1\)/) });
    await expect(dispatch(api, 'setCleaning', { id, remove: [-1] })).rejects.toMatchObject({ code: 'bad-request' });
    const doc = await store.getArticle(id);
    const i = doc.article.text.indexOf('Yuri Sak');
    await api.apply({ op: { op: 'addSpan', articleId: id, span: {
      id: 's-1', label: 'Speaker', fragments: [makeFragment(doc.article.text, i, i + 8)], attributes: {}, annotator: 't', origin: 'manual',
      createdAt: T0.toISOString(), updatedAt: T0.toISOString(),
    } }, scope: id });
    await store.flush();
    const before = readFileSync(file, 'utf8');
    expect((await api.getCleaning({ id })).locked).toMatch(/Annotation has started \(1 annotation\)/);
    await expect(dispatch(api, 'setCleaning', { id, remove: [] })).rejects.toMatchObject({ code: 'invalid-operation', message: expect.stringMatching(/can change only before annotation starts; it has 1 annotation\./) });
    await store.flush();
    expect(readFileSync(file, 'utf8')).toBe(before);
    await store.close();
  });

  it('says so when the original text was not kept, and refuses to change it', async () => {
    const { store } = await newProject();
    const api = createApi(store, 'browser');
    await store.addArticle(emptyDoc(createArticle({ id: 'a-big', title: 'Big', text: 'The text.', provenance: { origin: 'big.txt', importedAt: T0.toISOString() } })));
    expect(await api.getCleaning({ id: 'a-big' })).toEqual({ blocks: [], locked: expect.stringMatching(/original text of this article was not kept/) });
    await expect(dispatch(api, 'setCleaning', { id: 'a-big', remove: [] })).rejects.toMatchObject({ code: 'invalid-operation', message: expect.stringMatching(/not kept/) });
    await store.close();
  });
});
