/**
 * Reading a unit (a file, or a URL) into documents ready to write: the reader is the forced
 * format, else the one the registry of formats (annotations/formats/registry.ts) gives the
 * file's extension, and {@link READERS} holds one reader per import format, each built on that
 * tool's pure parser in annotations/formats/ (web pages on html.ts, plain text on text.ts). What
 * decoding and parsing noticed goes to the unit's notes; a problem is a {@link UnitError} or a
 * `FormatError`, with its line. Nothing is written here: see import.ts.
 */

import path from 'node:path';
import {
  FormatError, annFileOf, bratToAnnotations, compareSpans, fitSchema, doccanoRecord, emptyDoc, createArticle, fromDatasetLine, importFormatFor, labelStudioTasks, parseCsv,
  standoffToAnnotations, DATASET_TYPE,
  type ArticleDoc, type ArticleMetadata, type IdSource, type ImportFormat, type ProjectSchema, type Source, type StandoffDoc, type StandoffImport,
} from '../../annotations/index.js';
import { ARTICLE_LIMITS } from '../../annotations/model/limits.js';
import { extractArticle } from './html.js';
import { articleFromText } from './text.js';
import { UnitError, decoded, type Unit } from './units.js';
import type { ProjectStore } from '../store/project-store.js';

/** What the readers need of an import's options (a part of `ImportOptions`). */
export type ReadOptions = {
  /** Tool label → Sourcemark label, e.g. `{ Source: 'Speaker', Content: 'Quote' }`. */
  labelMap?: Record<string, string>;
  /** Remove boilerplate from plain text and web pages (default true). */
  clean?: boolean;
  /** Forces a reader for every file, whatever its extension (`import --format NAME`). */
  format?: ImportFormat;
  /** The layer every annotation goes into (`import --annotator NAME`, see import.ts). */
  layer?: string;
};

/** One import's state: the schema and known sources grow as files are written (import.ts updates them). */
export type Ctx = { store: ProjectStore; opts: ReadOptions; ids: IdSource; now: string; annotator: string; schema: ProjectSchema; known: Source[] };

/** A document ready to write; `warnings` are the document's own (the file's go to the unit). */
export type Prepared = { doc: ArticleDoc; sources: Source[]; schema?: ProjectSchema; warnings: string[] };

function fromStandoff(std: StandoffDoc, ctx: Ctx, name: string, title: string | undefined, metadata: ArticleMetadata): Prepared {
  const imported = standoffToAnnotations(std, { schema: ctx.schema, labelMap: ctx.opts.labelMap ?? {}, knownSources: ctx.known, newId: ctx.ids, now: ctx.now, annotator: ctx.annotator });
  return prepared(imported, ctx, name, title, metadata, std.text);
}

function prepared(imported: StandoffImport, ctx: Ctx, name: string, title: string | undefined, metadata: ArticleMetadata, raw: string): Prepared {
  // The text keeps every character its offsets count, exactly as given (no NFC, CRLF kept): no
  // title line or boilerplate is cut.
  const article = createArticle({
    id: ctx.ids('a'), title: title ?? imported.text.split('\n').find((l) => l.trim())?.trim().slice(0, 160) ?? name, text: imported.text, keepText: true, metadata,
    provenance: { origin: name, importedAt: ctx.now, ...(raw.length < 2_000_000 ? { raw } : {}) },
  });
  const doc: ArticleDoc = { ...emptyDoc(article), spans: [...imported.spans].sort(compareSpans), links: imported.links, events: imported.events };
  return { doc, sources: imported.sources, ...(imported.schema !== ctx.schema ? { schema: imported.schema } : {}), warnings: imported.warnings };
}

function fromPlain(raw: string, ctx: Ctx, name: string, title?: string, metadata: ArticleMetadata = {}): Prepared {
  const doc = articleFromText(raw, { ids: ctx.ids, now: ctx.now, origin: name, metadata, ...(title ? { title } : {}), clean: ctx.opts.clean !== false });
  if (!doc.article.text.trim()) throw new UnitError('there is no text in it');
  return { doc, sources: [], warnings: [] };
}

function jsonLines(raw: string): { line: number; data: unknown }[] {
  const out: { line: number; data: unknown }[] = [];
  raw.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim()) return;
    try {
      out.push({ line: i + 1, data: JSON.parse(l) });
    } catch (e) {
      throw new UnitError(`malformed JSON: ${(e as Error).message}`, i + 1);
    }
  });
  if (!out.length) throw new UnitError('there are no lines in it');
  return out;
}

const strOf = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** Metadata and title from a bulk row (JSONL or CSV). */
function rowMeta(row: Record<string, unknown>): { title?: string; metadata: ArticleMetadata } {
  const metadata: ArticleMetadata = {};
  const url = strOf(row.url);
  const outlet = strOf(row.outlet) ?? strOf(row.source);
  const published = strOf(row.published) ?? strOf(row.date);
  const byline = strOf(row.byline) ?? strOf(row.author);
  const language = strOf(row.language) ?? strOf(row.lang);
  if (url) metadata.url = url;
  if (outlet) metadata.outlet = outlet;
  if (published) metadata.published = published;
  if (byline) metadata.byline = byline;
  if (language) metadata.language = language;
  const title = strOf(row.title);
  return { ...(title ? { title } : {}), metadata };
}

/**
 * The reader for a unit: the forced one; else a URL is a web page, and a file gets the reader
 * its extension chooses in the registry (a `.txt` with its `.ann` is brat). A name no reader
 * claims can only be a file named with a query or fragment (`a.txt#x`) or one named by itself
 * to the Api with a forced format: it is read as a Label Studio export, as it always was.
 */
function readerOf(unit: Unit, format: ImportFormat | undefined): ImportFormat {
  if (format) return format;
  if (unit.kind === 'url') return 'html';
  return importFormatFor(unit.name, unit.ann !== undefined) ?? 'label-studio';
}

/**
 * Refuses a brat `.ann` with more spans, relations or events than one article may hold before
 * any of them is built (300,000 span lines would take a gigabyte to convert).
 */
function checkAnnSize(ann: string, annName: string): void {
  let spans = 0;
  let links = 0;
  let events = 0;
  for (const m of ann.matchAll(/^([TRE])\d/gm)) {
    if (m[1] === 'T') spans++;
    else if (m[1] === 'R') links++;
    else events++;
  }
  const over = spans > ARTICLE_LIMITS.spans ? `${spans.toLocaleString('en-US')} spans; the limit is ${ARTICLE_LIMITS.spans.toLocaleString('en-US')}`
    : links > ARTICLE_LIMITS.links ? `${links.toLocaleString('en-US')} relations; the limit is ${ARTICLE_LIMITS.links.toLocaleString('en-US')}`
      : events > ARTICLE_LIMITS.events ? `${events.toLocaleString('en-US')} events; the limit is ${ARTICLE_LIMITS.events.toLocaleString('en-US')}` : undefined;
  if (over) throw new UnitError(`${annName}: it has ${over} per article (see "Limits" in the README); nothing was imported from it`);
}

/** A unit's bytes, read once, as a reader gets them. */
type Input = { unit: Unit; bytes: Uint8Array; notes: string[]; format: ImportFormat; read: () => string };

/** A reader: a unit's documents, in order. */
type Reader = (input: Input, ctx: Ctx) => Prepared[] | Promise<Prepared[]>;

/** The documents of a unit; what decoding noticed about the file goes to `notes`. */
export async function parseUnit(unit: Unit, ctx: Ctx, notes: string[]): Promise<Prepared[]> {
  const bytes = await unit.load();
  const format = readerOf(unit, ctx.opts.format);
  return READERS[format]({ unit, bytes, notes, format, read: () => decoded(bytes, notes) }, ctx);
}

function readHtml({ unit, notes, read }: Input, ctx: Ctx): Prepared[] {
  const page = extractArticle(read(), unit.kind === 'url' ? unit.name : undefined);
  notes.push(...page.warnings);
  if (!page.text.trim()) throw new UnitError(page.plain ? 'there is no text in it' : 'no article text was found in the page');
  const metadata = { ...page.metadata, ...(unit.kind === 'url' && !page.metadata.url ? { url: unit.name } : {}) };
  return [fromPlain(page.text, ctx, unit.name, page.title || undefined, metadata)];
}

async function readBrat({ unit, bytes, notes, read }: Input, ctx: Ctx): Promise<Prepared[]> {
  const annName = annFileOf(unit.name);
  if (!unit.ann) throw new UnitError(`a brat document needs its annotations beside it (${path.basename(annName)})`);
  // brat counts a UTF-8 byte-order mark as a character of the text (it reads the .txt as
  // plain UTF-8), so it is kept, and every offset stays valid against the user's file.
  const text = read();
  const raw = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && !text.startsWith('\ufeff') ? '\ufeff' : '') + text;
  let ann: string;
  try {
    ann = decoded(await unit.ann(), notes, path.basename(annName));
  } catch (e) {
    throw new UnitError(`${annName}: ${(e as Error).message}`);
  }
  checkAnnSize(ann, annName);
  try {
    return [prepared(bratToAnnotations(raw, ann, { schema: ctx.schema, labelMap: ctx.opts.labelMap ?? {}, knownSources: ctx.known, newId: ctx.ids, now: ctx.now, annotator: ctx.annotator }), ctx, unit.name, undefined, {}, raw)];
  } catch (e) {
    if (e instanceof FormatError) throw new UnitError(`${annName}: ${e.message}`);
    throw e;
  }
}

function readCsv({ unit, notes, read }: Input, ctx: Ctx): Prepared[] {
  const { header, rows, warnings } = parseCsv(read());
  notes.push(...warnings);
  if (!header.includes('text')) throw new UnitError(`the header has no "text" column (it has ${header.join(', ')})`, 1);
  return rows.map((r) => {
    if (!r.values.text?.trim()) throw new UnitError('the "text" field is empty', r.line);
    const { title, metadata } = rowMeta(r.values);
    return fromPlain(r.values.text, ctx, `${unit.name}:${r.line}${r.values.id ? ` (id ${r.values.id})` : ''}`, title, metadata);
  });
}

/**
 * JSON Lines: `jsonl` takes Sourcemark dataset lines, doccano records and `{"text", …}` rows,
 * each line by its shape; `doccano` and `dataset` take only theirs.
 */
function readJsonLines({ unit, format, read }: Input, ctx: Ctx): Prepared[] {
  const lines = jsonLines(read());
  // Each line builds on the schema the lines before it extended (the last line's is written).
  let schema = ctx.schema;
  return lines.map(({ line, data }) => {
    const obj = data as Record<string, unknown>;
    const isObject = !!obj && typeof obj === 'object';
    if (format !== 'doccano' && isObject && obj.type === DATASET_TYPE) {
      const { doc, sources, schema: carried } = fromDatasetLine(data, line, ctx.now);
      // A dataset from another project brings its own labels, link and event types: added, with a note.
      let fit: ReturnType<typeof fitSchema>;
      try {
        fit = fitSchema(schema, { ...doc, spans: [...doc.spans].sort(compareSpans) }, carried);
      } catch (e) {
        throw e instanceof FormatError ? new UnitError(e.message, line) : e;
      }
      const grew = fit.schema !== schema;
      schema = fit.schema;
      return { doc: fit.doc, sources, ...(grew ? { schema } : {}), warnings: fit.warnings.map((w) => `line ${line}: ${w}`) };
    }
    if (format === 'dataset') throw new UnitError(`each line needs to be a Sourcemark dataset article ("type": "${DATASET_TYPE}")`, line);
    if (format === 'doccano' || (isObject && (Array.isArray(obj.entities) || Array.isArray(obj.label) || Array.isArray(obj.relations)))) {
      const rec = doccanoRecord(data, line);
      const { title, metadata } = rowMeta(rec.meta);
      const p = fromStandoff(rec.standoff, { ...ctx, schema }, `${unit.name}:${line}`, title, metadata);
      schema = p.schema ?? schema;
      return p;
    }
    if (!isObject || typeof obj.text !== 'string') throw new UnitError('each line needs a "text" string (or doccano entities, or a Sourcemark dataset article)', line);
    const { title, metadata } = rowMeta(obj);
    return fromPlain(obj.text, ctx, `${unit.name}:${line}${obj.id !== undefined ? ` (id ${String(obj.id)})` : ''}`, title, metadata);
  });
}

function readLabelStudio({ unit, read }: Input, ctx: Ctx): Prepared[] {
  const raw = read();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? raw.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new UnitError(`malformed JSON: ${(e as Error).message}`, line);
  }
  // Each task builds on the schema the tasks before it extended (the last one's is written).
  let schema = ctx.schema;
  return labelStudioTasks(data).map((task) => {
    const p = fromStandoff(task.standoff, { ...ctx, schema }, `${unit.name} task ${task.index + 1}`, undefined, rowMeta((task.meta.meta ?? {}) as Record<string, unknown>).metadata);
    schema = p.schema ?? schema;
    return { ...p, warnings: [...p.warnings, ...task.warnings] };
  });
}

/** One reader per import format of the registry (the type makes it complete). */
const READERS: { readonly [F in ImportFormat]: Reader } = {
  html: readHtml,
  text: ({ unit, read }, ctx) => [fromPlain(read(), ctx, unit.name)],
  brat: readBrat,
  csv: readCsv,
  jsonl: readJsonLines,
  doccano: readJsonLines,
  dataset: readJsonLines,
  'label-studio': readLabelStudio,
};
