/** Temporary project folders with real files, and helpers to fill them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createArticle, emptyDoc, makeFragment, type ArticleDoc, type Span } from '../../annotations/index.js';
import { ProjectStore, type StoreOptions } from '../../app/store/project-store.js';
import { realFileOps, type FileOps } from '../../app/store/durable.js';
import { INDEX_KEY, readIndexFile, summaryOf, type IndexEntry } from '../../app/store/index-file.js';

const made: string[] = [];

/** A new empty temporary folder, removed by {@link cleanTemp}. */
export function tempDir(prefix = 'sourcemark-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const opened: ProjectStore[] = [];

/**
 * Closes the stores {@link newProject} opened (a store left open may still write its debounced
 * index into its folder), then removes every folder {@link tempDir} made. Await it, or hand it to
 * `afterEach`/`afterAll`, which do.
 */
export async function cleanTemp(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
}

export const T0 = new Date('2026-03-01T10:00:00.000Z');

/** A clock that advances one second per call, from {@link T0}. */
export function steppingClock(stepMs = 1000): () => Date {
  let t = T0.getTime();
  return () => new Date((t += stepMs));
}

export function articleDoc(id: string, text: string, title = `Article ${id}`): ArticleDoc {
  return emptyDoc(createArticle({ id, title, text, provenance: { origin: 'test', importedAt: T0.toISOString() } }));
}

export function span(doc: ArticleDoc, id: string, label: string, start: number, end: number, extra: Partial<Span> = {}): Span {
  return {
    id, label, fragments: [makeFragment(doc.article.text, start, end)], attributes: {}, annotator: 'test', origin: 'manual',
    createdAt: T0.toISOString(), updatedAt: T0.toISOString(), ...extra,
  };
}

export async function newProject(opts: StoreOptions = {}): Promise<{ dir: string; store: ProjectStore }> {
  const dir = path.join(tempDir(), 'project');
  const store = await ProjectStore.create(dir, { name: 'Test project' }, opts);
  opened.push(store);
  return { dir, store };
}

/** File operations whose temporary-file opens fail with ENOSPC while `full` is true. */
export function fillableDisk(): { fs: FileOps; full: boolean } {
  const disk = {
    full: false,
    fs: {
      ...fsp,
      open: (async (f: string, flags?: string) => {
        if (disk.full && String(f).endsWith('.tmp')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return fsp.open(f, flags);
      }) as FileOps['open'],
    } as FileOps,
  };
  return disk;
}

/** Writes `entries` (name → content) below `dir`, making folders as needed; returns their paths. */
export function files(dir: string, entries: Record<string, string | Uint8Array>): string[] {
  return Object.entries(entries).map(([name, content]) => {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  });
}

/** Every article document of a store, in list order. */
export const allDocs = async (store: ProjectStore): Promise<ArticleDoc[]> => Promise.all(store.listArticles().items.map((a) => store.getArticle(a.id)));

/** The index file of the project at `dir` as plain entries by id (each as the store would list it, with its files' time and size), or undefined when it is missing or not of this version. */
export function readIndex(dir: string): Record<string, IndexEntry> | undefined {
  const read = readIndexFile(path.join(dir, INDEX_KEY), realFileOps);
  return read && Object.fromEntries([...read.entries].map(([id, e]) => [id, plainEntry(e)]));
}

/** An index entry as plain data (an entry read from the index file has getters): its summary and its files' time and size. */
export const plainEntry = (e: IndexEntry): IndexEntry => ({ ...summaryOf(e), mtimeMs: e.mtimeMs, size: e.size, ...(e.parts !== undefined ? { parts: e.parts } : {}) });
