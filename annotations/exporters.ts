/**
 * Exporters for annotation tools: Sourcemark's own JSONL, brat, doccano, Label Studio, and a CSV
 * of quotes for spreadsheets. Each says, in a warning and in its output, what it had to simplify.
 */
import { csvField } from './csv.js';
import { annotationsToBrat } from './brat.js';
import { toDatasetLine } from './dataset-jsonl.js';
import { fragmentsIn, sourceName, type ExportContext, type Exporter } from './export-core.js';
import type { ArticleDoc, Span } from './model.js';
import { OffsetConverter } from './offsets.js';
import { linkTypeDef, labelAbbreviations } from './schema.js';
import { spanText } from './text.js';

const json = (v: unknown) => JSON.stringify(v);

export const jsonlExporter: Exporter = {
  name: 'jsonl', description: 'Sourcemark dataset, one article per line (lossless)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  chunk: (doc, ctx) => json(toDatasetLine(doc, ctx.sources, ctx.unit)) + '\n',
};

function bratConf(ctx: ExportContext): { name: string; content: string }[] {
  const labels = ctx.schema.labels;
  const abbr = labelAbbreviations(labels);
  const conf = [
    '# brat annotation configuration written by Sourcemark',
    '[entities]', ...labels.map((l) => l.name),
    '', '[relations]',
    ...ctx.schema.linkTypes.map((t) => `${t.exportName}\tArg1:${t.from.join('|')}, Arg2:${t.to.join('|')}`),
    '# nested and overlapping spans of any labels are allowed',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '', '[events]', '', '[attributes]',
    ...labels.flatMap((l) => l.attributes.map((a) => `${a.name}\tArg:${l.name}, Value:${a.values.join('|')}`)),
    '',
  ];
  const visual = [
    '[labels]', ...labels.map((l) => `${l.name} | ${l.name} | ${abbr.get(l.name)}`),
    ...ctx.schema.linkTypes.map((t) => `${t.exportName} | ${t.name}`),
    '', '[drawing]', ...labels.map((l) => `${l.name}\tbgColor:${l.color}, fgColor:white`),
    ...ctx.schema.linkTypes.map((t) => `${t.exportName}\tcolor:#555555, dashArray:-, arrowHead:triangle-5`),
    'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken',
    'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5',
    '',
  ];
  return [{ name: 'annotation.conf', content: conf.join('\n') }, { name: 'visual.conf', content: visual.join('\n') }];
}

export const bratExporter: Exporter = {
  name: 'brat', description: 'brat standoff: a folder of .txt + .ann with annotation.conf and visual.conf', kind: 'folder', defaultUnit: 'codepoint', extension: '',
  files: (doc, ctx) => {
    if (ctx.unit !== 'codepoint') ctx.warn('brat counts code points; the export uses code points whatever --offsets says.');
    return [
      { name: `${doc.article.id}.txt`, content: doc.article.text },
      { name: `${doc.article.id}.ann`, content: annotationsToBrat(doc.article.text, doc.spans, doc.links, { schema: ctx.schema, sources: ctx.sources }) },
    ];
  },
  extra: bratConf,
};

/** Warns once per article-kind of simplification, and lists the spans in the output. */
function splitDiscontinuous(doc: ArticleDoc, ctx: ExportContext, tool: string): Span[] {
  const split = doc.spans.filter((s) => s.fragments.length > 1);
  if (split.length) ctx.warn(`${tool} has no discontinuous spans: spans of several fragments were written as one span per fragment (listed in each document's "sourcemark.simplified").`);
  return split;
}

export const doccanoExporter: Exporter = {
  name: 'doccano', description: 'doccano JSONL with entities and relations (relation projects)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  chunk: (doc, ctx) => {
    const conv = new OffsetConverter(doc.article.text);
    const split = splitDiscontinuous(doc, ctx, 'doccano');
    const entities: { id: number; label: string; start_offset: number; end_offset: number }[] = [];
    const first = new Map<string, number>();
    for (const s of doc.spans) {
      for (const f of fragmentsIn(doc, s, ctx.unit, conv)) {
        const id = entities.length + 1;
        if (!first.has(s.id)) first.set(s.id, id);
        entities.push({ id, label: s.label, start_offset: f.start, end_offset: f.end });
      }
    }
    const relations = doc.links.map((l, i) => ({ id: i + 1, from_id: first.get(l.from)!, to_id: first.get(l.to)!, type: linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type }));
    return json({
      id: doc.article.id, text: doc.article.text, entities, relations,
      title: doc.article.title, ...doc.article.metadata,
      sourcemark: { offsets: ctx.unit, ...(split.length ? { simplified: split.map((s) => `${s.id} (${s.label}) split into ${s.fragments.length} entities`) } : {}) },
    }) + '\n';
  },
};

export const labelStudioExporter: Exporter = {
  name: 'label-studio', description: 'Label Studio tasks (labels and relations) and the labelling config (XML)', kind: 'file', defaultUnit: 'utf16', extension: '.json',
  header: () => '[\n',
  chunk: (doc, ctx, first) => {
    const conv = new OffsetConverter(doc.article.text);
    const split = splitDiscontinuous(doc, ctx, 'Label Studio');
    const result: Record<string, unknown>[] = [];
    const firstId = new Map<string, string>();
    for (const s of doc.spans) {
      fragmentsIn(doc, s, ctx.unit, conv).forEach((f, k) => {
        const id = k === 0 ? s.id : `${s.id}-${k + 1}`;
        if (k === 0) firstId.set(s.id, id);
        result.push({ id, type: 'labels', from_name: 'label', to_name: 'text', origin: 'manual', value: { start: f.start, end: f.end, text: f.text, labels: [s.label] } });
      });
    }
    for (const l of doc.links) {
      result.push({ type: 'relation', from_id: firstId.get(l.from), to_id: firstId.get(l.to), direction: 'right', labels: [linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type] });
    }
    const task = {
      id: doc.article.id, data: { text: doc.article.text, title: doc.article.title, ...doc.article.metadata },
      annotations: [{ result, completed_by: doc.spans[0]?.annotator ?? '' }],
      meta: { sourcemark: { offsets: ctx.unit, ...(split.length ? { simplified: split.map((s) => `${s.id} (${s.label}) split into ${s.fragments.length} regions`) } : {}) } },
    };
    return (first ? '' : ',\n') + json(task);
  },
  footer: () => '\n]\n',
  extra: (ctx) => [{
    name: 'label-config.xml',
    content: [
      '<View>',
      '  <Relations>', ...ctx.schema.linkTypes.map((t) => `    <Relation value="${xml(t.exportName)}"/>`), '  </Relations>',
      '  <Labels name="label" toName="text">', ...ctx.schema.labels.map((l) => `    <Label value="${xml(l.name)}" background="${l.color}"${l.key ? ` hotkey="${xml(l.key)}"` : ''}/>`), '  </Labels>',
      '  <Text name="text" value="$text" granularity="word"/>',
      '</View>', '',
    ].join('\n'),
  }],
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const CSV_COLUMNS = ['article_id', 'article_title', 'article_url', 'quote', 'quote_type', 'speaker_mention', 'source', 'source_kind', 'cue', 'claims', 'offsets', 'offset_unit'];

export const csvExporter: Exporter = {
  name: 'csv', description: 'one row per quote, for spreadsheets (UTF-8 with BOM)', kind: 'file', defaultUnit: 'codepoint', extension: '.csv',
  header: () => '\ufeff' + CSV_COLUMNS.join(',') + '\r\n',
  chunk: (doc, ctx) => {
    const conv = new OffsetConverter(doc.article.text);
    const byId = new Map(doc.spans.map((s) => [s.id, s]));
    const rows: string[] = [];
    for (const q of doc.spans.filter((s) => s.label === 'Quote')) {
      const speaker = byId.get(doc.links.find((l) => l.type === 'said-by' && l.from === q.id)?.to ?? '');
      const cue = byId.get(doc.links.find((l) => l.type === 'cue-of' && l.to === q.id)?.from ?? '');
      const inside = (c: Span) => c.label === 'Claim' && c.fragments.every((f) => q.fragments.some((g) => f.start >= g.start && f.end <= g.end));
      const claims = doc.spans.filter(inside).map(spanText);
      const source = speaker?.sourceId ? ctx.sources[speaker.sourceId] : undefined;
      rows.push([
        doc.article.id, doc.article.title, doc.article.metadata.url ?? '', spanText(q), q.attributes.QuoteType ?? '', speaker ? spanText(speaker) : '',
        sourceName(ctx, speaker), source?.kind ?? '', cue ? spanText(cue) : '', claims.join(' | '),
        fragmentsIn(doc, q, ctx.unit, conv).map((f) => `${f.start}-${f.end}`).join(';'), ctx.unit,
      ].map(csvField).join(','));
    }
    return rows.map((r) => r + '\r\n').join('');
  },
};
