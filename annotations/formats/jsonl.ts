/**
 * Sourcemark's own dataset JSONL (the `jsonl` export, read back by the `jsonl` and `dataset`
 * imports), one article per line: id, text, metadata, status, spans with
 * their fragments, labels, attributes and source, links, events (attributions as one unit, with
 * `attributions`: one record per attribution, source, cue and content by span id and text), and
 * the sources they refer to.
 * Lossless: {@link fromDatasetLine} gives back what {@link toDatasetLine} was given. Offsets are
 * in the unit named on every line (`offsets`), code points by default for Python consumers.
 */
import { z } from 'zod';
import { attributionsOf, withinSpans } from '../model/attribution.js';
import { ArticleMetadataSchema, ArticleStatusSchema, EventSchema, FORMAT_VERSION, LinkSchema, SourceSchema, type ArticleDoc, type Source } from '../model/types.js';
import { OffsetConverter, codePointOffset, textOffset, type OffsetUnit } from '../model/offsets.js';
import { EventTypeDefSchema, LabelDefSchema, LinkTypeDefSchema, eventTypeDef, labelDef, linkTypeDef, type ProjectSchema } from '../model/schema.js';
import { FormatError } from './standoff.js';
import { makeFragment, paragraphsOf } from '../text/fragments.js';
import type { Exporter } from './core.js';

export const DATASET_TYPE = 'sourcemark-dataset-article';

const LineSpanSchema = z.object({
  id: z.string(), label: z.string(), fragments: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })).min(1),
  attributes: z.record(z.string(), z.string()).default({}), sourceId: z.string().optional(), note: z.string().optional(),
  annotator: z.string().default(''), layer: z.string().min(1).optional(), updatedBy: z.string().optional(), origin: z.enum(['manual', 'imported', 'suggested']).default('imported'),
  createdAt: z.string().optional(), updatedAt: z.string().optional(), orphaned: z.boolean().optional(),
});

const LineSchema = z.object({
  type: z.literal(DATASET_TYPE), version: z.number().int(), offsets: z.enum(['codepoint', 'utf16']),
  id: z.string(), title: z.string(), text: z.string(), metadata: ArticleMetadataSchema.default({}), status: ArticleStatusSchema.default('todo'),
  provenance: z.object({ origin: z.string(), importedAt: z.string() }).optional(),
  spans: z.array(LineSpanSchema), links: z.array(LinkSchema), events: z.array(EventSchema).default([]), sources: z.array(SourceSchema).default([]),
  /** Derived from spans, links and events (see `attributionsOf`); ignored on reading. */
  attributions: z.array(z.unknown()).optional(),
  /** The schema's definitions of what this line uses, so another project can take it in whole. */
  schema: z.object({
    labels: z.array(LabelDefSchema).default([]), linkTypes: z.array(LinkTypeDefSchema).default([]), eventTypes: z.array(EventTypeDefSchema).default([]),
  }).optional(),
});

/** The part of a schema a line's own definitions carry (labels, link types, event types it uses). */
export type LineSchema = { labels: ProjectSchema['labels']; linkTypes: ProjectSchema['linkTypes']; eventTypes: ProjectSchema['eventTypes'] };

/** What {@link toDatasetLine} adds beyond the article: the definitions it uses, a record per attribution. */
export type DatasetLineExtras = { schema?: ProjectSchema; attributions?: boolean };
export type DatasetLine = z.infer<typeof LineSchema>;

/** One article as a dataset line (an object; the caller stringifies it). */
export function toDatasetLine(doc: ArticleDoc, sources: Readonly<Record<string, Source>>, unit: OffsetUnit = 'codepoint', extras: DatasetLineExtras = {}): DatasetLine {
  const conv = new OffsetConverter(doc.article.text);
  const used = [...new Set(doc.spans.flatMap((s) => (s.sourceId ? [s.sourceId] : [])))].map((id) => sources[id]).filter((s): s is Source => !!s);
  const a = doc.article;
  return {
    type: DATASET_TYPE, version: 1, offsets: unit, id: a.id, title: a.title, text: a.text, metadata: a.metadata, status: a.status,
    provenance: { origin: a.provenance.origin, importedAt: a.provenance.importedAt },
    spans: doc.spans.map((s) => ({
      id: s.id, label: s.label, attributes: s.attributes, annotator: s.annotator, origin: s.origin, createdAt: s.createdAt, updatedAt: s.updatedAt,
      fragments: s.fragments.map((f) => ({ start: conv.toUnit(textOffset(f.start), unit), end: conv.toUnit(textOffset(f.end), unit), text: f.text })),
      ...(s.sourceId ? { sourceId: s.sourceId } : {}), ...(s.note ? { note: s.note } : {}), ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
      ...(s.orphaned ? { orphaned: true } : {}), ...(s.layer ? { layer: s.layer } : {}),
    })),
    ...withinSpans(doc),
    ...(extras.attributions ? {
      attributions: attributionsOf(doc).map((a) => {
        const ref = (s: typeof a.source) => (s ? { spanId: s.id, label: s.label, text: s.fragments.map((f) => f.text).join(' ') } : null);
        return { id: a.id, type: a.type, ...(a.eventId ? { event: a.eventId } : {}), source: ref(a.source), cue: ref(a.cue), content: ref(a.content), sourceId: a.source?.sourceId ?? null };
      }),
    } : {}),
    ...(extras.schema ? { schema: lineSchema(extras.schema, doc) } : {}),
    sources: used,
  };
}

function lineSchema(schema: ProjectSchema, doc: ArticleDoc): LineSchema {
  const uniq = <T>(xs: (T | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== undefined))];
  return {
    labels: uniq(doc.spans.map((s) => labelDef(schema, s.label))),
    linkTypes: uniq(doc.links.map((l) => linkTypeDef(schema, l.type))),
    eventTypes: uniq((doc.events ?? []).map((e) => eventTypeDef(schema, e.type))),
  };
}

/** Reads a dataset line back into an article document and the sources it refers to. */
export function fromDatasetLine(data: unknown, line: number, now: string): { doc: ArticleDoc; sources: Source[]; schema?: LineSchema } {
  const parsed = LineSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    // zod says a missing field was "received undefined": the user's file has no undefined, only a field left out.
    const message = first.code === 'invalid_type' ? first.message.replace(/, received undefined$/, ', but it is missing') : first.message;
    throw new FormatError(`not a Sourcemark dataset line (${first.path.join('.') || 'line'}: ${message})`, line);
  }
  const d = parsed.data;
  const conv = new OffsetConverter(d.text);
  const toOffset = (n: number): number => {
    try {
      return d.offsets === 'utf16' ? conv.fromUnit(n, 'utf16') : conv.toUtf16(codePointOffset(n));
    } catch (e) {
      throw new FormatError(`offset ${n}: ${(e as Error).message}`, line);
    }
  };
  const spans = d.spans.map((s) => {
    const fragments = s.fragments.map((f) => {
      const fr = makeFragment(d.text, toOffset(f.start), toOffset(f.end));
      if (!s.orphaned && fr.text !== f.text) throw new FormatError(`span ${s.id} says "${f.text}" but the text at ${f.start}–${f.end} is "${fr.text}"`, line);
      return s.orphaned ? { ...fr, text: f.text } : fr;
    });
    const { fragments: _f, createdAt, updatedAt, ...rest } = s;
    return { ...rest, fragments, createdAt: createdAt ?? now, updatedAt: updatedAt ?? now };
  });
  const doc: ArticleDoc = {
    type: 'sourcemark-article', version: FORMAT_VERSION,
    article: { id: d.id, title: d.title, text: d.text, paragraphs: paragraphsOf(d.text), metadata: d.metadata, status: d.status, provenance: d.provenance ?? { origin: 'dataset', importedAt: now } },
    spans, links: d.links, events: d.events,
  };
  return { doc, sources: d.sources, ...(d.schema ? { schema: d.schema } : {}) };
}

export const jsonlExporter: Exporter = {
  name: 'jsonl', description: 'Sourcemark dataset, one article per line (lossless)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  // Each line carries the definitions it uses (labels, link and event types), so a fresh project
  // takes it in whole, and a record per attribution.
  chunk: (doc, ctx) => JSON.stringify(toDatasetLine(doc, ctx.sources, ctx.unit, { schema: ctx.schema, attributions: true })) + '\n',
};
