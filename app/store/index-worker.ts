/**
 * A reading thread of the store (node:worker_threads, started by index-pool.ts): reads article
 * files and their layer files and checks them as every read does (article-read.ts), so a pass
 * over a large project (rebuilding the index, an export) uses every core and never blocks the
 * store's thread. Asked for index entries, it posts back each article's entry; asked for
 * articles, each article or why it cannot be read. An article of before layers is left to the
 * store (it is migrated and saved).
 *
 * Must not: write anything.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ArticleDoc, ProjectSchema, Source } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import { articleData, articleFromFiles, articleReadFailure } from './article-read.js';
import { realFileOps } from './durable.js';
import { damagedEntry, summarize, type IndexEntry } from './index-file.js';
import { layerDirs, readLayersSync } from './layer-disk.js';
import { needsMigration } from './migrate.js';

/** What the store gives a reading thread: the project folder, and the schema and sources articles are checked against. */
export type IndexWorkerData = { dir: string; schema: ProjectSchema; sources: Record<string, Source> };
/** One article to read for the index: its id, the layer folders holding its files, its file's time (ms) and size. */
export type IndexWorkItem = [id: string, dirs: string[], mtimeMs: number, size: number];
/** Each article's entry, or null for one the store reads itself (of before layers). */
export type IndexWorkResult = [id: string, entry: IndexEntry | null][];
/** Each article asked for: the article, null for one the store reads itself, or why it cannot be read (a UserError's code and message). */
export type DocWorkResult = [id: string, doc: ArticleDoc | null, error?: { code: string; message: string }][];
/** What a thread is asked: entries of these articles, or these articles. */
export type WorkRequest = { entries: IndexWorkItem[] } | { docs: string[] };

const { dir, schema, sources } = workerData as IndexWorkerData;

/** Article `id` read and checked from its files in `dirs` (the layer folders), or null when it is of before layers. */
function readArticle(id: string, dirs: readonly string[]): ArticleDoc | null {
  const rel = path.join('articles', `${id}.json`);
  let text: string;
  try {
    text = readFileSync(path.join(dir, rel), 'utf8');
  } catch (e) {
    throw articleReadFailure(id, rel, e);
  }
  const data = articleData(id, rel, text);
  if (needsMigration(data, rel, 'sourcemark-article')) return null;
  return articleFromFiles(id, rel, data, readLayersSync(dir, id, dirs), false, { schema, sources }, false).doc;
}

/** The entry of one article, as the store's `entryFromFile` makes it; null when the store must read it. */
function entryOf([id, dirs, mtimeMs, size]: IndexWorkItem): IndexEntry | null {
  try {
    const doc = readArticle(id, dirs);
    return doc && { ...summarize(doc, new Date(mtimeMs).toISOString()), mtimeMs, size };
  } catch (e) {
    return damagedEntry(id, e instanceof UserError ? e.message : describeFsError(e), mtimeMs, size);
  }
}

parentPort?.on('message', (request: WorkRequest) => {
  if ('entries' in request) {
    parentPort?.postMessage(request.entries.map((item): IndexWorkResult[number] => [item[0], entryOf(item)]));
    return;
  }
  const dirs = layerDirs({ dir, fs: realFileOps });
  parentPort?.postMessage(request.docs.map((id): DocWorkResult[number] => {
    try {
      return [id, readArticle(id, dirs)];
    } catch (e) {
      return [id, null, e instanceof UserError ? { code: e.code, message: e.message } : { code: 'damaged', message: describeFsError(e) }];
    }
  }));
});
