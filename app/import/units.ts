/**
 * Gathering what an import reads ("units"): files and folders on disk and URLs (the command
 * line), or in-memory files (the Api). A folder is walked recursively; a brat `.txt` and its
 * `.ann` make one unit (paired by annotations/formats/brat.ts' `pairStandoffFiles`, the one
 * rule every importer follows). Which files are taken comes from the registry of formats:
 * without `--format`, the extensions some reader detects; with it, the extensions that reader
 * takes from a folder (a file named by itself is taken whatever its name). Files and downloads
 * are read lazily, within a size limit. Nothing is parsed here: see readers.ts.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDetectedFile, isFolderFileOf, pairStandoffFiles, type ImportFormat } from '../../annotations/index.js';
import { describeFsError } from '../errors.js';
import { decodeText } from './decode.js';
import type { ImportSummary } from './summary.js';

/** One thing to import: a file (with its brat `.ann`, if any) or a URL. */
export type Unit = { name: string; kind: 'file' | 'url'; load: () => Promise<Uint8Array>; ann?: () => Promise<Uint8Array> };

/** The units gathered, and what could not be taken, with why. */
export type Gathered = { units: Unit[]; failed: ImportSummary['failed'] };

/** The largest file or download an import takes by default, in bytes (50 MB). */
export const DEFAULT_MAX = 50 * 1024 * 1024;

/** An import failure with the line it is on. */
export class UnitError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

/** The text of `bytes`; what decoding had to guess or repair goes to `notes` (`label` names a second file). */
export function decoded(bytes: Uint8Array, notes: string[], label?: string): string {
  try {
    const d = decodeText(bytes);
    if (d.warning) notes.push(label ? `${label}: ${d.warning}` : d.warning);
    return d.text;
  } catch (e) {
    throw new UnitError((e as Error).message);
  }
}

const NOT_IMPORTABLE = 'Sourcemark imports .txt (with .ann), .html, .htm, .jsonl, .json and .csv files';

/** Units from paths on disk and URLs: folders are walked; `.txt` + `.ann` pairs go together. */
export function unitsFromPaths(paths: readonly string[], maxBytes = DEFAULT_MAX, timeoutMs = 20_000, format?: ImportFormat): Gathered {
  const units: Unit[] = [];
  const failed: ImportSummary['failed'] = [];
  const fromFile = (file: string, explicit: boolean): void => {
    const [pair] = pairStandoffFiles([file], existsSync);
    if (!pair) return;
    if (pair.role === 'ann') {
      if (!pair.paired) failed.push({ name: file, reason: 'a brat .ann file needs its .txt beside it' });
      return;
    }
    // A forced reader takes any file named one by one; in a folder, the extensions it reads.
    if (!(format ? explicit || isFolderFileOf(format, file) : isDetectedFile(file))) {
      if (explicit) failed.push({ name: file, reason: NOT_IMPORTABLE });
      return;
    }
    const ann = pair.ann;
    units.push({
      name: file, kind: 'file',
      load: () => readLimited(file, maxBytes),
      ...(format !== 'text' && ann !== undefined ? { ann: () => readLimited(ann, maxBytes) } : {}),
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

/** Units from in-memory files (the Api): `.txt` and `.ann` with the same name go together. */
export function unitsFromFiles(files: readonly { name: string; bytes: Uint8Array }[], maxBytes = DEFAULT_MAX, format?: ImportFormat): Gathered {
  const units: Unit[] = [];
  const failed: ImportSummary['failed'] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  const pairs = pairStandoffFiles(files.map((f) => f.name));
  files.forEach((f, i) => {
    const pair = pairs[i]!;
    if (f.bytes.length > maxBytes) {
      failed.push({ name: f.name, reason: `the file is larger than the limit of ${Math.round(maxBytes / 2 ** 20)} MB` });
      return;
    }
    if (pair.role === 'ann') {
      if (!pair.paired) failed.push({ name: f.name, reason: 'a brat .ann file needs its .txt imported with it' });
      return;
    }
    if (!format && !isDetectedFile(f.name)) {
      failed.push({ name: f.name, reason: NOT_IMPORTABLE });
      return;
    }
    const ann = pair.ann !== undefined ? byName.get(pair.ann) : undefined;
    units.push({ name: f.name, kind: 'file', load: async () => f.bytes, ...(format !== 'text' && ann ? { ann: async () => ann.bytes } : {}) });
  });
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
