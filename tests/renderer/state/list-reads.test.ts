/**
 * The article list's reads: the query is the page's at once (a key typed in the search box is
 * never undone by an answer still to come), and the list shown is the answer to the latest read,
 * whatever order the answers arrive in.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleList } from '../../../app/api/contract.js';
import { setListQuery } from '../../../renderer/commands/articles.js';
import { articleDoc, settle, setup, type FakeApi } from '../fakes.js';

/** Makes `listArticles` answer only when the test says, each read by its search. */
function heldReads(api: FakeApi) {
  const waiting: { search: string; resolve: (l: ArticleList) => void }[] = [];
  api.intercept('listArticles', (q) => new Promise((resolve) => waiting.push({ search: q.search ?? '', resolve })));
  /** Answers the first read of `search` still waiting. */
  const answer = (search: string, ids: string[]): void => {
    const at = waiting.findIndex((w) => w.search === search);
    if (at < 0) throw new Error(`no read of "${search}" is waiting`);
    const [{ resolve }] = waiting.splice(at, 1) as [(typeof waiting)[number]];
    resolve({ total: ids.length, items: ids.map((id) => ({ id, title: id }) as ArticleList['items'][number]), progress: { todo: ids.length, inProgress: 0, done: 0, damaged: 0 } });
  };
  return { answer, waiting };
}

describe('the article list’s reads', () => {
  it('shows the typed query at once and the answer to the last read, when an earlier one answers last', async () => {
    const { api, wb } = await setup({ docs: [articleDoc('a-1'), articleDoc('a-2')] });
    const reads = heldReads(api);
    const first = wb.store.get().list;
    expect(first?.items).toHaveLength(2);
    void setListQuery.perform(wb, { search: 'M' });
    expect(wb.store.get().query).toEqual({ search: 'M' });
    void setListQuery.perform(wb, { search: 'Me' });
    expect(wb.store.get().query).toEqual({ search: 'Me' });
    // A change made elsewhere reads the list again: for the query typed, not the one last answered.
    void wb.refreshList();
    expect(reads.waiting.map((w) => w.search)).toEqual(['M', 'Me', 'Me']);
    reads.answer('Me', ['a-2']);
    await settle();
    expect(wb.store.get().list).toBe(first); // a read came after it: its answer is the one to show
    reads.answer('Me', ['a-2']); // the change's read, made later
    await settle();
    expect(wb.store.get().list?.items.map((a) => a.id)).toEqual(['a-2']);
    reads.answer('M', ['a-1', 'a-2']); // the first key's answer, last to come: ignored
    await settle();
    expect(wb.store.get().list?.items.map((a) => a.id)).toEqual(['a-2']);
    expect(wb.store.get().query).toEqual({ search: 'Me' });
  });

  it('a failed read that was overtaken says nothing; the latest one’s failure is the notice', async () => {
    const { api, wb } = await setup({ docs: [articleDoc('a-1')] });
    const fails: ((e: Error) => void)[] = [];
    api.intercept('listArticles', () => new Promise((_r, reject) => fails.push(reject)));
    void setListQuery.perform(wb, { search: 'a' });
    void setListQuery.perform(wb, { search: 'ab' });
    fails[0]!(new Error('first read failed'));
    await settle();
    expect(wb.store.get().notice).toBeNull();
    fails[1]!(new Error('second read failed'));
    await settle();
    expect(wb.store.get().notice).toContain('second read failed');
  });
});
