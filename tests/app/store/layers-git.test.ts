/**
 * Layers under git (issue 18): two clones of one project, two annotators working offline, one
 * `git pull` that merges without a conflict, both layers present afterwards. Real `git` on real
 * folders; also a project of the format before layers migrates on opening, each span to its
 * annotator's layer, and a layer file changed behind the app's back (a pull) is noticed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layersOf } from '../../../annotations/index.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, span, tempDir } from '../../helpers/project.js';
import { docOnDisk, layerFilesOf } from './disk.js';

afterEach(cleanTemp);

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', '-c', 'pull.rebase=false', ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** One annotator's offline session in clone `dir`: a span, a link, a new source, a status; then a commit. */
async function annotate(dir: string, annotator: string, at: [number, number], status: 'in-progress' | 'done', sourceName: string): Promise<void> {
  const store = await ProjectStore.open(dir);
  const author = { annotator };
  const doc = await store.getArticle('a-1');
  const sourceId = `src-${annotator}`;
  await store.apply({ op: 'addSource', source: { id: sourceId, name: sourceName, kind: 'organization', aliases: [] } }, 'sources', author);
  await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, `s-${annotator}-1`, 'Speaker', at[0], at[1], { annotator, sourceId }) }, 'a-1', author);
  await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, `s-${annotator}-2`, 'Quote', 47, 90, { annotator }) }, 'a-1', author);
  await store.apply({ op: 'addLink', articleId: 'a-1', link: { id: `l-${annotator}`, type: 'said-by', from: `s-${annotator}-2`, to: `s-${annotator}-1`, annotator } }, 'a-1', author);
  await store.apply({ op: 'setStatus', articleId: 'a-1', status }, 'a-1', author);
  await store.close();
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', `${annotator}'s work`);
}

describe('layers under git', () => {
  it('merges two annotators\' offline work on the same article with one pull and no conflict', async () => {
    const { dir: origin, store } = await newProject();
    await store.addArticle(articleDoc('a-1', TEXT));
    await store.addArticle(articleDoc('a-2', 'Another text entirely.'));
    await store.close();
    git(origin, 'init', '-q');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'project');
    const root = tempDir('sourcemark-git-');
    const alice = path.join(root, 'alice');
    const bob = path.join(root, 'bob');
    git(root, 'clone', '-q', origin, alice);
    git(root, 'clone', '-q', origin, bob);

    await annotate(alice, 'alice', [0, 12], 'done', 'Ministry of Defence');
    await annotate(bob, 'bob', [0, 3], 'in-progress', 'Defence ministry');
    // What each person's edits touched: their own layer and source files, nothing shared.
    const touched = (dir: string) => git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
    expect(touched(alice)).toEqual(['layers/alice/a-1.json', 'sources/alice.json']);
    expect(touched(bob)).toEqual(['layers/bob/a-1.json', 'sources/bob.json']);

    git(bob, 'pull', '-q', '--no-edit', alice, 'main'); // throws on a conflict (git exits 1)
    expect(git(bob, 'status', '--porcelain')).toBe('');
    expect(git(bob, 'diff', '--name-only', '--diff-filter=U')).toBe('');

    const merged = await ProjectStore.open(bob);
    const doc = await merged.getArticle('a-1');
    expect(layersOf(doc)).toEqual(['alice', 'bob']);
    expect(doc.spans.map((s) => s.id).sort()).toEqual(['s-alice-1', 's-alice-2', 's-bob-1', 's-bob-2']);
    expect(doc.links.map((l) => l.id).sort()).toEqual(['l-alice', 'l-bob']);
    expect(merged.sources.map((s) => s.id).sort()).toEqual(['src-alice', 'src-bob']);
    // The status set last (bob's session ran after alice's) is the article's.
    expect(doc.article.status).toBe('in-progress');
    // The index noticed the layer file the pull brought (it was cached with bob's layer only).
    expect(merged.listArticles().items.find((a) => a.id === 'a-1')!.counts).toEqual({ Quote: 2, Speaker: 2 });
    await merged.close();
  });

  it('writes only the files of the layers an edit changes', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a-1', TEXT));
    const doc = await store.getArticle('a-1');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-a', 'Speaker', 0, 12, { annotator: 'alice' }) }, 'a-1', { annotator: 'alice' });
    const articleBefore = readFileSync(path.join(dir, 'articles', 'a-1.json'), 'utf8');
    const aliceBefore = readFileSync(path.join(dir, 'layers', 'alice', 'a-1.json'), 'utf8');
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-b', 'Quote', 47, 90, { annotator: 'bob' }) }, 'a-1', { annotator: 'bob' });
    expect(readFileSync(path.join(dir, 'articles', 'a-1.json'), 'utf8')).toBe(articleBefore);
    expect(readFileSync(path.join(dir, 'layers', 'alice', 'a-1.json'), 'utf8')).toBe(aliceBefore);
    expect(JSON.parse(readFileSync(path.join(dir, 'layers', 'bob', 'a-1.json'), 'utf8')).spans.map((s: { id: string }) => s.id)).toEqual(['s-b']);
    // A layer whose last span goes loses its file; a name that is no path stays one folder.
    await store.apply({ op: 'removeSpan', articleId: 'a-1', spanId: 's-b' }, 'a-1', { annotator: 'bob' });
    expect(existsSync(path.join(dir, 'layers', 'bob', 'a-1.json'))).toBe(false);
    await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-c', 'Quote', 47, 90, { annotator: '../Zoë x' }) }, 'a-1');
    expect(readdirSync(path.join(dir, 'layers')).sort()).toEqual(['%2E%2E%2FZo%C3%AB%20x', 'alice', 'bob']);
    await store.close();
    const again = await ProjectStore.open(dir);
    expect(layersOf(await again.getArticle('a-1'))).toEqual(['../Zoë x', 'alice']);
    await again.close();
  });

  it('migrates a project of the format before layers on opening, each span to its annotator\'s layer', async () => {
    const dir = path.join(tempDir('sourcemark-migrate-'), 'project');
    cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'format2-project'), dir, { recursive: true });
    const name = 'a-zhx615xkn4hp.json'; // one of the sample's two annotated articles (by "gold")
    const id = name.slice(0, -5);
    const old = JSON.parse(readFileSync(path.join(dir, 'articles', name), 'utf8')) as { version: number; spans: { id: string; annotator: string }[] };
    expect(old.version).toBe(2);
    // Two annotators on one old article.
    old.spans[0]!.annotator = 'carol';
    writeFileSync(path.join(dir, 'articles', name), JSON.stringify(old));
    const messages: string[] = [];
    const store = await ProjectStore.open(dir, { onMessage: (m) => messages.push(m) });
    const doc = await store.getArticle(id);
    // One message for the whole project, not one per file.
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^14 articles \(articles\/a-\w+\.json and others\) were in an older format and have been updated: their annotations are now kept per annotator in layers\/<annotator>\/<article>\.json/);
    await store.close();
    const layers = layerFilesOf(dir, id);
    expect([...layers.keys()]).toEqual(['carol', 'gold']);
    expect(JSON.parse(readFileSync(path.join(dir, 'articles', name), 'utf8')).spans).toBeUndefined();
    expect(layers.get('carol')!.spans!.map((s) => s.id)).toEqual([old.spans[0]!.id]);
    expect(docOnDisk(dir, id).spans.map((s) => s.id).sort()).toEqual(old.spans.map((s) => s.id).sort());
    expect(doc.spans).toHaveLength(old.spans.length);
    expect(readdirSync(path.join(dir, '.sourcemark', 'backups', id)).some((f) => f.includes('.migrated.'))).toBe(true);
  });
});
