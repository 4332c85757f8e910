/**
 * Import: articles from text, web pages (files and URLs), JSON Lines and CSV; annotations from
 * brat, doccano, Label Studio and Sourcemark's own dataset. Files, folders (recursively; a
 * `.txt` with a sibling `.ann` is a brat document) and URLs from the command line; in-memory
 * files from the Api (drag and drop, the Import button).
 *
 * The reader follows the file's extension unless `format` forces one (`import --format NAME`,
 * see app/import-formats.ts). Text is decoded by app/decode.ts, which says when a file was not
 * clean UTF-8. An article's link (`metadata.url`) is kept only when it is http or https. Each
 * document is checked against the limits per article (annotations/limits.ts) before anything is
 * written, and a file with a document beyond them is refused, naming the limit.
 *
 * Each file is imported whole or not at all: it is parsed and checked in memory first, and if
 * writing it fails half way, what it wrote is taken back. A bad file is reported with its path,
 * line and reason, and the batch goes on. Documents whose text is already in the project are
 * reported and skipped. Long imports report progress and stop between files when cancelled.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FormatError, bratToAnnotations, compareSpans, fitSchema, doccanoRecord, emptyDoc, createArticle, fromDatasetLine, labelStudioTasks, parseCsv,
  randomId, standoffToAnnotations, DATASET_TYPE,
  type ArticleDoc, type ArticleMetadata, type IdSource, type ProjectSchema, type Source, type StandoffDoc, type StandoffImport,
} from '../../annotations/index.js';
import { ARTICLE_LIMITS, articleLimitProblem } from '../../annotations/model/limits.js';
import { decodeText } from './decode.js';
import { UserError, describeFsError } from '../errors.js';
import { extractArticle, isWebUrl } from './html.js';
import { FOLDER_EXTENSIONS, type ImportFormat } from './formats.js';
import { articleFromText } from './text.js';
import { textHash, type ProjectStore } from '../store/project-store.js';

export type ImportOptions = {
  /** Tool label → Sourcemark label, e.g. `{ Source: 'Speaker', Content: 'Quote' }`. */
  labelMap?: Record<string, string>;
  annotator?: string;
  /** Remove boilerplate from plain text and web pages (default true). */
  clean?: boolean;
  /** Forces a reader for every file, whatever its extension (`import --format NAME`). */
  format?: ImportFormat;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
  /** Largest file or download accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** URL fetch timeout in milliseconds (default 20 s). */
  timeoutMs?: number;
  ids?: IdSource;
  now?: () => string;
};

export type ImportSummary = {
  imported: { name: string; id: string; title: string; spans: number }[];
  duplicates: { name: string; title: string; existing: string }[];
  failed: { name: string; line?: number; reason: string }[];
  warnings: string[];
  cancelled: boolean;
};

/** One thing to import: a file (with its brat `.ann`, if any) or a URL. */
type Unit = { name: string; kind: 'file' | 'url'; load: () => Promise<Uint8Array>; ann?: () => Promise<Uint8Array> };

/** A document ready to write; `warnings` are the document's own (the file's go to the unit). */
type Prepared = { doc: ArticleDoc; sources: Source[]; schema?: ProjectSchema; warnings: string[] };

const DEFAULT_MAX = 50 * 1024 * 1024;
const IMPORTABLE = /\.(txt|html?|jsonl|ndjson|json|csv)$/i;

/** An import failure with the line it is on. */
class UnitError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

/** The text of `bytes`; what decoding had to guess or repair goes to `notes` (`label` names a second file). */
function text(bytes: Uint8Array, notes: string[], label?: string): string {
  try {
    const d = decodeText(bytes);
    if (d.warning) notes.push(label ? `${label}: ${d.warning}` : d.warning);
    return d.text;
  } catch (e) {
    throw new UnitError((e as Error).message);
  }
}

const NOT_IMPORTABLE = 'Sourcemark imports .txt (with .ann), .html, .htm, .jsonl, .json and .csv files';

// ---- gathering units ------------------------------------------------------------------------

/** Units from paths on disk and URLs: folders are walked; `.txt` + `.ann` pairs go together. */
export function unitsFromPaths(paths: readonly string[], maxBytes = DEFAULT_MAX, timeoutMs = 20_000, format?: ImportFormat): { units: Unit[]; failed: ImportSummary['failed'] } {
  const units: Unit[] = [];
  const failed: ImportSummary['failed'] = [];
  const fromFile = (file: string, explicit: boolean): void => {
    if (/\.ann$/i.test(file)) {
      if (!existsSync(file.replace(/\.ann$/i, '.txt'))) failed.push({ name: file, reason: 'a brat .ann file needs its .txt beside it' });
      return;
    }
    // A forced reader takes any file named one by one; in a folder, the extensions it reads.
    if (!(format ? explicit || FOLDER_EXTENSIONS[format].test(file) : IMPORTABLE.test(file))) {
      if (explicit) failed.push({ name: file, reason: NOT_IMPORTABLE });
      return;
    }
    const ann = annOf(file);
    units.push({
      name: file, kind: 'file',
      load: () => readLimited(file, maxBytes),
      ...(format !== 'text' && existsSync(ann) ? { ann: () => readLimited(ann, maxBytes) } : {}),
    });
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) fromFile(p, false);
    }
  };
  for (const p of paths) {
    if (/^https?:\/\//i.test(p)) {
      units.push({ name: p, kind: 'url', load: () => fetchLimited(p, maxBytes, timeoutMs) });
      continue;
    }
    if (!existsSync(p)) {
      failed.push({ name: p, reason: 'no such file or folder' });
      continue;
    }
    if (statSync(p).isDirectory()) walk(p);
    else fromFile(p, true);
  }
  return { units, failed };
}

/** The brat `.ann` beside a document: `a.txt` → `a.ann` (any other name gets `.ann` appended, for a forced `brat`). */
const annOf = (name: string): string => (/\.txt$/i.test(name) ? name.replace(/\.txt$/i, '.ann') : `${name}.ann`);

/** Units from in-memory files (the Api): `.txt` and `.ann` with the same name go together. */
export function unitsFromFiles(files: readonly { name: string; bytes: Uint8Array }[], maxBytes = DEFAULT_MAX, format?: ImportFormat): { units: Unit[]; failed: ImportSummary['failed'] } {
  const units: Unit[] = [];
  const failed: ImportSummary['failed'] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const f of files) {
    if (f.bytes.length > maxBytes) {
      failed.push({ name: f.name, reason: `the file is larger than the limit of ${Math.round(maxBytes / 2 ** 20)} MB` });
      continue;
    }
    if (/\.ann$/i.test(f.name)) {
      if (!byName.has(f.name.replace(/\.ann$/i, '.txt'))) failed.push({ name: f.name, reason: 'a brat .ann file needs its .txt imported with it' });
      continue;
    }
    if (!format && !IMPORTABLE.test(f.name)) {
      failed.push({ name: f.name, reason: NOT_IMPORTABLE });
      continue;
    }
    const ann = byName.get(annOf(f.name));
    units.push({ name: f.name, kind: 'file', load: async () => f.bytes, ...(format !== 'text' && ann ? { ann: async () => ann.bytes } : {}) });
  }
  return { units, failed };
}

async function readLimited(file: string, maxBytes: number): Promise<Uint8Array> {
  const st = statSync(file);
  if (st.size > maxBytes) throw new UnitError(`the file is ${Math.round(st.size / 2 ** 20)} MB; the limit is ${Math.round(maxBytes / 2 ** 20)} MB`);
  try {
    return await readFile(file);
  } catch (e) {
    throw new UnitError(describeFsError(e));
  }
}

async function fetchLimited(url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', headers: { Accept: 'text/html,application/xhtml+xml,text/plain;q=0.9' } });
  } catch (e) {
    const name = (e as Error).name;
    throw new UnitError(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs / 1000} s` : `could not connect (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message})`);
  }
  if (!res.ok) throw new UnitError(`the server answered ${res.status} ${res.statusText}`.trim());
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new UnitError(`the page is ${Math.round(declared / 2 ** 20)} MB; the limit is ${Math.round(maxBytes / 2 ** 20)} MB`);
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read().catch((e: Error) => {
      throw new UnitError(e.name === 'TimeoutError' ? `no complete answer within ${timeoutMs / 1000} s` : `the download broke off (${e.message})`);
    });
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UnitError(`the page is larger than the limit of ${Math.round(maxBytes / 2 ** 20)} MB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---- parsing --------------------------------------------------------------------------------

type Ctx = { store: ProjectStore; opts: ImportOptions; ids: IdSource; now: string; annotator: string; schema: ProjectSchema; known: Source[] };

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

/** The reader for a unit: the forced one, else by extension (a `.txt` with a `.ann` is brat). */
function readerOf(unit: Unit, format: ImportFormat | undefined): ImportFormat {
  if (format) return format;
  const lower = unit.name.toLowerCase().replace(/[?#].*$/, '');
  if (unit.kind === 'url' || /\.html?$/.test(lower)) return 'html';
  if (/\.txt$/.test(lower)) return unit.ann ? 'brat' : 'text';
  if (/\.csv$/.test(lower)) return 'csv';
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  return 'label-studio';
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

/** Parses a unit into documents; what decoding noticed about the file goes to `notes`. */
async function parseUnit(unit: Unit, ctx: Ctx, notes: string[]): Promise<Prepared[]> {
  const bytes = await unit.load();
  const reader = readerOf(unit, ctx.opts.format);
  const read = () => text(bytes, notes);
  switch (reader) {
    case 'html': {
      const page = extractArticle(read(), unit.kind === 'url' ? unit.name : undefined);
      notes.push(...page.warnings);
      if (!page.text.trim()) throw new UnitError(page.plain ? 'there is no text in it' : 'no article text was found in the page');
      const metadata = { ...page.metadata, ...(unit.kind === 'url' && !page.metadata.url ? { url: unit.name } : {}) };
      return [fromPlain(page.text, ctx, unit.name, page.title || undefined, metadata)];
    }
    case 'text':
      return [fromPlain(read(), ctx, unit.name)];
    case 'brat': {
      const annName = annOf(unit.name);
      if (!unit.ann) throw new UnitError(`a brat document needs its annotations beside it (${path.basename(annName)})`);
      // brat counts a UTF-8 byte-order mark as a character of the text (it reads the .txt as
      // plain UTF-8), so it is kept, and every offset stays valid against the user's file.
      const decoded = read();
      const raw = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && !decoded.startsWith('\ufeff') ? '\ufeff' : '') + decoded;
      let ann: string;
      try {
        ann = text(await unit.ann(), notes, path.basename(annName));
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
    case 'csv': {
      const { header, rows, warnings } = parseCsv(read());
      notes.push(...warnings);
      if (!header.includes('text')) throw new UnitError(`the header has no "text" column (it has ${header.join(', ')})`, 1);
      return rows.map((r) => {
        if (!r.values.text?.trim()) throw new UnitError('the "text" field is empty', r.line);
        const { title, metadata } = rowMeta(r.values);
        return fromPlain(r.values.text, ctx, `${unit.name}:${r.line}${r.values.id ? ` (id ${r.values.id})` : ''}`, title, metadata);
      });
    }
    case 'jsonl':
    case 'doccano':
    case 'dataset': {
      const lines = jsonLines(read());
      // Each line builds on the schema the lines before it extended (the last line's is written).
      let schema = ctx.schema;
      return lines.map(({ line, data }) => {
        const obj = data as Record<string, unknown>;
        const isObject = !!obj && typeof obj === 'object';
        if (reader !== 'doccano' && isObject && obj.type === DATASET_TYPE) {
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
        if (reader === 'dataset') throw new UnitError(`each line needs to be a Sourcemark dataset article ("type": "${DATASET_TYPE}")`, line);
        if (reader === 'doccano' || (isObject && (Array.isArray(obj.entities) || Array.isArray(obj.label) || Array.isArray(obj.relations)))) {
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
    case 'label-studio': {
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
  }
}

/**
 * The checks every document passes before it is written, whatever its reader: its link is
 * dropped (with a warning) unless it is http or https, and the whole file is refused when a
 * document is beyond the limits per article.
 */
function checked(items: Prepared[], unitName: string): Prepared[] {
  for (const p of items) {
    const origin = p.doc.article.provenance.origin;
    const where = origin === unitName ? '' : origin.startsWith(unitName) ? `${origin.slice(unitName.length).trim().replace(/^:/, 'line ')}: ` : `article ${p.doc.article.id}: `;
    const problem = articleLimitProblem(p.doc);
    if (problem) throw new UnitError(`${where}${problem} (see "Limits" in the README); nothing was imported from this file`);
    const url = p.doc.article.metadata.url;
    if (url !== undefined && !isWebUrl(url)) {
      const metadata = { ...p.doc.article.metadata };
      delete metadata.url;
      p.doc = { ...p.doc, article: { ...p.doc.article, metadata } };
      p.warnings = [...p.warnings, `${where}its url ${JSON.stringify(url.slice(0, 80))} is not an http or https link; it was not kept`];
    }
  }
  return items;
}

// ---- writing --------------------------------------------------------------------------------

/** Writes one unit's documents, all or none. */
async function writeUnit(items: Prepared[], ctx: Ctx, summary: ImportSummary, name: string, seen: Set<string>): Promise<void> {
  const fresh: Prepared[] = [];
  for (const p of items) {
    const hash = textHash(p.doc.article.text);
    const existing = ctx.store.articleWithText(hash);
    if (existing || seen.has(hash)) {
      summary.duplicates.push({ name: p.doc.article.provenance.origin, title: p.doc.article.title, existing: existing ? existing.title : 'another document in this import' });
      continue;
    }
    seen.add(hash);
    // A dataset line keeps its id unless the project already uses it.
    if (ctx.store.hasArticle(p.doc.article.id) || fresh.some((f) => f.doc.article.id === p.doc.article.id)) {
      p.doc = { ...p.doc, article: { ...p.doc.article, id: ctx.ids('a') } };
    }
    fresh.push(p);
  }
  if (!fresh.length) return;
  const newSchema = fresh.reduce<ProjectSchema | undefined>((s, p) => p.schema ?? s, undefined);
  const known = new Set(ctx.store.sources.map((s) => s.id));
  const newSources = [...new Map(fresh.flatMap((p) => p.sources).filter((s) => !known.has(s.id)).map((s) => [s.id, s])).values()];
  const updated = fresh.flatMap((p) => p.sources).filter((s) => known.has(s.id));
  const written: string[] = [];
  let setup = false;
  try {
    const ops = [
      ...(newSchema ? [{ op: 'setSchema' as const, schema: newSchema }] : []),
      ...newSources.map((source) => ({ op: 'addSource' as const, source })),
      ...updated.map((s) => ({ op: 'updateSource' as const, sourceId: s.id, patch: { aliases: s.aliases } })),
    ];
    if (ops.length) {
      await ctx.store.apply({ op: 'batch', ops }, 'import');
      setup = true;
    }
    for (const p of fresh) {
      await ctx.store.addArticle(p.doc);
      written.push(p.doc.article.id);
    }
  } catch (e) {
    // Whole or nothing: take back what this file wrote.
    for (const id of written) await ctx.store.removeArticle(id).catch(() => undefined);
    if (setup) await ctx.store.undo('import').catch(() => undefined);
    throw new UnitError(e instanceof UserError ? e.message : describeFsError(e));
  }
  if (newSchema) ctx.schema = newSchema;
  ctx.known = ctx.store.sources;
  for (const p of fresh) {
    summary.imported.push({ name: p.doc.article.provenance.origin, id: p.doc.article.id, title: p.doc.article.title, spans: p.doc.spans.length });
    summary.warnings.push(...p.warnings.map((w) => `${name}: ${w}`));
  }
}

async function run(store: ProjectStore, gathered: { units: Unit[]; failed: ImportSummary['failed'] }, opts: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: [], duplicates: [], failed: [...gathered.failed], warnings: [], cancelled: false };
  const ctx: Ctx = {
    store, opts, ids: opts.ids ?? randomId, now: (opts.now ?? (() => new Date().toISOString()))(), annotator: opts.annotator ?? 'import',
    schema: store.schema, known: store.sources,
  };
  const seen = new Set<string>();
  const total = gathered.units.length;
  for (let i = 0; i < total; i++) {
    const unit = gathered.units[i]!;
    opts.onProgress?.({ done: i, total, current: unit.name });
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      break;
    }
    const notes: string[] = [];
    try {
      const items = checked(await parseUnit(unit, ctx, notes), unit.name);
      await writeUnit(items, ctx, summary, unit.name, seen);
      summary.warnings.push(...notes.map((n) => `${unit.name}: ${n}`));
    } catch (e) {
      if (e instanceof UnitError || e instanceof FormatError) summary.failed.push({ name: unit.name, ...(e instanceof UnitError && e.line !== undefined ? { line: e.line } : {}), ...(e instanceof FormatError && e.line !== undefined ? { line: e.line } : {}), reason: e instanceof FormatError && e.line !== undefined ? e.message.replace(/^line \d+: /, '') : e.message });
      // Anything else is a bug in a parser; one file's bug must not stop the batch or write half of it.
      else summary.failed.push({ name: unit.name, reason: `could not be read (${e instanceof Error ? e.message : String(e)}); please report this file` });
    }
  }
  if (!summary.cancelled) opts.onProgress?.({ done: total, total, current: '' });
  return summary;
}

/** Imports files, folders and URLs (the command line). */
export function importPaths(store: ProjectStore, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  return run(store, unitsFromPaths(paths, opts.maxBytes, opts.timeoutMs, opts.format), opts);
}

/** Imports in-memory files (the Api: drag and drop, the Import button). */
export function importFiles(store: ProjectStore, files: readonly { name: string; bytes: Uint8Array }[], opts: ImportOptions = {}): Promise<ImportSummary> {
  return run(store, unitsFromFiles(files, opts.maxBytes, opts.format), opts);
}

/** The summary in words, for the command line and the app. */
export function describeSummary(s: ImportSummary): string[] {
  const lines = [`Imported ${s.imported.length} article${s.imported.length === 1 ? '' : 's'}${s.imported.length ? ` (${s.imported.reduce((n, i) => n + i.spans, 0)} annotations)` : ''}, skipped ${s.duplicates.length} duplicate${s.duplicates.length === 1 ? '' : 's'}, ${s.failed.length} failed${s.cancelled ? '; cancelled before the end' : ''}.`];
  for (const d of s.duplicates) lines.push(`  duplicate: ${d.name} (“${d.title}”) has the same text as “${d.existing}”`);
  for (const f of s.failed) lines.push(`  failed: ${f.name}${f.line !== undefined ? `, line ${f.line}` : ''}: ${f.reason}`);
  for (const w of s.warnings) lines.push(`  note: ${w}`);
  return lines;
}
