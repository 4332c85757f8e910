import { describe, expect, it } from 'vitest';
import { countsOf, summarize, type ArticleDoc } from '../../../annotations/index.js';

const span = (id: string, label: string, annotator: string, layer?: string) => ({
  id, label, fragments: [{ start: 0, end: 1, text: 'a', prefix: '', suffix: '' }], attributes: {}, annotator,
  origin: 'manual' as const, createdAt: 't', updatedAt: 't', ...(layer ? { layer } : {}),
});
const doc = {
  type: 'sourcemark-article', version: 3,
  article: { id: 'a', title: 'A', text: 'a', paragraphs: [], metadata: {}, provenance: { origin: 'x', importedAt: 't' }, status: 'todo' },
  spans: [span('T1', 'Quote', 'ann'), span('T2', 'Speaker', 'ann'), span('T3', 'Quote', 'bob'), span('T4', 'Quote', 'ann', 'curated')],
  links: [{ id: 'R1', type: 'said-by', from: 'T1', to: 'T2', annotator: 'ann' }],
  events: [],
} as unknown as ArticleDoc;

describe('article summaries per layer', () => {
  it('counts each layer\'s spans per label and its links, and the whole article as before', () => {
    const s = summarize(doc, 't');
    expect(s.counts).toEqual({ Quote: 3, Speaker: 1 });
    expect(s.layerCounts).toEqual({ ann: { spans: { Quote: 1, Speaker: 1 }, links: 1 }, bob: { spans: { Quote: 1 }, links: 0 }, curated: { spans: { Quote: 1 }, links: 0 } });
    expect(countsOf(s)).toEqual({ counts: s.counts, links: 1 });
    expect(countsOf(s, ['bob'])).toEqual({ counts: { Quote: 1 }, links: 0 });
    expect(countsOf(s, ['ann', 'curated'])).toEqual({ counts: { Quote: 2, Speaker: 1 }, links: 1 });
    expect(countsOf(s, ['nobody'])).toEqual({ counts: {}, links: 0 });
    // A summary of before layers has no per-layer counts: every layer is counted.
    const { layerCounts: _, ...old } = s;
    expect(countsOf(old, ['bob'])).toEqual({ counts: s.counts, links: 1 });
  });
});

describe('the word count of a summary', () => {
  it('counts what splitting at every kind of whitespace counts, for every whitespace character and random texts', async () => {
    const { seededRandom, wordCount } = await import('../../../annotations/index.js');
    const spaces = [...'\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'];
    const others = [...'ab.,\u200b\u200c\u180e\u0085é😀'];
    // Every character `\s` matches (and some that look like spaces but are not) counts the same.
    for (let c = 0; c < 0x10000; c++) {
      const t = `a${String.fromCharCode(c)}b`;
      expect(wordCount(t), `U+${c.toString(16)}`).toBe(t.split(/\s+/).filter(Boolean).length);
    }
    const r = seededRandom(7);
    for (let n = 0; n < 2000; n++) {
      const t = Array.from({ length: Math.floor(r() * 40) }, () => {
        const from = r() < 0.4 ? spaces : others;
        return from[Math.floor(r() * from.length)]!;
      }).join('');
      expect(wordCount(t), JSON.stringify(t)).toBe(t.split(/\s+/).filter(Boolean).length);
    }
  });
});

describe('the list order made with keys once', () => {
  it('is the order sorting with listOrder gives, for every sort, both ways, ties included', async () => {
    const { inListOrder, listOrder, seededRandom } = await import('../../../annotations/index.js');
    const r = seededRandom(3);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const rows = Array.from({ length: 300 }, (_, i) => ({
      ...summarize(doc, pick(['2026-01-01', '2026-01-02', '2026-01-03'])),
      id: `a-${Math.floor(r() * 1e6)}-${i}`, title: pick(['Alpha', 'alpha', 'Beta', 'béta', 'Gamma', '']),
      status: pick(['todo', 'in-progress', 'done'] as const), ...(r() < 0.5 ? { published: pick(['2025', '2024']) } : {}),
    }));
    for (const sort of [undefined, 'title', 'updated', 'published', 'status'] as const) {
      for (const descending of [false, true]) {
        const q = { sort, descending };
        expect(inListOrder(rows, q).map((e) => e.id), `${sort} ${descending}`).toEqual([...rows].sort(listOrder(q)).map((e) => e.id));
      }
    }
  });
});
