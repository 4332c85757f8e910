/**
 * The `dataset` export: a folder ready to share, with train / validation / test JSONL split by
 * article (each article's split follows from a hash of the seed and its id, so the same seed
 * always gives the same split, without reading the corpus twice) and a README.md dataset card in
 * the Hugging Face convention: YAML front matter (features, splits, licence) and tables of label
 * counts, quote types, sources and annotators.
 */
import { toDatasetLine } from './dataset-jsonl.js';
import type { ExportContext, Exporter } from './export-core.js';

export type SplitOptions = { seed: number; ratios: [number, number, number] };
export const SPLITS = ['train', 'validation', 'test'] as const;

/** A number in [0, 1) from a seed and a string (FNV-1a, then a xorshift finaliser). */
export function unitHash(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  return (h >>> 0) / 2 ** 32;
}

export function splitOf(id: string, opts: SplitOptions): (typeof SPLITS)[number] {
  const [a, b, c] = opts.ratios;
  const total = a + b + c;
  const x = unitHash(opts.seed, id) * total;
  return x < a ? 'train' : x < a + b ? 'validation' : 'test';
}

export function datasetExporter(opts: SplitOptions): Exporter {
  const counts = { splits: { train: 0, validation: 0, test: 0 } as Record<string, number>, labels: {} as Record<string, number>, quoteTypes: {} as Record<string, number>, sources: {} as Record<string, number>, annotators: {} as Record<string, number>, languages: new Set<string>(), links: {} as Record<string, number> };
  const inc = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  return {
    name: 'dataset', description: 'a folder to share: train/validation/test JSONL and a README dataset card', kind: 'folder', defaultUnit: 'codepoint', extension: '',
    files: (doc, ctx) => {
      const split = splitOf(doc.article.id, opts);
      inc(counts.splits, split);
      for (const s of doc.spans) {
        inc(counts.labels, s.label);
        if (s.label === 'Quote') inc(counts.quoteTypes, s.attributes.QuoteType ?? '(not set)');
        if (s.sourceId) inc(counts.sources, ctx.sources[s.sourceId]?.name ?? s.sourceId);
        inc(counts.annotators, s.annotator || '(unknown)');
      }
      for (const l of doc.links) inc(counts.links, l.type);
      if (doc.article.metadata.language) counts.languages.add(doc.article.metadata.language.slice(0, 2).toLowerCase());
      return [{ name: `${split}.jsonl`, content: JSON.stringify(toDatasetLine(doc, ctx.sources, ctx.unit)) + '\n', append: true }];
    },
    extra: (ctx) => [...SPLITS.filter((s) => counts.splits[s] === 0).map((s) => ({ name: `${s}.jsonl`, content: '' })), { name: 'README.md', content: card(ctx, counts, opts) }],
  };
}

function table(title: string, header: [string, string], m: Record<string, number>): string {
  const rows = Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!rows.length) return `## ${title}\n\nNone.\n`;
  return `## ${title}\n\n| ${header[0]} | ${header[1]} |\n|---|---:|\n${rows.map(([k, v]) => `| ${k.replace(/\|/g, '\\|')} | ${v} |`).join('\n')}\n`;
}

const yamlStr = (s: string) => JSON.stringify(s);

function card(ctx: ExportContext, c: { splits: Record<string, number>; labels: Record<string, number>; quoteTypes: Record<string, number>; sources: Record<string, number>; annotators: Record<string, number>; languages: Set<string>; links: Record<string, number> }, opts: SplitOptions): string {
  const license = ctx.settings.license ?? 'other';
  const hfLicense = /^cc[ -]by[ -]4\.0$/i.test(license) ? 'cc-by-4.0' : /^cc[ -]by[ -]2\.5/i.test(license) ? 'cc-by-2.5' : /^mit$/i.test(license) ? 'mit' : 'other';
  const langs = [...c.languages].sort();
  const front = [
    '---',
    `pretty_name: ${yamlStr(ctx.projectName)}`,
    `license: ${hfLicense}`,
    ...(hfLicense === 'other' ? [`license_name: ${yamlStr(license)}`] : []),
    ...(langs.length ? ['language:', ...langs.map((l) => `- ${l}`)] : []),
    'task_categories:', '- token-classification', '- text-classification',
    'tags:', '- source-attribution', '- quotation-extraction', '- fact-checking',
    'configs:', '- config_name: default', '  data_files:', ...SPLITS.flatMap((s) => [`  - split: ${s}`, `    path: ${s}.jsonl`]),
    'dataset_info:', '  features:',
    '  - name: id', '    dtype: string', '  - name: title', '    dtype: string', '  - name: text', '    dtype: string',
    '  - name: offsets', '    dtype: string', '  - name: status', '    dtype: string',
    '  - name: spans', '    list:', '    - name: id', '      dtype: string', '    - name: label', '      dtype: string',
    '    - name: fragments', '      list:', '      - name: start', '        dtype: int64', '      - name: end', '        dtype: int64', '      - name: text', '        dtype: string',
    '    - name: sourceId', '      dtype: string',
    '  - name: links', '    list:', '    - name: id', '      dtype: string', '    - name: type', '      dtype: string', '    - name: from', '      dtype: string', '    - name: to', '      dtype: string',
    '  - name: sources', '    list:', '    - name: id', '      dtype: string', '    - name: name', '      dtype: string', '    - name: kind', '      dtype: string',
    '  splits:', ...SPLITS.flatMap((s) => [`  - name: ${s}`, `    num_examples: ${c.splits[s] ?? 0}`]),
    '---', '',
  ];
  const body = [
    `# ${ctx.projectName}`, '',
    'Source attribution annotations made with Sourcemark: who is quoted (Speaker), what they said (Quote, with its type), the reporting word (Cue) and checkable claims (Claim), linked together (`said-by`, `cue-of`, `claimed-by`), with speaker mentions tied to sources across articles.', '',
    `Each line of \`train.jsonl\`, \`validation.jsonl\` and \`test.jsonl\` is one article (\`type: ${'"sourcemark-dataset-article"'}\`). Offsets are ${ctx.unit === 'codepoint' ? 'Unicode code points (Python string indices)' : 'UTF-16 code units (JavaScript string indices)'}, end exclusive; each fragment repeats its text. The split is by article, from seed ${opts.seed} with ratios ${opts.ratios.join(' / ')}.`, '',
    `Licence: ${license}.`, '',
    table('Splits', ['split', 'articles'], c.splits),
    table('Labels', ['label', 'spans'], c.labels),
    table('Quote types', ['QuoteType', 'quotes'], c.quoteTypes),
    table('Links', ['type', 'links'], c.links),
    table('Sources', ['source', 'mentions'], c.sources),
    table('Annotators', ['annotator', 'spans'], c.annotators),
  ];
  return front.join('\n') + body.join('\n');
}
