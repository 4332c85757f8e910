/** The article list updated in place after this page's change, as the server would list it. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../annotations/index.js';
import { withSummary } from '../../../renderer/state/article-list.js';
import type { ArticleList } from '../../../app/api/contract.js';
import { articleDoc, spanIn } from '../fakes.js';

const rows = ['a-1', 'a-2', 'a-3'].map((id) => summarize(articleDoc(id, `Text of ${id}.`, `Title ${id}`), '2026-01-01T00:00:00.000Z'));
const list: ArticleList = { total: 3, items: rows, progress: { todo: 3, inProgress: 0, done: 0, damaged: 0 } };

describe('the article list, updated locally', () => {
  it('replaces the changed row in place, with its new counts', () => {
    const d = articleDoc('a-2', 'Text of a-2.', 'Title a-2');
    const changed = summarize({ ...d, spans: [spanIn(d, 's', 'Claim', 'Text')] }, '2026-01-02T00:00:00.000Z');
    const next = withSummary(list, {}, changed);
    expect(next.items.map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3']);
    expect(next.items[1]).toBe(changed);
    expect(next.items[1]!.counts).toEqual({ Claim: 1 });
    expect(next.items[0]).toBe(rows[0]);
    expect(next.progress).toEqual(list.progress);
  });

  it('moves the progress counts with a status, and drops a row the status filter no longer lists', () => {
    const done = { ...rows[0]!, status: 'done' as const };
    expect(withSummary(list, {}, done).progress).toEqual({ todo: 2, inProgress: 0, done: 1, damaged: 0 });
    const filtered = withSummary(list, { status: 'todo' }, done);
    expect(filtered.items.map((a) => a.id)).toEqual(['a-2', 'a-3']);
    expect(filtered.total).toBe(2);
    // Back to to-do: listed again, in the server's order (by title).
    const back = withSummary(filtered, { status: 'todo' }, rows[0]!, done);
    expect(back.items.map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3']);
    expect(back.progress).toEqual(list.progress);
  });

  it('adds no row to a list that is one page of a longer one', () => {
    const page: ArticleList = { ...list, total: 10, items: rows.slice(0, 2) };
    expect(withSummary(page, {}, rows[2]!).items).toHaveLength(2);
  });
});
