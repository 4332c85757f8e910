/**
 * The article index checked against the files: which article files there are, and for each
 * whether its entry still describes it (the time and size of its article file and of each of
 * its layer files); those that do not, and new ones, are read again (index-pool.ts). Left-over
 * temporary files are removed. Run while a project opens, or after it has opened for a large
 * one (articles.ts), in slices so the store keeps answering meanwhile.
 *
 * Must not: change the store's index but through {@link takeChecked} (the caller decides when).
 */

import path from 'node:path';
import { isSafeId } from '../../annotations/index.js';
import type { StoreCore } from './core.js';
import { stampOf, type Index, type IndexEntry, type IndexFile } from './index-file.js';
import { readIndexEntries } from './index-pool.js';
import type { IndexWorkItem } from './index-worker.js';
import { listLayerFiles, partsSignature } from './layer-disk.js';

/** How long a slice of the check runs before the store's other work gets a turn. */
const SLICE_MS = 8;

/** The entries the files on disk call for now; `read`: how many articles were read again. */
export type CheckedIndex = { entries: Index; read: number; files: number };

/**
 * The entries of every article file, given the index as last written (`cached`; undefined when
 * there is none, so every article is read): an entry that still describes its files is kept (the
 * very same object), the others are read with `readHere` or on reading threads. `stop`, when
 * given: the check runs in slices, letting the store's other work run every few milliseconds, and
 * ends early (its result incomplete) once `stop` says so.
 */
export async function checkIndexFiles(core: StoreCore, cached: IndexFile | undefined, readHere: (item: IndexWorkItem) => Promise<IndexEntry>, stop?: () => boolean): Promise<CheckedIndex> {
  const articlesDir = path.join(core.dir, 'articles');
  const names = core.fs.existsSync(articlesDir) ? core.fs.readdirSync(articlesDir) : [];
  const layerFiles = await listLayerFiles(core);
  const entries: Index = new Map();
  const stale: IndexWorkItem[] = [];
  const parts = new Map<string, string>();
  let slice = performance.now();
  for (const name of names) {
    if (stop && performance.now() - slice > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      if (stop()) break;
      slice = performance.now();
    }
    if (name.endsWith('.tmp') && name.startsWith('.')) {
      if (!core.readOnly) await core.fs.unlink(path.join(articlesDir, name)).catch(() => undefined);
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const id = name.slice(0, -5);
    if (!isSafeId(id)) continue;
    const st = core.fs.statSync(path.join(articlesDir, name));
    const dirs = layerFiles.get(id) ?? [];
    const signature = partsSignature(core, id, dirs);
    const known = cached?.entries.get(id);
    const stamp = known ? stampOf(known) : undefined;
    if (known && stamp && stamp.mtimeMs === st.mtimeMs && stamp.size === st.size && (stamp.parts ?? '') === signature) {
      entries.set(id, known);
      continue;
    }
    entries.set(id, known!); // its place in the order of the files; read below
    stale.push([id, dirs, st.mtimeMs, st.size]);
    parts.set(id, signature);
  }
  await readIndexEntries(core, stale, readHere, (id, entry) => void entries.set(id, { ...entry, parts: parts.get(id)! }));
  return { entries, read: stale.length, files: names.length };
}

/**
 * Takes the checked `entries` into `index` (the store's, in use since opening), except for the
 * articles in `touched` (changed through the store meanwhile: their entries are newer). Returns
 * the ids of the articles whose entries changed or went.
 */
export function takeChecked(index: Index, entries: Index, touched: ReadonlySet<string>): string[] {
  const changed: string[] = [];
  for (const [id, entry] of entries) {
    if (touched.has(id) || index.get(id) === entry) continue;
    index.set(id, entry);
    changed.push(id);
  }
  for (const id of index.keys()) { // deleting the key in hand is safe while a Map is iterated
    if (entries.has(id) || touched.has(id)) continue;
    index.delete(id);
    changed.push(id);
  }
  return changed;
}
