/**
 * Import: articles from text, web pages (files and URLs), JSON Lines and CSV; annotations from
 * brat, doccano, Label Studio and Sourcemark's own dataset. Files, folders (recursively; a
 * `.txt` with a sibling `.ann` is a brat document) and URLs from the command line; in-memory
 * files from the Api (drag and drop, the Import button).
 *
 * Three steps, one module each: units.ts gathers what to read, readers.ts parses each unit with
 * the reader its extension chooses in the registry of formats (annotations/formats/registry.ts)
 * unless `format` forces one (`import --format NAME`), and this module checks and writes. Text
 * is decoded by decode.ts, which says when a file was not clean UTF-8. An article's link
 * (`metadata.url`) is kept only when it is http or https. Each document is checked against the
 * limits per article (annotations/model/limits.ts) before anything is written, and a file with
 * a document beyond them is refused, naming the limit.
 *
 * Each file is imported whole or not at all: it is parsed and checked in memory first, and if
 * writing it fails half way, what it wrote is taken back. A bad file is reported with its path,
 * line and reason, and the batch goes on. Documents whose text is already in the project are
 * reported and skipped. Long imports report progress and stop between files when cancelled.
 */

import { FormatError, annotatorNameProblem, randomId, type ArticleDoc, type IdSource, type Operation, type ProjectSchema } from '../../annotations/index.js';
import { articleLimitProblem } from '../../annotations/model/limits.js';
import { UserError, describeFsError } from '../errors.js';
import { isWebUrl } from './html.js';
import { parseUnit, type Ctx, type Prepared, type ReadOptions } from './readers.js';
import type { ImportSummary } from './summary.js';
import { UnitError, unitsFromFiles, unitsFromPaths, type Gathered } from './units.js';
import { textHash, type ProjectStore } from '../store/project-store.js';

export { describeSummary, type ImportSummary } from './summary.js';
export { unitsFromFiles, unitsFromPaths } from './units.js';

export type ImportOptions = ReadOptions & {
  /** Who made the annotations when a file does not say. */
  annotator?: string;
  // `layer` (ReadOptions): the layer the annotations go into (`import --annotator NAME`): every
  // span, link and event imported is NAME's, whatever the file says, and a text the project
  // already has gets them added (instead of being skipped as a duplicate).
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
  /** Largest file or download accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** URL fetch timeout in milliseconds (default 20 s). */
  timeoutMs?: number;
  ids?: IdSource;
  now?: () => string;
};

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
  const additions: { p: Prepared; into: string; title: string }[] = [];
  const layer = ctx.opts.layer;
  for (const p of items) {
    if (layer !== undefined) p.doc = intoLayer(p.doc, layer);
    const hash = textHash(p.doc.article.text);
    const existing = ctx.store.articleWithText(hash);
    if (existing && layer !== undefined && p.doc.spans.length && !seen.has(hash)) {
      additions.push({ p, into: existing.id, title: existing.title });
      continue;
    }
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
  if (!fresh.length && !additions.length) return;
  const all = [...fresh, ...additions.map((a) => a.p)];
  const newSchema = all.reduce<ProjectSchema | undefined>((s, p) => p.schema ?? s, undefined);
  const known = new Set(ctx.store.sources.map((s) => s.id));
  const newSources = [...new Map(all.flatMap((p) => p.sources).filter((s) => !known.has(s.id)).map((s) => [s.id, s])).values()];
  const updated = all.flatMap((p) => p.sources).filter((s) => known.has(s.id));
  const author = layer !== undefined ? { annotator: layer } : {};
  let added = 0;
  const written: string[] = [];
  let setup = false;
  try {
    const ops = [
      ...(newSchema ? [{ op: 'setSchema' as const, schema: newSchema }] : []),
      ...newSources.map((source) => ({ op: 'addSource' as const, source })),
      ...updated.map((s) => ({ op: 'updateSource' as const, sourceId: s.id, patch: { aliases: s.aliases } })),
    ];
    if (ops.length) {
      await ctx.store.apply({ op: 'batch', ops }, 'import', author);
      setup = true;
    }
    for (const p of fresh) {
      await ctx.store.addArticle(p.doc);
      written.push(p.doc.article.id);
    }
    for (const a of additions) {
      await ctx.store.apply({ op: 'batch', ops: await additionOps(ctx, a.p.doc, a.into) }, 'import', author);
      added++;
    }
  } catch (e) {
    // Whole or nothing: take back what this file wrote.
    for (let i = 0; i < added; i++) await ctx.store.undo('import', author).catch(() => undefined);
    for (const id of written) await ctx.store.removeArticle(id).catch(() => undefined);
    if (setup) await ctx.store.undo('import', author).catch(() => undefined);
    throw new UnitError(e instanceof UserError ? e.message : describeFsError(e));
  }
  if (newSchema) ctx.schema = newSchema;
  ctx.known = ctx.store.sources;
  for (const p of fresh) {
    summary.imported.push({ name: p.doc.article.provenance.origin, id: p.doc.article.id, title: p.doc.article.title, spans: p.doc.spans.length });
    summary.warnings.push(...p.warnings.map((w) => `${name}: ${w}`));
  }
  for (const { p, into, title } of additions) {
    (summary.added ??= []).push({ name: p.doc.article.provenance.origin, id: into, title, spans: p.doc.spans.length });
    summary.warnings.push(...p.warnings.map((w) => `${name}: ${w}`));
  }
}

/** `doc` with every span, link and event made `layer`'s (`import --annotator`). */
function intoLayer(doc: ArticleDoc, layer: string): ArticleDoc {
  const mine = <T extends { annotator?: string | undefined; layer?: string | undefined }>(x: T): T => {
    const { layer: _l, ...rest } = x;
    return { ...rest, annotator: layer } as T;
  };
  return { ...doc, spans: doc.spans.map(mine), links: doc.links.map(mine), events: doc.events.map(mine) };
}

/**
 * The operations that add the annotations of `doc` to article `into`, which has the same text:
 * ids already used there are given new ones (and the links and events follow).
 */
async function additionOps(ctx: Ctx, doc: ArticleDoc, into: string): Promise<Operation[]> {
  const target = await ctx.store.getArticle(into);
  const used = new Set([...target.spans.map((x) => x.id), ...target.links.map((x) => x.id), ...target.events.map((x) => x.id)]);
  const ids = new Map<string, string>();
  const fresh = (id: string, prefix: string): string => {
    let next = id;
    while (used.has(next)) next = ctx.ids(prefix);
    used.add(next);
    ids.set(id, next);
    return next;
  };
  const spans = doc.spans.map((x) => ({ ...x, id: fresh(x.id, 's') }));
  const id = (old: string) => ids.get(old) ?? old;
  const links = doc.links.map((l) => ({ ...l, id: fresh(l.id, 'l'), from: id(l.from), to: id(l.to) }));
  const events = doc.events.map((e) => ({ ...e, id: fresh(e.id, 'e'), ...(e.trigger ? { trigger: id(e.trigger) } : {}), args: e.args.map((a) => ({ ...a, spanId: id(a.spanId) })) }));
  // Links an event derives are the event's: only the others are added on their own.
  return [
    ...spans.map((span) => ({ op: 'addSpan' as const, articleId: into, span })),
    ...links.filter((l) => !l.event).map((link) => ({ op: 'addLink' as const, articleId: into, link })),
    ...events.map((event) => ({ op: 'addEvent' as const, articleId: into, event })),
  ];
}

async function run(store: ProjectStore, gathered: Gathered, opts: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: [], duplicates: [], failed: [...gathered.failed], warnings: [], cancelled: false };
  const ctx: Ctx = {
    store, opts, ids: opts.ids ?? randomId, now: (opts.now ?? (() => new Date().toISOString()))(), annotator: opts.layer ?? opts.annotator ?? 'import',
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
/** Refuses a layer no annotator may have (`curated`, `all`), naming why. */
function checkLayer(opts: ImportOptions): void {
  const problem = opts.layer === undefined ? undefined : annotatorNameProblem(opts.layer);
  if (problem) throw new UserError('bad-request', `--annotator: ${problem}.`);
}

export async function importPaths(store: ProjectStore, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  checkLayer(opts);
  return run(store, unitsFromPaths(paths, opts.maxBytes, opts.timeoutMs, opts.format), opts);
}

/** Imports in-memory files (the Api: drag and drop, the Import button). */
export async function importFiles(store: ProjectStore, files: readonly { name: string; bytes: Uint8Array }[], opts: ImportOptions = {}): Promise<ImportSummary> {
  checkLayer(opts);
  return run(store, unitsFromFiles(files, opts.maxBytes, opts.format), opts);
}
