/**
 * Export: streams a project, or a filtered part of it, through one of the pure exporters of
 * `annotations/` to disk, one article at a time (memory does not grow with the corpus). Output
 * is written aside and renamed into place at the end, so a cancelled or failed export leaves no
 * partial file at the output path. Exports through the Api go to the project's `exports/`
 * folder under names no other export uses ({@link exportToProjectFolder}); what a killed export
 * left there is removed when the project is next opened ({@link cleanStaleExports}).
 */
import { existsSync, readdirSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  articleMatches, exporterFor, filterDoc, layerView, layersOf,
  type ArticleDoc, type ExportContext, type ExportFilter, type ExportFormat, type OffsetUnit, type SplitOptions,
} from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import type { ProjectStore } from '../store/project-store.js';
import { withoutSuggestions } from '../../annotations/suggest/build.js';

export type ExportOptions = {
  format: ExportFormat;
  /** The output file (single-file formats) or folder (brat, dataset). */
  out: string;
  filter?: ExportFilter;
  /** Write pending suggestions too (issue 20); by default they never enter an export. */
  includeSuggestions?: boolean;
  unit?: OffsetUnit;
  split?: SplitOptions;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
  /** How a folder export writes each file (a test seam: a disk that fills up). */
  writeFileSync?: (file: string, content: string) => void;
};

export type ExportResult = { out: string; files: string[]; articles: number; spans: number; links: number; warnings: string[]; cancelled: boolean; unit: OffsetUnit };

/** The formats whose records name their annotator (and layer): with `--layer all` each says whose it is. */
const NAMES_ANNOTATOR: ReadonlySet<ExportFormat> = new Set<ExportFormat>(['jsonl', 'label-studio', 'w3c', 'dataset']);

const rand = () => Math.random().toString(36).slice(2, 8);

/** Output paths of the exports running in this process: no second export may choose one. */
const running = new Set<string>();
/** Temporary files and folders of the exports running in this process. */
const liveTemp = new Set<string>();

/** A temporary export file or folder: `.<name>.<pid>.<random>.tmp` (see {@link exportProject}). */
const TEMP_NAME = /^\..+\.(\d+)\.[a-z0-9]+\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Removes the temporary files and folders that exports killed mid-way (SIGKILL, a crash, a power
 * cut) left in `dir`: those whose process is gone, or is this one without such an export
 * running. Returns the names removed. A missing folder is fine.
 */
export function cleanStaleExports(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const pid = Number(m[1]);
    if (liveTemp.has(file) || (pid !== process.pid && processAlive(pid))) continue;
    try {
      rmSync(file, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Left for the next start (a read-only folder, say); it never takes an export's name.
    }
  }
  return removed;
}

/**
 * Exports into `<project>/exports/` under a new name, `<format>-<UTC time to the second><ext>`,
 * with `-2`, `-3`, … when that name is taken on disk or by an export still running (five
 * exports started in the same second get five files).
 */
export async function exportToProjectFolder(store: ProjectStore, opts: Omit<ExportOptions, 'out'> & { now?: Date }): Promise<ExportResult> {
  const dir = path.join(store.dir, 'exports');
  await mkdir(dir, { recursive: true });
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const ext = exporterFor(opts.format, opts.split).extension;
  let out = '';
  for (let n = 1; !out || running.has(out) || existsSync(out); n++) out = path.join(dir, `${opts.format}-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
  // No await between choosing the name and exportProject reserving it (it does so at once).
  return exportProject(store, { ...opts, out });
}

/** Characters a single-file export gathers before it writes them. */
const WRITE_BUFFER = 1 << 20;

/** How long synchronous file writes run before the event loop gets a turn. */
const WRITE_SLICE_MS = 10;

export async function exportProject(store: ProjectStore, opts: ExportOptions): Promise<ExportResult> {
  const out = path.resolve(opts.out);
  if (running.has(out)) throw new UserError('exists', `Another export is writing ${out} right now; choose another name.`);
  running.add(out);
  try {
    return await exportTo(store, opts, out);
  } finally {
    running.delete(out);
  }
}

async function exportTo(store: ProjectStore, opts: ExportOptions, out: string): Promise<ExportResult> {
  const exporter = exporterFor(opts.format, opts.split);
  const unit = opts.unit ?? exporter.defaultUnit;
  const warnings = new Set<string>();
  const ctx: ExportContext = {
    schema: store.schema, sources: Object.fromEntries(store.sources.map((s) => [s.id, s])), settings: store.info.settings,
    projectName: store.info.name, unit, warn: (m) => warnings.add(m),
  };
  const filter = opts.filter ?? {};
  const listed = store.allArticles({ sort: 'title' });
  for (const d of listed.filter((a) => a.damaged)) warnings.add(`Article ${d.id} is damaged and was left out: ${d.damaged}`);
  const ids = listed.filter((a) => !a.damaged && (!filter.status?.length || filter.status.includes(a.status)) && (!filter.articles?.length || filter.articles.includes(a.id))).map((a) => a.id);
  for (const want of filter.articles ?? []) if (!listed.some((a) => a.id === want)) throw new UserError('not-found', `Article ${want} does not exist in this project.`);

  const parent = path.dirname(out);
  if (!existsSync(parent)) throw new UserError('not-found', `The folder ${parent} does not exist.`);
  if (exporter.kind === 'folder' && existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length)) {
    throw new UserError('exists', `${out} already exists and is not an empty folder; choose a new folder for the ${opts.format} export.`);
  }
  if (exporter.kind === 'file' && existsSync(out) && statSync(out).isDirectory()) throw new UserError('exists', `${out} is a folder; give a file name for the ${opts.format} export.`);

  const tmp = path.join(parent, `.${path.basename(out)}.${process.pid}.${rand()}.tmp`);
  liveTemp.add(tmp);
  const result: ExportResult = { out, files: [], articles: 0, spans: 0, links: 0, warnings: [], cancelled: false, unit };
  const handles = new Map<string, FileHandle>();
  const extraTmp: { tmp: string; final: string }[] = [];
  let main: FileHandle | undefined;
  try {
    if (exporter.kind === 'file') {
      main = await open(tmp, 'w');
      if (exporter.header) await main.write(exporter.header(ctx));
    } else {
      await mkdir(tmp, { recursive: true });
    }
    let wrote = false;
    // Reading the next articles overlaps writing this one. A folder's many small files are
    // written synchronously (a thread-pool round trip per open, write and close costs more than
    // the write), in slices of a few milliseconds between which the event loop runs (the Api
    // answers progress requests). Both are bounded, so memory stays flat whatever the corpus.
    let slice = performance.now();
    // A single-file export is written in pieces of about a megabyte, not one write per article.
    let pending = '';
    const flush = async () => {
      if (pending) await main!.write(pending);
      pending = '';
    };
    // Reads run ahead (on the store's reading threads when there are many), in order.
    const docs = store.articlesInTurn(ids);
    try {
      for (let i = 0; i < ids.length; i++) {
        opts.onProgress?.({ done: i, total: ids.length });
        if (opts.signal?.aborted) {
          result.cancelled = true;
          break;
        }
        const full = (await docs.next()).value as ArticleDoc;
        if (!articleMatches(full, filter)) continue;
        // One layer (`--layer`), or every layer with each record naming its annotator (layers.ts).
        const layered = filter.layer === undefined || filter.layer === 'all' ? full : layerView(full, filter.layer);
        const doc = filterDoc(opts.includeSuggestions ? layered : withoutSuggestions(layered), filter);
        if (!NAMES_ANNOTATOR.has(opts.format) && layersOf(doc).length > 1) {
          warnings.add(`${opts.format} does not record who made an annotation: articles with several layers (such as "${doc.article.title}") have every layer's annotations written together; export one layer with --layer curated or --layer NAME.`);
        }
        result.articles++;
        result.spans += doc.spans.length;
        result.links += doc.links.length;
        if (exporter.kind === 'file') {
          const chunk = exporter.chunk!(doc, ctx, !wrote);
          if (chunk) {
            pending += chunk;
            wrote = true;
            if (pending.length >= WRITE_BUFFER) await flush();
          }
        } else {
          for (const f of exporter.files!(doc, ctx)) {
            const file = path.join(tmp, f.name);
            if (f.append) {
              let h = handles.get(f.name);
              if (!h) {
                h = await open(file, 'a');
                handles.set(f.name, h);
              }
              await h.write(f.content);
            } else {
              (opts.writeFileSync ?? writeFileSync)(file, f.content);
              if (performance.now() - slice > WRITE_SLICE_MS) {
                await new Promise((r) => setImmediate(r));
                slice = performance.now();
              }
            }
          }
        }
      }
    } finally {
      await docs.return(undefined); // the reading threads end, however the loop ended
    }
    if (result.cancelled) throw new CancelledExport();
    opts.onProgress?.({ done: ids.length, total: ids.length });
    if (main) {
      await flush();
      if (exporter.footer) await main.write(exporter.footer(ctx));
      await main.sync();
      await main.close();
      main = undefined;
    }
    for (const [, h] of handles) await h.close();
    handles.clear();
    for (const x of exporter.extra?.(ctx) ?? []) {
      if (exporter.kind === 'folder') await writeFile(path.join(tmp, x.name), x.content);
      else {
        // Beside the file: tasks.json → tasks.label-config.xml.
        const final = path.join(parent, `${path.basename(out).replace(/\.[^.]+$/, '')}.${x.name}`);
        const t = path.join(parent, `.${path.basename(final)}.${process.pid}.${rand()}.tmp`);
        liveTemp.add(t);
        await writeFile(t, x.content);
        extraTmp.push({ tmp: t, final });
      }
    }
    if (exporter.kind === 'folder' && existsSync(out)) rmdirSync(out); // empty, checked above
    await rename(tmp, out);
    result.files.push(out);
    for (const x of extraTmp) {
      await rename(x.tmp, x.final);
      result.files.push(x.final);
    }
  } catch (e) {
    await main?.close().catch(() => undefined);
    for (const [, h] of handles) await h.close().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
    for (const x of extraTmp) await rm(x.tmp, { force: true });
    forget(tmp, extraTmp);
    if (e instanceof CancelledExport) return { ...result, files: [], warnings: [...warnings] };
    if (e instanceof UserError) throw e;
    throw new UserError('write-failed', `Could not write the ${opts.format} export to ${out}: ${describeFsError(e)}. Nothing was left at that path.`);
  }
  forget(tmp, extraTmp);
  result.warnings = [...warnings];
  return result;
}

function forget(tmp: string, extra: { tmp: string }[]): void {
  liveTemp.delete(tmp);
  for (const x of extra) liveTemp.delete(x.tmp);
}

class CancelledExport extends Error {}
