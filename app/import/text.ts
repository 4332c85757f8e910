/**
 * Articles from plain text: the first line as title when it looks like one, paragraphs from
 * line breaks, boilerplate removed (and kept as provenance), a date in it as the published date;
 * and cleaning again later ({@link cleaningOf}, {@link recleanedArticle}). No Node imports: the
 * Api's types name {@link CleaningInfo}, and the renderer compiles them.
 */

import {
  createArticle, detectBoilerplate, emptyDoc, firstSentenceTitle, removeBoilerplate, titleLine,
  type Article, type ArticleDoc, type ArticleMetadata, type BoilerplateBlock, type IdSource,
} from '../../annotations/index.js';
import { UserError } from '../errors.js';

/** The boilerplate blocks cleaning found in an article's original text (see {@link cleaningOf}). */
export type CleaningInfo = {
  /** Every block detected in the original, in order; `removed` says whether the text lacks it now. */
  blocks: { reason: BoilerplateBlock['reason']; text: string; removed: boolean }[];
  /** Why the blocks can no longer be changed, when they cannot (annotation has started, no original kept). */
  locked?: string;
};

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

/** The raw text with its BOM dropped and line breaks as LF: what cleaning detects blocks in. */
const rawLines = (raw: string): string => raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');

const NO_ORIGINAL = 'The original text of this article was not kept (it was too large), so its cleaning cannot be changed.';

/** How a removed block is recorded in provenance. */
const removedEntry = (b: BoilerplateBlock): string => `${b.reason}: ${b.text}`;

/** Makes an article document from plain text. */
export function articleFromText(raw: string, opts: TextImportOptions): ArticleDoc {
  const normalizedNewlines = rawLines(raw);
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
      ...(cleaned.removed.length ? { removed: cleaned.removed.map(removedEntry) } : {}),
    },
  });
  return emptyDoc(article);
}

/** The boilerplate blocks of an article's original text, and which of them were removed. */
export function cleaningOf(doc: ArticleDoc): CleaningInfo {
  const { article } = doc;
  const raw = article.provenance.raw;
  if (raw === undefined) return { blocks: [], locked: NO_ORIGINAL };
  const removed = new Set(article.provenance.removed ?? []);
  const blocks = detectBoilerplate(rawLines(raw)).map((b) => ({ reason: b.reason, text: b.text, removed: removed.has(removedEntry(b)) }));
  const n = doc.spans.length + doc.links.length;
  return { blocks, ...(n ? { locked: `Annotation has started (${n} annotation${n === 1 ? '' : 's'}): the text no longer changes, so every offset stays right.` } : {}) };
}

/**
 * The article again from its original text with the blocks at `remove` (indices into
 * {@link cleaningOf}'s blocks) removed and the others kept. Title, metadata and status stay;
 * a first line that is the title is not repeated in the text; a date in a removed block fills
 * a published date that is missing.
 */
export function recleanedArticle(doc: ArticleDoc, remove: readonly number[]): Article {
  const { article } = doc;
  const raw = article.provenance.raw;
  if (raw === undefined) throw new UserError('invalid-operation', NO_ORIGINAL);
  const text = rawLines(raw);
  const blocks = detectBoilerplate(text);
  for (const i of remove) {
    if (!Number.isInteger(i) || i < 0 || i >= blocks.length) throw new UserError('bad-request', `There is no boilerplate block ${i} in "${article.title}" (it has ${blocks.length}).`);
  }
  const chosen = blocks.filter((_, i) => remove.includes(i));
  const cleaned = removeBoilerplate(text, chosen);
  const headed = titleLine(cleaned.text);
  const body = headed && headed.title === article.title ? headed.rest.trim() : cleaned.text;
  if (!body.trim()) throw new UserError('bad-request', `Removing those blocks would leave "${article.title}" without any text.`);
  const published = article.metadata.published ?? cleaned.published;
  const provenance = { ...article.provenance };
  delete provenance.removed;
  const next = createArticle({
    id: article.id, title: article.title, text: body,
    metadata: { ...article.metadata, ...(published ? { published } : {}) },
    provenance: { ...provenance, ...(chosen.length ? { removed: chosen.map(removedEntry) } : {}) },
  });
  return { ...next, status: article.status };
}
