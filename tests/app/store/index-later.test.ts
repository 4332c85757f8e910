/**
 * A large project opened with `checkIndexLater` (the desktop app and the server): the index as
 * last written is used at once, and checked against the files in the background. What changed
 * behind the app's back (a layer file, an article removed, one added) is taken in and announced;
 * an article edited through the store meanwhile keeps the entry of its edit. One-shot opening
 * (the default) checks first, as before.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../app/store/types.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { generateProject } from '../../bench/generate.js';
import { cleanTemp, span, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

describe('an index checked after opening', () => {
  it('serves the index as last written at once, then takes in what changed on disk and announces it', async () => {
    const dir = path.join(tempDir(), 'project');
    await generateProject(dir, 2000, 3);
    await (await ProjectStore.open(dir)).close(); // writes the index
    // Behind the app's back: a layer file loses a span, an article goes, a new one comes.
    const layer = path.join(dir, 'layers', 'bench', 'a-5.json');
    const five = JSON.parse(readFileSync(layer, 'utf8'));
    five.spans = five.spans.slice(1);
    writeFileSync(layer, JSON.stringify(five));
    rmSync(path.join(dir, 'articles', 'a-7.json'));
    rmSync(path.join(dir, 'layers', 'bench', 'a-7.json'));
    const added = JSON.parse(readFileSync(path.join(dir, 'articles', 'a-8.json'), 'utf8'));
    added.article.id = 'a-new';
    writeFileSync(path.join(dir, 'articles', 'a-new.json'), JSON.stringify(added));
    copyFileSync(path.join(dir, 'layers', 'bench', 'a-8.json'), path.join(dir, 'layers', 'bench', 'a-new.json'));
    const layerNew = JSON.parse(readFileSync(path.join(dir, 'layers', 'bench', 'a-new.json'), 'utf8'));
    layerNew.article = 'a-new';
    writeFileSync(path.join(dir, 'layers', 'bench', 'a-new.json'), JSON.stringify(layerNew));

    const store = await ProjectStore.open(dir, { checkIndexLater: true });
    const events: ChangeEvent[] = [];
    store.onChange((e) => events.push(e));
    const ids = () => new Set(store.allArticles().map((a) => a.id));
    const count = (id: string) => Object.values(store.allArticles().find((a) => a.id === id)!.counts).reduce((a, b) => a + b, 0);
    // At once: the index as last written.
    expect(ids().has('a-7')).toBe(true);
    expect(ids().has('a-new')).toBe(false);
    expect(count('a-5')).toBe(3);
    // An edit through the store while the check runs: its entry stands.
    const nine = await store.getArticle('a-9');
    await store.apply({ op: 'addSpan', articleId: 'a-9', span: span(nine, 's-extra', 'Quote', 0, 3) }, 'a-9');
    await store.indexChecked();
    expect(ids().has('a-7')).toBe(false);
    expect(ids().has('a-new')).toBe(true);
    expect(count('a-5')).toBe(2);
    expect(count('a-9')).toBe(4);
    expect(store.allArticles()).toHaveLength(2000);
    const announced = events.flatMap((e) => e.articles);
    expect(announced).toEqual(expect.arrayContaining(['a-5', 'a-7', 'a-new']));
    await store.close();

    // The index written after the check holds what it found: the next opening reads nothing again.
    const again = await ProjectStore.open(dir, { readThreads: { count: 0, from: Infinity }, onProgress: () => expect.unreachable('nothing to read again') });
    expect(again.allArticles().find((a) => a.id === 'a-9')!.counts).toMatchObject({ Quote: expect.any(Number) });
    expect(Object.values(again.allArticles().find((a) => a.id === 'a-9')!.counts).reduce((a, b) => a + b, 0)).toBe(4);
    await again.close();
  }, 120_000);

  it('checks first when not asked to check later, and for a small project', async () => {
    const dir = path.join(tempDir(), 'project');
    await generateProject(dir, 20, 3);
    await (await ProjectStore.open(dir)).close();
    rmSync(path.join(dir, 'articles', 'a-3.json'));
    const later = await ProjectStore.open(dir, { checkIndexLater: true, readOnly: true });
    expect(later.allArticles().some((a) => a.id === 'a-3')).toBe(false); // under 2,000 articles: checked on opening
    await later.close();
  }, 60_000);
});
