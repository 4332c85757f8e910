/**
 * Export: streams a project, or a filtered part of it, through one of the pure exporters of
 * `annotations/` to disk, one article at a time (memory does not grow with the corpus). Output
 * is written aside and renamed into place at the end, so a cancelled or failed export leaves no
 * partial file at the output path.
 */
import { existsSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  articleMatches, exporterFor, filterDoc,
  type ArticleDoc, type ExportContext, type ExportFilter, type ExportFormat, type OffsetUnit, type SplitOptions,
} from '../annotations/index.js';
import { UserError, describeFsError } from './errors.js';
import type { ProjectStore } from './store.js';

export type ExportOptions = {
  format: ExportFormat;
  /** The output file (single-file formats) or folder (brat, dataset). */
  out: string;
  filter?: ExportFilter;
  unit?: OffsetUnit;
  split?: SplitOptions;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
  /** How a folder export writes each file (a test seam: a disk that fills up). */
  writeFileSync?: (file: string, content: string) => void;
};

export type ExportResult = { out: string; files: string[]; articles: number; spans: number; links: number; warnings: string[]; cancelled: boolean; unit: OffsetUnit };

const rand = () => Math.random().toString(36).slice(2, 8);

/** Articles read ahead of the one being written: enough to keep the disk busy, few enough to keep memory flat. */
const READ_AHEAD = 8;

/** Characters a single-file export gathers before it writes them. */
const WRITE_BUFFER = 1 << 20;

/** How long synchronous file writes run before the event loop gets a turn. */
const WRITE_SLICE_MS = 10;

export async function exportProject(store: ProjectStore, opts: ExportOptions): Promise<ExportResult> {
  const exporter = exporterFor(opts.format, opts.split);
  const unit = opts.unit ?? exporter.defaultUnit;
  const out = path.resolve(opts.out);
  const warnings = new Set<string>();
  const ctx: ExportContext = {
    schema: store.schema, sources: Object.fromEntries(store.sources.map((s) => [s.id, s])), settings: store.info.settings,
    projectName: store.info.name, unit, warn: (m) => warnings.add(m),
  };
  const filter = opts.filter ?? {};
  const listed = store.listArticles({ limit: 1_000_000, sort: 'title' }).items;
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
    // Reads run a few articles ahead (each read waits mostly on the disk), in order.
    const ahead: Promise<ArticleDoc>[] = [];
    let asked = 0;
    const readAhead = () => {
      while (ahead.length < READ_AHEAD && asked < ids.length) {
        const p = store.getArticle(ids[asked++]!);
        p.catch(() => undefined); // awaited below, in order; this only marks it handled meanwhile
        ahead.push(p);
      }
    };
    readAhead();
    for (let i = 0; i < ids.length; i++) {
      opts.onProgress?.({ done: i, total: ids.length });
      if (opts.signal?.aborted) {
        result.cancelled = true;
        await Promise.allSettled(ahead);
        break;
      }
      const full = await ahead.shift()!;
      readAhead();
      if (!articleMatches(full, filter)) continue;
      const doc = filterDoc(full, filter);
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
    if (e instanceof CancelledExport) return { ...result, files: [], warnings: [...warnings] };
    if (e instanceof UserError) throw e;
    throw new UserError('write-failed', `Could not write the ${opts.format} export to ${out}: ${describeFsError(e)}. Nothing was left at that path.`);
  }
  result.warnings = [...warnings];
  return result;
}

class CancelledExport extends Error {}
