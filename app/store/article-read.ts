/**
 * An article read from its files: the checks every read makes, in one place for the store
 * (articles.ts) and the index's reading threads (index-worker.ts). From the parsed article file
 * and layer files: joined (layer-files.ts), matched against the article format, its spans in one
 * order, its id checked, its annotations checked against the schema and sources.
 *
 * Also the article a backup holds.
 *
 * Must not: touch the disk or hold state; the callers read the files (or say how) and keep what
 * they need.
 */

import { ArticleDocSchema, compareSpans, formatIssues, validateDoc, type ArticleDoc, type ProjectSchema, type Source } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import { unreadableReason } from './durable.js';
import { joinParts, noteArticleOnDisk, type DiskState, type ReadLayer } from './layer-files.js';
import { migrateArticle, needsMigration } from './migrate.js';

/** The article file's data when it is missing (null): the error an article that is not there gives. */
export const missingArticle = (id: string): UserError => new UserError('not-found', `Article ${id} does not exist.`);

/** The data of article `id`'s file (`rel`) from its `text`; a UserError naming the problem when it is not JSON or is null. */
export function articleData(id: string, rel: string, text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError('damaged', `${rel}: ${unreadableReason(text, e)}`);
  }
  if (data === null) throw missingArticle(id);
  return data;
}

/** What a failed read of article `id`'s file (`rel`) means, as a UserError to throw: missing, or why it cannot be read. */
export const articleReadFailure = (id: string, rel: string, e: unknown): UserError =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' ? missingArticle(id) : new UserError('damaged', `${rel}: ${describeFsError(e)}`);

/**
 * The article `id` (its file `rel`) from the parsed article file `data` and its layer files.
 * `migrated`: the file is of before layers (needsMigration said so), so it holds every
 * annotation and its layer files are not read. `disk`: what is on disk of it is wanted (for
 * writing it later; an article read for its summary alone needs none). Throws a UserError
 * naming the problem.
 */
export function articleFromFiles(
  id: string, rel: string, data: unknown, layers: readonly ReadLayer[], migrated: boolean,
  against: { schema: ProjectSchema; sources: Readonly<Record<string, Source>> }, disk: boolean,
): { doc: ArticleDoc; disk: DiskState | undefined } {
  let joined: unknown;
  let state: DiskState | undefined;
  if (migrated) joined = migrateArticle(data as Record<string, unknown>);
  else {
    const parts = joinParts(id, rel, data as Record<string, unknown>, layers, disk);
    joined = parts.data;
    state = parts.disk;
  }
  const parsed = ArticleDocSchema.safeParse(joined);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UserError('damaged', `${rel} does not match the article format (${first.path.join('.') || 'file'}: ${first.message}).`);
  }
  const doc = parsed.data;
  doc.spans.sort(compareSpans); // one order for the spans of every layer (each layer's own order is kept)
  if (doc.article.id !== id) throw new UserError('damaged', `${rel} holds article "${doc.article.id}", not "${id}".`);
  const issues = validateDoc(doc, against.schema, against.sources);
  if (issues.length) throw new UserError('damaged', `${rel} has annotations that do not fit: ${formatIssues(issues)}`);
  if (state && disk) noteArticleOnDisk(state, doc);
  return { doc, disk: disk ? state : undefined };
}

/**
 * The article in backup `file` (its text from `read`) when it is readable (migrated if old) and
 * is article `id`; else undefined.
 */
export function backupArticle(read: () => string, file: string, id: string): ArticleDoc | undefined {
  try {
    const data = JSON.parse(read()) as Record<string, unknown>;
    const parsed = ArticleDocSchema.safeParse(needsMigration(data, file, 'sourcemark-article') ? migrateArticle(data) : data);
    return parsed.success && parsed.data.article.id === id ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
