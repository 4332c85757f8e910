/**
 * The `dataset` export: a folder ready to share, with train / validation / test JSONL split by
 * article (each article's split follows from a hash of the seed and its id, so the same seed
 * always gives the same split, without reading the corpus twice) and a README.md dataset card in
 * the Hugging Face convention: YAML front matter (features, splits, licence) and tables of label
 * counts, quote types, sources and annotators.
 *
 * The rows are their own projection of an article, {@link toDatasetRow}, not the lossless JSONL
 * line: their shape is declared once, in {@link DATASET_FEATURES}, the row type is derived from
 * it, and the card's `features` are written from it, so `datasets.load_dataset(folder)` finds
 * exactly the columns the card declares, in every split. Every value is present (an empty string
 * where an article or span has none), so no column is ever null.
 */
import { attributionsOf } from '../model/attribution.js';
import type { ExportContext, Exporter } from './core.js';
import type { ArticleDoc, Source } from '../model/types.js';
import { OffsetConverter, textOffset, type OffsetUnit } from '../model/offsets.js';

/** A Hugging Face feature: a value's dtype, a list of one feature (`[f]`), or a struct of named features. */
export type Feature = 'string' | 'int64' | 'bool' | readonly [Feature] | { readonly [name: string]: Feature };

/** The JavaScript value a row holds for a feature. */
export type FeatureValue<F> = F extends 'string' ? string : F extends 'int64' ? number : F extends 'bool' ? boolean
  : F extends readonly [infer E] ? FeatureValue<E>[] : { -readonly [K in keyof F]: FeatureValue<F[K]> };

const str = 'string';
const int = 'int64';

/**
 * The columns of every row of `train.jsonl`, `validation.jsonl` and `test.jsonl`, and so of the
 * card's `dataset_info.features`. Offsets count in the unit of `offsets`, end exclusive; span,
 * link and attribution fields that refer to spans hold span ids of the same article.
 */
export const DATASET_FEATURES = {
  id: str, title: str, text: str, url: str, outlet: str, published: str, language: str, status: str, offsets: str,
  spans: [{
    id: str, label: str,
    fragments: [{ start: int, end: int, text: str }],
    attributes: [{ name: str, value: str }],
    source_id: str, note: str, annotator: str,
  }],
  links: [{ id: str, type: str, from: str, to: str }],
  attributions: [{ id: str, type: str, trigger: str, source: str, cue: str, content: str, source_id: str, args: [{ role: str, span: str }] }],
  sources: [{ id: str, name: str, kind: str, external_id: str }],
} as const satisfies Feature;

/** One row of the dataset: one article. */
export type DatasetRow = FeatureValue<typeof DATASET_FEATURES>;

/** What each column holds, for the card (keys can only be columns). */
const COLUMN_NOTES: Record<keyof typeof DATASET_FEATURES, string> = {
  id: 'the article\'s id in the project', title: 'its title', text: 'its text, which every offset counts into',
  url: 'where it was published (empty when unknown)', outlet: 'the publication (empty when unknown)', published: 'publication date, ISO 8601 (empty when unknown)',
  language: 'BCP 47 language tag (empty when unknown)', status: 'annotation status: todo, in-progress or done', offsets: '`codepoint` or `utf16`: the unit of every offset in the row',
  spans: 'annotations: `label`, `fragments` (`start`, `end`, `text`; several for a discontinuous span), `attributes` (`name`, `value`), `source_id` (a speaker mention\'s source), `note`, `annotator`',
  links: 'typed links between spans (`from` and `to` are span ids), e.g. `said-by` from a quote to its speaker',
  attributions: 'one record per attribution (an event, or a quote or claim with its links): the `source`, `cue` and `content` span ids (empty when missing), the `trigger` span, the source registry\'s `source_id`, and every argument by `role`',
  sources: 'the sources the speaker mentions refer to: `id`, `name`, `kind`, `external_id` (e.g. a Wikidata id)',
};

/** An article as a dataset row, offsets in `unit`. */
export function toDatasetRow(doc: ArticleDoc, sources: Readonly<Record<string, Source>>, unit: OffsetUnit): DatasetRow {
  const a = doc.article;
  const conv = new OffsetConverter(a.text);
  const used = [...new Set(doc.spans.flatMap((s) => (s.sourceId ? [s.sourceId] : [])))].flatMap((id) => (sources[id] ? [sources[id]] : []));
  return {
    id: a.id, title: a.title, text: a.text, url: a.metadata.url ?? '', outlet: a.metadata.outlet ?? '', published: a.metadata.published ?? '',
    language: a.metadata.language ?? '', status: a.status, offsets: unit,
    spans: doc.spans.map((s) => ({
      id: s.id, label: s.label,
      fragments: s.fragments.map((f) => ({ start: conv.toUnit(textOffset(f.start), unit), end: conv.toUnit(textOffset(f.end), unit), text: f.text })),
      attributes: Object.entries(s.attributes).map(([name, value]) => ({ name, value })),
      source_id: s.sourceId ?? '', note: s.note ?? '', annotator: s.annotator,
    })),
    links: doc.links.map((l) => ({ id: l.id, type: l.type, from: l.from, to: l.to })),
    attributions: attributionsOf(doc).map((x) => ({
      id: x.id, type: x.type, trigger: x.trigger?.id ?? '', source: x.source?.id ?? '', cue: x.cue?.id ?? '', content: x.content?.id ?? '',
      source_id: x.source?.sourceId ?? '', args: x.args.map((g) => ({ role: g.role, span: g.span.id })),
    })),
    sources: used.map((s) => ({ id: s.id, name: s.name, kind: s.kind, external_id: s.externalId ?? '' })),
  };
}

/** The card's `features` list (YAML lines at `indent`), written from a struct of features. */
export function featuresYaml(features: { readonly [name: string]: Feature }, indent = 2): string[] {
  const pad = ' '.repeat(indent);
  return Object.entries(features).flatMap(([name, f]): string[] => {
    const head = `${pad}- name: ${name}`;
    if (typeof f === 'string') return [head, `${pad}  dtype: ${f}`];
    if (isList(f)) {
      const e = f[0];
      if (typeof e === 'string') return [head, `${pad}  list: ${e}`];
      if (isList(e)) throw new Error(`feature ${name}: a list of lists cannot be declared`);
      return [head, `${pad}  list:`, ...featuresYaml(e, indent + 2)];
    }
    return [head, `${pad}  struct:`, ...featuresYaml(f, indent + 2)];
  });
}

const isList = (f: Feature): f is readonly [Feature] => Array.isArray(f);

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
      return [{ name: `${split}.jsonl`, content: JSON.stringify(toDatasetRow(doc, ctx.sources, ctx.unit)) + '\n', append: true }];
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
  // Hugging Face refuses a declared split without rows ("corresponds to no data"): an empty
  // split's file is written but not declared, unless every split is empty.
  const filled = SPLITS.filter((s) => (c.splits[s] ?? 0) > 0);
  const declared = filled.length ? filled : [...SPLITS];
  const front = [
    '---',
    `pretty_name: ${yamlStr(ctx.projectName)}`,
    `license: ${hfLicense}`,
    ...(hfLicense === 'other' ? [`license_name: ${yamlStr(license)}`] : []),
    ...(langs.length ? ['language:', ...langs.map((l) => `- ${l}`)] : []),
    'task_categories:', '- token-classification', '- text-classification',
    'tags:', '- source-attribution', '- quotation-extraction', '- fact-checking',
    'configs:', '- config_name: default', '  data_files:', ...declared.flatMap((s) => [`  - split: ${s}`, `    path: ${s}.jsonl`]),
    'dataset_info:', '  features:', ...featuresYaml(DATASET_FEATURES, 2),
    '  splits:', ...declared.flatMap((s) => [`  - name: ${s}`, `    num_examples: ${c.splits[s] ?? 0}`]),
    '---', '',
  ];
  const body = [
    `# ${ctx.projectName}`, '',
    'Source attribution annotations made with Sourcemark: who is quoted (Speaker), what they said (Quote, with its type), the reporting word (Cue) and checkable claims (Claim), linked together (`said-by`, `cue-of`, `claimed-by`), with speaker mentions tied to sources across articles.', '',
    `Each line of \`train.jsonl\`, \`validation.jsonl\` and \`test.jsonl\` is one article. Offsets are ${ctx.unit === 'codepoint' ? 'Unicode code points (Python string indices)' : 'UTF-16 code units (JavaScript string indices)'}, end exclusive; each fragment repeats its text. The split is by article, from seed ${opts.seed} with ratios ${opts.ratios.join(' / ')}${declared.length < SPLITS.length ? `; ${SPLITS.filter((s) => !declared.includes(s)).map((s) => `\`${s}\``).join(' and ')} got no article and ${SPLITS.length - declared.length > 1 ? 'are' : 'is'} left out of the configuration` : ''}. Load it with \`datasets.load_dataset("<this folder>")\`.`, '',
    '## Columns', '', '| column | holds |', '|---|---|',
    ...Object.entries(COLUMN_NOTES).map(([k, v]) => `| \`${k}\` | ${v} |`), '',
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
