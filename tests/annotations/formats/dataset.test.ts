import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { DATASET_FEATURES, SPLITS, datasetExporter, defaultSchema, featuresYaml, splitOf, toDatasetRow, type DatasetRow, type ExportContext, type SplitOptions } from '../../../annotations/index.js';
import { SOURCES, fixtureDocs, fixtureSplit } from '../../interop/fixture.js';
import { exportContext as smallContext, smallDoc } from './small-doc.js';

/** A feature as the card's YAML declares it (Hugging Face's `_from_yaml_list` shapes). */
type CardFeature = { dtype: string } | { list: CardFeature } | { struct: { [name: string]: CardFeature } };
type YamlFeature = { name: string; dtype?: string; list?: YamlFeature[] | string; struct?: YamlFeature[] };

/** Reads the card's `features` list into a tree: struct → {name: feature}, list → {list: feature}. */
function fromYaml(items: YamlFeature[]): { [name: string]: CardFeature } {
  return Object.fromEntries(items.map((f) => {
    const keys = Object.keys(f).filter((k) => k !== 'name');
    expect(keys, f.name).toHaveLength(1);
    if (f.dtype) return [f.name, { dtype: f.dtype }];
    if (typeof f.list === 'string') return [f.name, { list: { dtype: f.list } }];
    if (f.list) return [f.name, { list: { struct: fromYaml(f.list) } }];
    return [f.name, { struct: fromYaml(f.struct!) }];
  }));
}

/** Says where a value does not have exactly the declared keys and types. */
function conform(value: unknown, f: CardFeature, where: string): string[] {
  if ('dtype' in f && typeof f.dtype === 'string') {
    const ok = f.dtype === 'string' ? typeof value === 'string' : f.dtype === 'int64' ? Number.isSafeInteger(value) : f.dtype === 'bool' ? typeof value === 'boolean' : false;
    return ok ? [] : [`${where}: ${JSON.stringify(value)} is not ${f.dtype}`];
  }
  if ('list' in f) return Array.isArray(value) ? value.flatMap((v, i) => conform(v, f.list, `${where}[${i}]`)) : [`${where} is not a list`];
  const fields = (f as { struct: { [name: string]: CardFeature } }).struct;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} is not a struct`];
  const have = Object.keys(value).sort();
  const want = Object.keys(fields).sort();
  if (have.join() !== want.join()) return [`${where} has keys ${have.join(', ')}; the card declares ${want.join(', ')}`];
  return want.flatMap((k) => conform((value as Record<string, unknown>)[k], fields[k]!, `${where}.${k}`));
}

function exportDataset(split: SplitOptions, ctxPatch: Partial<ExportContext> = {}) {
  const warnings: string[] = [];
  const ctx: ExportContext = {
    schema: defaultSchema(), sources: Object.fromEntries(SOURCES.map((s) => [s.id, s])), settings: { snapToWords: true }, projectName: 'Interop', unit: 'codepoint',
    warn: (m) => warnings.push(m), ...ctxPatch,
  };
  const exporter = datasetExporter(split);
  const files: Record<string, string> = {};
  for (const d of fixtureDocs()) for (const f of exporter.files!(d, ctx)) files[f.name] = (files[f.name] ?? '') + f.content;
  for (const f of exporter.extra!(ctx)) files[f.name] = f.content;
  return files;
}

describe('dataset: the rows are exactly the card’s features', () => {
  it('every row of every split has the keys and types the README card declares, no more, no fewer', () => {
    for (const unit of ['codepoint', 'utf16'] as const) {
      const split = fixtureSplit(); // every split gets rows
      const files = exportDataset(split, { unit });
      const front = yaml.load(files['README.md']!.split('---\n')[1]!) as { dataset_info: { features: YamlFeature[]; splits: { name: string; num_examples: number }[] } };
      const declared: CardFeature = { struct: fromYaml(front.dataset_info.features) };
      let rows = 0;
      for (const s of SPLITS) {
        const lines = (files[`${s}.jsonl`] ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; offsets: string });
        expect(front.dataset_info.splits.find((x) => x.name === s)!.num_examples).toBe(lines.length);
        for (const row of lines) {
          expect(conform(row, declared, `${s}.jsonl ${row.id}`)).toEqual([]);
          expect(splitOf(row.id, split)).toBe(s);
          expect(row.offsets).toBe(unit);
        }
        rows += lines.length;
      }
      expect(rows).toBe(fixtureDocs().length);
    }
  });

  it('the card’s features are written from the one declaration the rows are typed by', () => {
    const files = exportDataset({ seed: 1, ratios: [1, 0, 0] });
    const front = files['README.md']!.split('---\n')[1]!;
    expect(front).toContain(['  features:', ...featuresYaml(DATASET_FEATURES, 2), '  splits:'].join('\n'));
    expect((yaml.load(front) as { dataset_info: { features: YamlFeature[] } }).dataset_info.features.map((f) => f.name)).toEqual(Object.keys(DATASET_FEATURES));
  });

  it('carries spans with attributes, links, attributions and sources, offsets in the unit said, each fragment the text at its offsets', () => {
    const files = exportDataset({ seed: 1, ratios: [1, 0, 0] });
    const rows = files['train.jsonl']!.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DatasetRow);
    const emoji = rows.find((r) => r.id === 'a-emoji')!;
    const cps = [...emoji.text];
    for (const s of emoji.spans) for (const f of s.fragments) expect(cps.slice(f.start, f.end).join('')).toBe(f.text);
    expect(emoji.spans.find((s) => s.id === 'q2')!.fragments).toHaveLength(2);
    expect(emoji.spans.find((s) => s.id === 'q1')!.attributes).toEqual([{ name: 'QuoteType', value: 'Direct' }]);
    expect(emoji.spans.find((s) => s.id === 's1')).toMatchObject({ source_id: 'src-alvarez' });
    expect(emoji.attributions.find((a) => a.id === 'ev1')).toMatchObject({ type: 'Attribution', source: 's1', cue: 'cue1', content: 'q1', source_id: 'src-alvarez' });
    expect(emoji.sources).toEqual([{ id: 'src-alvarez', name: 'José Álvarez', kind: 'person', external_id: 'Q000001' }]);
    expect(emoji).toMatchObject({ url: 'https://news.example/2026/minister', language: 'en', published: '2026-03-01', outlet: 'News Example' });
    expect(rows.find((r) => r.id === 'a-plain')).toMatchObject({ url: '', language: '', spans: [], links: [], attributions: [], sources: [] });
  });
});

describe('dataset exporter: a small article', () => {
  it('appends the article’s row to its split’s file, writes the empty splits and a card that counts it', () => {
    const warnings: string[] = [];
    const ctx = smallContext(warnings);
    const exporter = datasetExporter({ seed: 1, ratios: [1, 0, 0] });
    const doc = smallDoc({ discontinuous: true });
    expect(exporter.files!(doc, ctx)).toEqual([{ name: 'train.jsonl', content: JSON.stringify(toDatasetRow(doc, ctx.sources, 'codepoint')) + '\n', append: true }]);
    const row = toDatasetRow(doc, ctx.sources, 'codepoint');
    expect(row.spans.find((s) => s.id === 's-5')).toEqual({ id: 's-5', label: 'Speaker', fragments: [{ start: 25, end: 27, text: 'Bo' }, { start: 36, end: 41, text: 'again' }], attributes: [], source_id: '', note: '', annotator: 'ann' });
    expect(row.sources).toEqual([{ id: 'src-1', name: 'Ana Ruiz', kind: 'person', external_id: 'wikidata:Q1' }]);
    expect(row.attributions.map((a) => [a.id, a.source, a.cue, a.content])).toEqual([['s-3', 's-1', 's-2', 's-3'], ['s-4', 's-1', '', 's-4']]);
    const extra = exporter.extra!(ctx);
    expect(extra.map((f) => f.name)).toEqual(['validation.jsonl', 'test.jsonl', 'README.md']);
    expect(extra.slice(0, 2).map((f) => f.content)).toEqual(['', '']);
    const card = extra[2]!.content;
    expect(card).toContain('  splits:\n  - name: train\n    num_examples: 1\n---\n');
    expect(card).toContain('## Labels\n\n| label | spans |\n|---|---:|\n| Speaker | 2 |\n| Claim | 1 |\n| Cue | 1 |\n| Quote | 1 |\n');
    expect(card).toContain('## Sources\n\n| source | mentions |\n|---|---:|\n| Ana Ruiz | 1 |\n');
    expect(card).toContain('language:\n- en\n');
    expect(warnings).toEqual([]);
  });
});
