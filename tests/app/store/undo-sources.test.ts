/**
 * Undo in an article reaches the sources' steps too (issue 16): a merge made while an article is
 * open is undone first, then the article's own steps, which name the merged source; redo replays
 * them in order. Before, Ctrl+Z undid the article's scope only and answered "Source … does not
 * exist" for every step after a merge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { articleDoc, cleanTemp, newProject, span, steppingClock } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';
const alice = { annotator: 'alice' };

async function merged() {
  const p = await newProject({ clock: steppingClock() });
  await p.store.addArticle(articleDoc('a-1', TEXT));
  await p.store.apply({ op: 'addSource', source: { id: 'src-keep', name: 'Ministry of Defence', kind: 'organization', aliases: [] } }, 'sources', alice);
  const doc = await p.store.getArticle('a-1');
  // A speaker tied to a new source in one step of the article, as the source picker does it.
  await p.store.apply({ op: 'batch', ops: [
    { op: 'addSource', source: { id: 'src-gone', name: 'The ministry', kind: 'organization', aliases: [] } },
    { op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12, { sourceId: 'src-gone' }) },
  ] }, 'a-1', alice);
  await p.store.mergeSources('src-keep', 'src-gone', 'sources', alice);
  return p;
}

describe('undo after a merge of sources', () => {
  it('undoes the merge first, then the article step that names the merged source', async () => {
    const { store } = await merged();
    expect((await store.getArticle('a-1')).spans[0]!.sourceId).toBe('src-keep');
    expect(store.historyDepth('a-1', alice)).toEqual({ undo: 3, redo: 0 });
    const undoneMerge = await store.undo('a-1', alice);
    expect(undoneMerge?.sources?.map((s) => s.id).sort()).toEqual(['src-gone', 'src-keep']);
    expect((await store.getArticle('a-1')).spans[0]!.sourceId).toBe('src-gone');
    await store.undo('a-1', alice);
    expect((await store.getArticle('a-1')).spans).toEqual([]);
    expect(store.sources.map((s) => s.id)).toEqual(['src-keep']);
    // Redo replays the article step, then the merge.
    await store.redo('a-1', alice);
    expect((await store.getArticle('a-1')).spans[0]!.sourceId).toBe('src-gone');
    await store.redo('a-1', alice);
    expect((await store.getArticle('a-1')).spans[0]!.sourceId).toBe('src-keep');
    expect(store.sources.map((s) => s.id)).toEqual(['src-keep']);
  });

  it('keeps the histories apart per annotator, and a new change ends what can be redone', async () => {
    const { store } = await merged();
    expect(await store.undo('a-1', { annotator: 'bob' })).toBeUndefined();
    await store.undo('a-1', alice);
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1', alice);
    expect(store.historyDepth('a-1', alice).redo).toBe(0);
    expect(await store.redo('a-1', alice)).toBeUndefined();
  });
});
