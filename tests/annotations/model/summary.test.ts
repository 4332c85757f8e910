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
