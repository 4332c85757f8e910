/** Live updates: a change made elsewhere is read again and reconciled by span, after this page's own saves. */
import { describe, expect, it } from 'vitest';
import { applyOperation } from '../../../annotations/index.js';
import { articleDoc, SERVER_NOW, settle, setup, spanIn } from '../fakes.js';
import { select } from '../../../renderer/commands/selection.js';

describe('live updates', () => {
  it('shows another person\'s change, redrawing only the span they changed, and says who', async () => {
    const d = articleDoc('a-1');
    const { wb, api, view, live } = await setup({ docs: [{ ...d, spans: [spanIn(d, 's-1', 'Speaker', 'Alice Smith'), spanIn(d, 's-2', 'Quote', 'the budget was late')] }] });
    select.perform(wb, 's-2');
    const before = wb.store.get().doc!;
    api.state = applyOperation(api.state, { op: 'updateSpan', articleId: 'a-1', spanId: 's-2', patch: { label: 'Claim' } }, { now: SERVER_NOW }).state;
    live()!({ revision: 2, articles: ['a-1'], sources: false, schema: false, project: false, annotator: 'bob', client: 'c-other' });
    await wb.live.settled();
    await settle();
    const after = wb.store.get().doc!;
    expect(after.spans[0]).toBe(before.spans[0]);
    expect(after.spans[1]!.label).toBe('Claim');
    expect(wb.store.get().remote).toBe('bob changed this article; it shows their changes.');
    expect(wb.store.get().selected).toBe('s-2');
    expect(view.synced.at(-1)).toBe(after);
    expect(api.calls.map((c) => c.method)).toEqual(['getArticle', 'listArticles']);
  });

  it('ignores this page\'s own changes coming back as events', async () => {
    const { api, live } = await setup();
    live()!({ revision: 2, articles: ['a-1'], sources: false, schema: false, project: false, client: 'c-test' });
    await settle();
    expect(api.calls).toEqual([]);
  });
});
