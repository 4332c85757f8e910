/**
 * Exporters for annotation tools: Sourcemark's own JSONL, brat, doccano, Label Studio, and a CSV
 * of quotes for spreadsheets. Each says, in a warning and in its output, what it had to simplify.
 */
import { attributionsOf, withinSpans } from '../model/attribution.js';
import { csvField } from './csv.js';
import { annotationsToBrat } from './brat.js';
import { toDatasetLine } from './dataset-jsonl.js';
import { fragmentsIn, sourceName, type ExportContext, type Exporter } from './export-core.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { OffsetConverter } from '../model/offsets.js';
import { linkTypeDef, labelAbbreviations, labelExportName } from '../model/schema.js';
import { spanText } from '../text/fragments.js';

const json = (v: unknown) => JSON.stringify(v);

export const jsonlExporter: Exporter = {
  name: 'jsonl', description: 'Sourcemark dataset, one article per line (lossless)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  // Each line carries the definitions it uses (labels, link and event types), so a fresh project
  // takes it in whole, and a record per attribution.
  chunk: (doc, ctx) => json(toDatasetLine(doc, ctx.sources, ctx.unit, { schema: ctx.schema, attributions: true })) + '\n',
};

function bratConf(ctx: ExportContext): { name: string; content: string }[] {
  const labels = ctx.schema.labels;
  const abbr = labelAbbreviations(labels);
  const brat = (name: string) => labelExportName(ctx.schema, name);
  const list = (names: readonly string[]) => (names.length ? names.map(brat).join('|') : '<ENTITY>');
  const events = ctx.schema.eventTypes ?? [];
  // A binary attribute (its only value "true") is declared without values, as brat writes it.
  const attr = (name: string, arg: string, values: readonly string[]) => `${name}\tArg:${arg}${values.length === 1 && values[0] === 'true' ? '' : `, Value:${values.join('|')}`}`;
  const conf = [
    '# brat annotation configuration written by Sourcemark',
    // A trigger's label that names an event type is that event's, not an entity (brat's rule).
    '[entities]', ...labels.filter((l) => !events.some((t) => t.name === brat(l.name))).map((l) => brat(l.name)),
    '', '[relations]',
    ...ctx.schema.linkTypes.map((t) => `${t.exportName}\tArg1:${list(t.from)}, Arg2:${list(t.to)}`),
    '# nested and overlapping spans of any labels are allowed',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    // Each role may appear any number of times ("*"), as in the events Sourcemark read.
    '', '[events]', ...events.map((t) => `${t.name}\t${t.roles.map((r) => `${r}*:<ENTITY>`).join(', ')}`.trimEnd()),
    '', '[attributes]',
    ...labels.flatMap((l) => l.attributes.map((a) => attr(a.name, brat(l.name), a.values))),
    ...events.flatMap((t) => t.attributes.map((a) => attr(a.name, t.name, a.values))),
    '',
  ];
  const visual = [
    '[labels]', ...labels.map((l) => `${brat(l.name)} | ${l.name} | ${abbr.get(l.name)}`),
    ...ctx.schema.linkTypes.map((t) => `${t.exportName} | ${t.name}`),
    ...events.filter((t) => !labels.some((l) => brat(l.name) === t.name)).map((t) => `${t.name} | ${t.name}`),
    '', '[drawing]', ...labels.map((l) => `${brat(l.name)}\tbgColor:${l.color}, fgColor:white`),
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
    const stem = documentName(doc, ctx);
    const { events, links } = withinSpans(doc);
    return [
      { name: `${stem}.txt`, content: doc.article.text },
      { name: `${stem}.ann`, content: annotationsToBrat(doc.article.text, doc.spans, links, { schema: ctx.schema, sources: ctx.sources, events }) },
    ];
  },
  extra: bratConf,
};

/** Names already given in an export, per export (its context), lower-cased: file systems may ignore case. */
const namesGiven = new WeakMap<ExportContext, Set<string>>();

/**
 * The name of an article's files in a folder export: the stem of the file it came from
 * (`provenance.origin` `…/news_017.txt` → `news_017`), so a collection goes back where it was;
 * the article's id for an article that came from no file (a paste, a URL, a row of a bulk
 * file). Made unique within one export (`news_017-2`).
 */
export function documentName(doc: ArticleDoc, ctx: ExportContext): string {
  let given = namesGiven.get(ctx);
  if (!given) namesGiven.set(ctx, (given = new Set()));
  const origin = doc.article.provenance.origin;
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? '' : origin.split(/[\\/]/).pop() ?? '';
  const m = /^(.+)\.(txt|html?|md|text)$/i.exec(base);
  const stem = (m ? m[1]! : doc.article.id).replace(/[\p{Cc}<>:"|?*]/gu, '_').replace(/^\.+/, '_');
  let name = stem;
  for (let n = 2; given.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
  given.add(name.toLowerCase());
  return name;
}

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
        entities.push({ id, label: labelExportName(ctx.schema, s.label), start_offset: f.start, end_offset: f.end });
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
        result.push({ id, type: 'labels', from_name: 'label', to_name: 'text', origin: 'manual', value: { start: f.start, end: f.end, text: f.text, labels: [labelExportName(ctx.schema, s.label)] } });
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
      '  <Labels name="label" toName="text">', ...ctx.schema.labels.map((l) => `    <Label value="${xml(labelExportName(ctx.schema, l.name))}" background="${l.color}"${l.key ? ` hotkey="${xml(l.key)}"` : ''}/>`), '  </Labels>',
      '  <Text name="text" value="$text" granularity="word"/>',
      '</View>', '',
    ].join('\n'),
  }],
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const CSV_COLUMNS = ['article_id', 'article_title', 'article_url', 'quote', 'quote_type', 'speaker_mention', 'source', 'source_kind', 'cue', 'claims', 'offsets', 'offset_unit', 'attribution', 'content_label', 'source_offsets', 'cue_offsets'];

export const csvExporter: Exporter = {
  name: 'csv', description: 'one row per attribution (source, cue, content), and per quote without one, for spreadsheets (UTF-8 with BOM)', kind: 'file', defaultUnit: 'codepoint', extension: '.csv',
  header: () => '\ufeff' + CSV_COLUMNS.join(',') + '\r\n',
  chunk: (doc, ctx) => {
    const conv = new OffsetConverter(doc.article.text);
    const rows: string[] = [];
    const offsets = (s: Span | undefined) => (s ? fragmentsIn(doc, s, ctx.unit, conv).map((f) => `${f.start}-${f.end}`).join(';') : '');
    const row = (id: string, q: Span | undefined, speaker: Span | undefined, cue: Span | undefined) => {
      const inside = (c: Span) => !!q && c !== q && c.label === 'Claim' && c.fragments.every((f) => q.fragments.some((g) => f.start >= g.start && f.end <= g.end));
      const claims = doc.spans.filter(inside).map(spanText);
      const source = speaker?.sourceId ? ctx.sources[speaker.sourceId] : undefined;
      rows.push([
        doc.article.id, doc.article.title, doc.article.metadata.url ?? '', q ? spanText(q) : '', q?.attributes.QuoteType ?? '', speaker ? spanText(speaker) : '',
        sourceName(ctx, speaker), source?.kind ?? '', cue ? spanText(cue) : '', claims.join(' | '),
        offsets(q), ctx.unit, id, q?.label ?? '', offsets(speaker), offsets(cue),
      ].map(csvField).join(','));
    };
    const attributions = attributionsOf(doc);
    const covered = new Set(attributions.flatMap((a) => (a.content ? [a.content.id] : [])));
    // In text order: each attribution at its content (or first part), then quotes that have none.
    const at = (s: Span | undefined) => s?.fragments[0]?.start ?? Number.MAX_SAFE_INTEGER;
    const items = [
      ...attributions.filter((a) => a.content?.label !== 'Claim' || a.eventId).map((a) => ({ pos: at(a.content ?? a.trigger ?? a.args[0]?.span), emit: () => row(a.eventId ?? '', a.content, a.source, a.cue) })),
      ...doc.spans.filter((s) => s.label === 'Quote' && !covered.has(s.id)).map((q) => ({ pos: at(q), emit: () => row('', q, undefined, undefined) })),
    ];
    items.sort((x, y) => x.pos - y.pos).forEach((i) => i.emit());
    return rows.map((r) => r + '\r\n').join('');
  },
};
