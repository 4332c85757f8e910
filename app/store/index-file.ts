/**
 * The article index of a project (`.sourcemark/index.json`): what one entry holds, how an
 * article is summarized into one, and how the index file is read and written.
 *
 * The index is a cache: it must never be the only copy of anything, and must not be written
 * except through the store's save queue (so it never describes files not on disk yet).
 */

import type { StoreFileOps } from './durable.js';
import type { ArticleSummary } from '../../annotations/index.js';
export { summarize, textHash } from '../../annotations/index.js';

export const INDEX_VERSION = 6; // 4: event types counted per article; 5: layer files (`parts`); 6: counts per layer
export const INDEX_KEY = '.sourcemark/index.json';

/**
 * An article's summary with the time and size of its article file, and `parts`: the folder, time
 * and size of each of its layer files (so a layer changed by `git pull` is read again on opening).
 */
export type IndexEntry = ArticleSummary & { mtimeMs: number; size: number; parts?: string };
export type IndexFile = { type: 'sourcemark-index'; version: number; entries: Record<string, IndexEntry> };

/** The index file at `file` when it is readable and of the current version, else undefined. */
export function readIndexFile(file: string, fs: StoreFileOps): IndexFile | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as IndexFile;
    if (raw.type === 'sourcemark-index' && raw.version === INDEX_VERSION) return raw;
  } catch {
    return undefined; // missing or unreadable: rebuilt by the caller
  }
  return undefined;
}

/** Writes the index (without fsync: a lost write only costs a rebuild), via a temporary file. */
export async function writeIndexFile(fs: StoreFileOps, meta: string, file: string, entries: Record<string, IndexEntry>): Promise<void> {
  await fs.mkdir(meta, { recursive: true });
  const data: IndexFile = { type: 'sourcemark-index', version: INDEX_VERSION, entries };
  await fs.writeFile(file + '.tmp', JSON.stringify(data));
  await fs.rename(file + '.tmp', file);
}

/** The entry of an article file that cannot be read, naming why. */
export function damagedEntry(id: string, reason: string, mtimeMs: number, size: number): IndexEntry {
  return {
    id, title: id, status: 'todo', counts: {}, links: 0, sources: [], words: 0,
    updatedAt: new Date(mtimeMs).toISOString(), damaged: reason, mtimeMs, size,
  };
}
