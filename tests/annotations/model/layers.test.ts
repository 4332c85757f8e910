import { describe, expect, it } from 'vitest';
import { CURATED_LAYER, annotatorNameProblem, filterLayers, layerOf, layersOf, layerView, splitLayers, type ArticleDoc } from '../../../annotations/index.js';

const span = (id: string, annotator: string, layer?: string) => ({
  id, label: 'Quote', fragments: [{ start: 0, end: 1, text: 'a', prefix: '', suffix: '' }], attributes: {}, annotator,
  origin: 'manual' as const, createdAt: 't', updatedAt: 't', ...(layer ? { layer } : {}),
});
const doc = {
  type: 'sourcemark-article', version: 2,
  article: { id: 'a', title: 'A', text: 'a', paragraphs: [], metadata: {}, provenance: { origin: 'x', importedAt: 't' }, status: 'todo' },
  spans: [span('T1', 'ann'), span('T2', 'bob'), span('T3', 'ann', CURATED_LAYER)],
  links: [{ id: 'R1', type: 'said-by', from: 'T2', to: 'T2' }, { id: 'R2', type: 'said-by', from: 'T1', to: 'T1', annotator: 'ann' }],
  events: [],
} as unknown as ArticleDoc;

describe('layers', () => {
  it('an item is in its layer, else its annotator\'s', () => {
    expect(layerOf({ annotator: 'ann' })).toBe('ann');
    expect(layerOf({ annotator: 'ann', layer: CURATED_LAYER })).toBe(CURATED_LAYER);
    expect(layerOf({})).toBe('unknown');
  });
  it('lists the layers with the curated one last, and a link without an annotator follows its span', () => {
    expect(layersOf(doc)).toEqual(['ann', 'bob', CURATED_LAYER]);
    expect(layerView(doc, 'bob').links.map((l) => l.id)).toEqual(['R1']);
    expect(layerView(doc, 'ann').spans.map((s) => s.id)).toEqual(['T1']);
    expect(filterLayers(doc, (l) => l !== CURATED_LAYER).spans.map((s) => s.id)).toEqual(['T1', 'T2']);
    const split = splitLayers(doc);
    expect([...split.keys()]).toEqual(['ann', 'bob', CURATED_LAYER]);
    expect([...split.values()].reduce((n, d) => n + d.spans.length + d.links.length, 0)).toBe(doc.spans.length + doc.links.length);
  });
  it('reserves the names of special layers', () => {
    expect(annotatorNameProblem('curated')).toMatch(/layer of its own/);
    expect(annotatorNameProblem('all')).toMatch(/layer of its own/);
    expect(annotatorNameProblem(' ')).toMatch(/empty/);
    expect(annotatorNameProblem('ann')).toBeUndefined();
  });
});
