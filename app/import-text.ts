/**
 * Articles from plain text: the first line as title when it looks like one, paragraphs from
 * line breaks, boilerplate removed (and kept as provenance), a date in it as the published date.
 */

import {
  createArticle, emptyDoc, firstSentenceTitle, removeBoilerplate, titleLine,
  type ArticleDoc, type ArticleMetadata, type IdSource,
} from '../annotations/index.js';

export type TextImportOptions = {
  ids: IdSource;
  now: string;
  /** Where it came from: a file name, a URL, "paste". */
  origin: string;
  title?: string;
  metadata?: ArticleMetadata;
  /** Remove detected boilerplate (default true). */
  clean?: boolean;
  id?: string;
};

/** Raw text over this size is not copied into provenance (the file name is kept instead). */
const RAW_PROVENANCE_LIMIT = 2_000_000;

/** Makes an article document from plain text. */
export function articleFromText(raw: string, opts: TextImportOptions): ArticleDoc {
  const normalizedNewlines = raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  // Boilerplate first: a photo caption or a sign-up block on the first line is not a title.
  const cleanedAll = opts.clean === false ? { text: normalizedNewlines.trim(), removed: [] } : removeBoilerplate(normalizedNewlines);
  const headed = opts.title === undefined ? titleLine(cleanedAll.text) : undefined;
  const cleaned = headed ? { ...cleanedAll, text: headed.rest.trim() } : cleanedAll;
  const published = opts.metadata?.published ?? ('published' in cleaned ? cleaned.published : undefined);
  const metadata: ArticleMetadata = { ...opts.metadata, ...(published ? { published } : {}) };
  const article = createArticle({
    id: opts.id ?? opts.ids('a'),
    title: opts.title ?? headed?.title ?? firstSentenceTitle(cleaned.text),
    text: cleaned.text,
    metadata,
    provenance: {
      origin: opts.origin,
      importedAt: opts.now,
      ...(raw.length <= RAW_PROVENANCE_LIMIT ? { raw } : {}),
      ...(cleaned.removed.length ? { removed: cleaned.removed.map((b) => `${b.reason}: ${b.text}`) } : {}),
    },
  });
  return emptyDoc(article);
}
