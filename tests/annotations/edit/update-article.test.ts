/**
 * `updateArticle`: an article's title and metadata change (and undo) without touching its text or
 * annotations, on an annotated article too; its checks and its zod schema.
 */
import { describe, expect, it } from 'vitest';
import { applyOperation, summarize, type Operation } from '../../../annotations/index.js';
import { OperationSchema } from '../../../annotations/edit/operation-schema.js';
import { at, ctx, docOf, spanOf, stateOf } from '../../helpers/model.js';

const TEXT = 'Ukrainian soldiers have entered Kherson, officials said.';

function annotated() {
  const doc = docOf(TEXT);
  const span = spanOf(TEXT, 'Claim', [at(TEXT, 'Ukrainian soldiers have entered Kherson')]);
  const start = stateOf({ ...doc, article: { ...doc.article, metadata: { outlet: 'The Independent', byline: 'Kim Sengupta', license: 'CC BY' } } });
  return applyOperation(start, { op: 'addSpan', articleId: 'a-1', span }, ctx).state;
}

describe('updateArticle', () => {
  it('changes the title and metadata of an annotated article, keeps its text and spans, and undoes exactly', () => {
    const state = annotated();
    const op: Operation = { op: 'updateArticle', articleId: 'a-1', patch: { title: 'Kherson retaken', metadata: { outlet: 'Independent', byline: null, published: '2022-11-11', url: 'https://example.org/k' } } };
    const r = applyOperation(state, op, ctx);
    const a = r.state.docs['a-1']!.article;
    expect(a.title).toBe('Kherson retaken');
    expect(a.metadata).toEqual({ outlet: 'Independent', published: '2022-11-11', url: 'https://example.org/k', license: 'CC BY' });
    expect('byline' in a.metadata).toBe(false);
    expect(a.text).toBe(TEXT);
    expect(r.state.docs['a-1']!.spans).toBe(state.docs['a-1']!.spans);
    expect(r.articles).toEqual(new Set(['a-1']));
    expect(summarize(r.state.docs['a-1']!, ctx.now)).toMatchObject({ title: 'Kherson retaken', outlet: 'Independent', published: '2022-11-11' });
    const back = applyOperation(r.state, r.inverse, ctx);
    expect(back.state).toEqual(state);
    expect(back.state.docs['a-1']!.article.metadata).toEqual(state.docs['a-1']!.article.metadata);
    expect(Object.keys(back.state.docs['a-1']!.article.metadata).sort()).toEqual(['byline', 'license', 'outlet']);
  });

  it('refuses a blank title, a date that is not ISO 8601 and a link that is not http(s)', () => {
    const state = annotated();
    const up = (patch: Extract<Operation, { op: 'updateArticle' }>['patch']) => () => applyOperation(state, { op: 'updateArticle', articleId: 'a-1', patch }, ctx);
    expect(up({ title: '   ' })).toThrow(/needs a title/);
    expect(up({ title: 'x'.repeat(501) })).toThrow(/at most 500/);
    expect(up({ metadata: { published: '11/11/2022' } })).toThrow(/not a date like 2022-11-11/);
    expect(up({ metadata: { url: 'javascript:alert(1)' } })).toThrow(/not a web address/);
    expect(up({ metadata: { published: '2022-11-11T09:30:00Z', url: 'http://a.example' } })).not.toThrow();
    expect(() => applyOperation(state, { op: 'updateArticle', articleId: 'a-9', patch: { title: 'T' } }, ctx)).toThrow(/a-9/);
  });

  it('crosses the process boundary: the schema takes the editable fields only', () => {
    const ok = { op: 'updateArticle', articleId: 'a-1', patch: { title: 'T', metadata: { outlet: null, url: 'https://x.org' } } };
    expect(OperationSchema.parse(ok)).toEqual(ok);
    expect(OperationSchema.safeParse({ ...ok, patch: { metadata: { license: 'MIT' } } }).success).toBe(false);
    expect(OperationSchema.safeParse({ ...ok, patch: { text: 'new text' } }).success).toBe(false);
    expect(OperationSchema.safeParse({ ...ok, patch: { title: '' } }).success).toBe(false);
  });
});
