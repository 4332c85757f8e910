/**
 * `agreement` and `curate --accept-agreed` in-process over a project made with the store's
 * public methods (articles with two annotators' layers), and the Api's `acceptAgreed` undone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApi } from '../../../app/api/handlers.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { CURATED_LAYER, layerOf } from '../../../annotations/model/layers.js';
import type { ArticleDoc, Link, Span } from '../../../annotations/index.js';
import { articleDoc, cleanTemp, span, tempDir } from '../../helpers/project.js';
import { cli } from '../../helpers/cli.js';

afterEach(cleanTemp);

const TEXT = 'Alice Smith said the budget was late. Bob Jones denied it firmly. The minister spoke later.';
function at(doc: ArticleDoc, id: string, label: string, needle: string, annotator: string, extra: Partial<Span> = {}): Span {
  const i = TEXT.indexOf(needle);
  return span(doc, id, label, i, i + needle.length, { annotator, ...extra });
}

/** Two articles: alice and bob agree on the speaker and the link, differ on the quote's boundaries. */
async function project(): Promise<string> {
  const dir = path.join(tempDir(), 'p');
  const store = await ProjectStore.create(dir, { name: 'Agreement' });
  for (const id of ['a-1', 'a-2']) {
    const base = articleDoc(id, TEXT);
    const spans = [
      at(base, `${id}-a1`, 'Speaker', 'Alice Smith', 'alice'), at(base, `${id}-a2`, 'Quote', 'the budget was late', 'alice'),
      at(base, `${id}-b1`, 'Speaker', 'Alice Smith', 'bob'), at(base, `${id}-b2`, 'Quote', 'the budget was late', 'bob'),
      at(base, `${id}-b3`, 'Quote', 'denied it firmly', 'bob'),
    ];
    const links: Link[] = [
      { id: `${id}-la`, type: 'said-by', from: `${id}-a2`, to: `${id}-a1`, annotator: 'alice' },
      { id: `${id}-lb`, type: 'said-by', from: `${id}-b2`, to: `${id}-b1`, annotator: 'bob' },
    ];
    await store.addArticle({ ...base, spans, links });
  }
  await store.close();
  return dir;
}

describe('agreement on the command line', () => {
  it('prints the pairs as JSON in the documented shape, and as a table', async () => {
    const dir = await project();
    const r = await cli('agreement', dir, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { pairs: { annotators: string[]; label: string; exactF1: number; overlapF1: number; kappa: number; articles: number }[]; alphaU: Record<string, number> };
    const speaker = json.pairs.find((p) => p.label === 'Speaker')!;
    expect(speaker).toMatchObject({ annotators: ['alice', 'bob'], exactF1: 1, overlapF1: 1, kappa: 1, articles: 2 });
    const quote = json.pairs.find((p) => p.label === 'Quote')!;
    // alice 2 quotes, bob 4: P = 1, R = 1/2.
    expect(quote.exactF1).toBeCloseTo(2 / 3, 10);
    expect(json.alphaU.Speaker).toBe(1);
    expect(json.alphaU.Quote).toBeLessThan(1);
    const text = await cli('agreement', dir, '--label', 'Quote');
    expect(text.out).toMatch(/alice vs bob +Quote +0\.67 +0\.67/);
    expect(text.out).not.toMatch(/Speaker +1\.00/);
    expect(text.out).toContain('Links said-by, alice vs bob: 2 agree of 2/2');
  });

  it('curate --accept-agreed copies the agreed spans and links once, leaving the annotators alone', async () => {
    const dir = await project();
    const r = await cli('curate', dir, '--accept-agreed', '--curator', 'dana');
    expect(r).toMatchObject({ code: 0, out: 'Accepted 4 spans and 2 links agreed by all annotators into the curated layer of 2 articles (as dana; each article\'s change undoes in the app).' });
    expect((await cli('curate', dir, '--accept-agreed')).out).toMatch(/^Nothing to accept/);
    const store = await ProjectStore.open(dir, { readOnly: true });
    const doc = await store.getArticle('a-1');
    await store.close();
    const curated = doc.spans.filter((s) => layerOf(s) === CURATED_LAYER);
    expect(curated.map((s) => [s.label, s.annotator])).toEqual([['Speaker', 'dana'], ['Quote', 'dana']]);
    expect(doc.links.filter((l) => layerOf(l) === CURATED_LAYER)).toHaveLength(1);
    expect(doc.spans.filter((s) => s.annotator === 'bob')).toHaveLength(3);
  });

  it('refuses bad arguments with the usage (status 2) and a missing project with status 1', async () => {
    const dir = await project();
    expect((await cli('curate', dir)).code).toBe(2);
    expect((await cli('curate', dir, '--accept-agreed', '--min', 'two')).err).toMatch(/--min takes a whole number/);
    expect((await cli('agreement')).code).toBe(2);
    expect((await cli('agreement', dir, '--article', 'nope')).err).toBe('sourcemark: Article nope does not exist.');
    const empty = tempDir();
    expect((await cli('agreement', empty)).code).toBe(1);
  });

  it('acceptAgreed through the Api goes through apply per article, and undo takes it back', async () => {
    const dir = await project();
    const store = await ProjectStore.open(dir);
    try {
      const api = createApi(store, 'browser');
      const before = await store.getArticle('a-1');
      const r = await api.acceptAgreed({ annotator: 'dana', articles: ['a-1'] });
      expect(r).toMatchObject({ articles: 1, spans: 2, links: 1, changed: ['a-1'] });
      expect((await store.getArticle('a-1')).spans.filter((s) => s.layer === CURATED_LAYER)).toHaveLength(2);
      await api.undo({ scope: 'a-1', annotator: 'dana' });
      expect((await store.getArticle('a-1')).spans).toEqual(before.spans);
      const detail = await api.agreementDetail({ annotators: ['alice', 'bob'], article: 'a-1' });
      expect(detail.spans!.map((s) => s.status)).toEqual(['exact', 'exact', 'onlyB']);
      expect((await api.agreementDetail({ annotators: ['alice', 'bob'] })).articles).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
