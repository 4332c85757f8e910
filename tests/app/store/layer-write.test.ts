/**
 * What a save of an article of many layers writes, made cheaply (issue 19: twenty annotators on
 * one article): only the layers an edit touched are serialised again, `updatedAt` is added to a
 * text without parsing it, the layers are split in one pass, and the index's signature of the
 * layer files is brought up to date by looking only at the files written. Each cheap way must
 * give exactly what the plain way gives.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layerView, layersOf, splitLayers, type ArticleDoc } from '../../../annotations/index.js';
import { stableStringify, stableStringifyItems } from '../../../app/store/json.js';
import { emptyDiskState, planWrite, withUpdatedAt } from '../../../app/store/layer-files.js';
import { repoRoot } from '../../helpers/gold.js';
import { articleDoc, cleanTemp, newProject, readIndex, span } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';

/** An article with a span of each of `n` annotators, and a link in the first one's layer. */
function manyLayers(n: number): ArticleDoc {
  const doc = articleDoc('a-1', TEXT);
  const spans = Array.from({ length: n }, (_, i) => span(doc, `s-${i}`, i % 2 ? 'Quote' : 'Speaker', i, i + 5, { annotator: `ann${i}` }));
  return { ...doc, spans, links: [{ id: 'l-0', type: 'said-by', from: 's-1', to: 's-0', annotator: 'ann0' }] };
}

describe('a save of an article of many layers', () => {
  it('splits the layers in one pass exactly as one view per layer would', () => {
    const doc = manyLayers(7);
    const parts = splitLayers(doc);
    expect([...parts.keys()]).toEqual(layersOf(doc));
    for (const [layer, part] of parts) expect(part).toEqual(layerView(doc, layer));
  });

  it('serialises a layer with the texts of its items reused exactly as the plain way does', () => {
    const cache = new WeakMap<object, string>();
    const layers = path.join(repoRoot, 'sample', 'layers');
    let files = 0;
    for (const d of readdirSync(layers)) {
      for (const f of readdirSync(path.join(layers, d))) {
        const text = readFileSync(path.join(layers, d, f), 'utf8');
        const data = JSON.parse(text) as Record<string, unknown>;
        expect(stableStringify(data)).toBe(text);
        expect(stableStringifyItems(data, cache)).toBe(text);
        expect(stableStringifyItems(data, cache)).toBe(text); // from the cache
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(2);
    // Odd values: empty arrays, nested arrays and objects, null and primitives in arrays, keys out of order, undefined fields.
    const odd = { zeta: [], id: 'x', type: 't', list: [{ b: [1, [2, { z: 1, a: 'é\n"' }]], a: undefined, c: null }, null, 3, 'four', [5]], obj: { y: { b: 1, a: [] }, x: 'ü' }, gone: undefined, n: 0 };
    expect(stableStringifyItems(odd, cache)).toBe(stableStringify(odd));
    expect(stableStringifyItems({}, cache)).toBe(stableStringify({}));
    // A changed item is a new object: its own text, never the old one's.
    const item = { id: 's-1', label: 'Quote' };
    expect(stableStringifyItems({ spans: [item] }, cache)).toBe(stableStringify({ spans: [item] }));
    const changed = { ...item, label: 'Cue' };
    expect(stableStringifyItems({ spans: [changed] }, cache)).toBe(stableStringify({ spans: [changed] }));
  });

  it('adds updatedAt as the file would be written with it', () => {
    const plan = planWrite(manyLayers(3), emptyDiskState(), undefined, '2026-12-02T10:00:00.000Z');
    for (const text of [...plan.write.values(), plan.article!]) {
      const at = '2026-12-02T10:00:01.000Z';
      expect(withUpdatedAt(text, at)).toBe(stableStringify({ ...(JSON.parse(text) as object), updatedAt: at }));
    }
  });

  it('serialises again only the layers an edit touched, with the texts the plain way gives', () => {
    const now = '2026-12-02T10:00:00.000Z';
    const doc = manyLayers(5);
    const first = planWrite(doc, emptyDiskState(), undefined, now);
    expect(first.write.size).toBe(5);
    // ann2 relabels their span: a new span object, every other item the same object.
    const edited: ArticleDoc = { ...doc, spans: doc.spans.map((s) => (s.annotator === 'ann2' ? { ...s, label: 'Cue' } : s)) };
    const second = planWrite(edited, first.after, 'ann2', now);
    expect([...second.write.keys()]).toEqual(['ann2']);
    expect(second.article).toBeUndefined();
    // The same plan as from a state that knows no items (every layer serialised again).
    const plain = planWrite(edited, { ...first.after, items: new Map() }, 'ann2', now);
    expect(second.write).toEqual(plain.write);
    expect(second.after.layers).toEqual(plain.after.layers);
    expect(second.after.layers.get('ann2')).toContain('"Cue"');
    // A status change of ann4 is written to ann4's layer, though its items are the same objects.
    const status = planWrite({ ...edited, article: { ...edited.article, status: 'done' } }, second.after, 'ann4', now);
    expect([...status.write.keys()]).toEqual(['ann4']);
    expect(status.write.get('ann4')).toContain('"status": "done"');
  });

  it('keeps the index signature of the layer files as the files are, looking only at those written', async () => {
    const { dir, store } = await newProject();
    const doc = articleDoc('a-1', TEXT);
    await store.addArticle(doc);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        const author = { annotator: `ann${i}` };
        await store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, `s-${round}-${i}`, 'Quote', i, i + 6, author) }, 'a-1', author);
      }
    }
    await store.close();
    const layersDir = path.join(dir, 'layers');
    const expected = readdirSync(layersDir).sort().map((d) => {
      const st = statSync(path.join(layersDir, d, 'a-1.json'));
      return `${d}:${st.mtimeMs}:${st.size}`;
    }).join(' ');
    const index = { entries: readIndex(dir)! };
    expect(index.entries['a-1']!.parts).toBe(expected);
    expect(expected.split(' ')).toHaveLength(4);
  });

  it('keeps no file state of the articles a rebuild of the index read (memory stays flat with the project size)', async () => {
    const { generateProject } = await import('../../bench/generate.js');
    const { ProjectStore } = await import('../../../app/store/project-store.js');
    const dir = path.join(path.dirname((await newProject()).dir), 'generated');
    await generateProject(dir, 40, 30);
    const store = await ProjectStore.open(dir); // no index yet: every article is read for its summary
    // The store's private map of what is on disk per article (the only way to see it).
    const disk = (store as unknown as { articles: { disk: Map<string, unknown> } }).articles.disk;
    try {
      expect(store.listArticles({}).items).toHaveLength(40);
      expect(disk.size).toBe(0);
      for (const row of store.listArticles({}).items) await store.getArticle(row.id);
      expect(disk.size).toBeLessThanOrEqual(16); // the cache of open articles
    } finally {
      await store.close();
    }
  });
});
