/**
 * The article index of a project (`.sourcemark/index.json`): what one entry holds, how an
 * article is summarized into one, and how the index file is read and written.
 *
 * The index is a cache: it must never be the only copy of anything, and must not be written
 * except through the store's save queue (so it never describes files not on disk yet).
 */

import { readFileSync } from 'node:fs';
import type { ArticleDoc } from '../annotations/index.js';
import type { FileOps } from './durable.js';
import type { ArticleSummary } from './api.js';

export const INDEX_VERSION = 4; // 4: event types counted per article
export const INDEX_KEY = '.sourcemark/index.json';

export type IndexEntry = ArticleSummary & { mtimeMs: number; size: number };
export type IndexFile = { type: 'sourcemark-index'; version: number; entries: Record<string, IndexEntry> };

const emptyCounts = (): Record<string, number> => ({});

export function summarize(doc: ArticleDoc, updatedAt: string): ArticleSummary {
  const counts = emptyCounts();
  const attributes = emptyCounts();
  const linkTypes = emptyCounts();
  for (const s of doc.spans) {
    counts[s.label] = (counts[s.label] ?? 0) + 1;
    for (const [k, v] of Object.entries(s.attributes)) attributes[`${s.label}/${k}=${v}`] = (attributes[`${s.label}/${k}=${v}`] ?? 0) + 1;
  }
  for (const l of doc.links) linkTypes[l.type] = (linkTypes[l.type] ?? 0) + 1;
  const eventTypes = emptyCounts();
  for (const e of doc.events) eventTypes[e.type] = (eventTypes[e.type] ?? 0) + 1;
  const sources = [...new Set(doc.spans.flatMap((s) => (s.sourceId ? [s.sourceId] : [])))].sort();
  const a = doc.article;
  return {
    id: a.id, title: a.title, status: a.status, counts, links: doc.links.length, linkTypes, eventTypes, attributes, sources, updatedAt, textHash: textHash(a.text),
    words: a.text.split(/\s+/).filter(Boolean).length,
    ...(a.metadata.outlet ? { outlet: a.metadata.outlet } : {}),
    ...(a.metadata.published ? { published: a.metadata.published } : {}),
  };
}

/** A short hash of an article's text (FNV-1a, 64 bits as hex), for finding duplicates. */
export function textHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** The index file at `file` when it is readable and of the current version, else undefined. */
export function readIndexFile(file: string): IndexFile | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
    if (raw.type === 'sourcemark-index' && raw.version === INDEX_VERSION) return raw;
  } catch {
    return undefined; // missing or unreadable: rebuilt by the caller
  }
  return undefined;
}

/** Writes the index (without fsync: a lost write only costs a rebuild), via a temporary file. */
export async function writeIndexFile(fs: FileOps, meta: string, file: string, entries: Record<string, IndexEntry>): Promise<void> {
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
