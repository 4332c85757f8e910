/**
 * Migrations of saved files from older format versions to {@link FORMAT_VERSION}.
 *
 * Version 0 is the prototype's article format: spans had one `start`/`end` range and a `text`,
 * without fragments or context, and sources lived inside each article. A migration is a pure
 * function from the parsed old file to the next version; the store keeps the original file as a
 * backup the first time it migrates one.
 *
 * Version 1 → 2: articles gain `events` (empty).
 *
 * Version 2 → 3: an article's annotations move out of `articles/<id>.json` into one file per
 * layer (`layers/<layer>/<id>.json`, see layer-files.ts). The document itself is the same; the
 * store splits it when it saves the migrated article.
 */

import { CONTEXT_LENGTH, FORMAT_VERSION, fileHeader } from '../../annotations/index.js';
import { UserError } from '../errors.js';
import { LAYERS_DIR } from './layer-files.js';

type Json = Record<string, unknown>;

const articleMigrations: Record<number, (old: Json) => Json> = {
  0: (old) => {
    const article = old.article as Json & { text: string };
    const text = article.text;
    const spans = ((old.spans as Json[] | undefined) ?? []).map((s) => {
      const { start, end, ...rest } = s as Json & { start: number; end: number };
      delete rest.text;
      return {
        ...rest,
        fragments: [{
          start, end, text: text.slice(start, end),
          prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start), suffix: text.slice(end, end + CONTEXT_LENGTH),
        }],
        attributes: rest.attributes ?? {},
        origin: rest.origin ?? 'manual',
      };
    });
    return { ...old, version: 1, spans };
  },
  // Format 2 added events (attributions as one unit); older articles have none.
  1: (old) => ({ ...old, version: 2, events: Array.isArray(old.events) ? old.events : [] }),
  // Format 3 keeps the annotations per layer: the same document, split when saved (articles.ts).
  2: (old) => ({ ...old, version: 3 }),
};

/** True when the file needs migrating; throws a clear error when it is newer than this app. */
export function needsMigration(data: unknown, file: string, expectedType: string): boolean {
  const header = fileHeader(data);
  if (!header) throw new UserError('damaged', `${file} has no {type, version} header: it is not a Sourcemark file.`);
  if (header.type !== expectedType) throw new UserError('damaged', `${file} is a "${header.type}" file, not a "${expectedType}" file.`);
  if (header.version > FORMAT_VERSION) {
    throw new UserError('newer-version', `${file} was written by a newer Sourcemark (format ${header.version}; this version reads up to ${FORMAT_VERSION}). Update Sourcemark to open it; the file was not changed.`);
  }
  return header.version < FORMAT_VERSION;
}

/** Migrates a parsed article file step by step to the current version. */
export function migrateArticle(data: Json): Json {
  let current = data;
  while ((current.version as number) < FORMAT_VERSION) {
    const step = articleMigrations[current.version as number];
    if (!step) throw new UserError('damaged', `No migration from article format ${String(current.version)}.`);
    current = step(current);
  }
  return current;
}

/** What the user is told when the articles `ids` were migrated to one file per layer. */
export function migrationMessage(ids: readonly string[]): string {
  if (ids.length === 1) {
    const id = ids[0]!;
    return `articles/${id}.json was in an older format and has been updated (its annotations are now kept per annotator in ${LAYERS_DIR}/<annotator>/${id}.json); the original is kept in .sourcemark/backups/${id}/.`;
  }
  return `${ids.length} articles (articles/${ids[0]}.json and others) were in an older format and have been updated: their annotations are now kept per annotator in ${LAYERS_DIR}/<annotator>/<article>.json; the originals are kept in .sourcemark/backups/<article>/.`;
}
