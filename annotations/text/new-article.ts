/**
 * Building new articles and empty documents from raw text: normalisation, paragraphs, the
 * versioned file header.
 */

import { FORMAT_VERSION, type Article, type ArticleDoc, type ArticleMetadata, type Provenance } from '../model/types.js';
import { normalizeText } from './normalize.js';
import { paragraphsOf } from './fragments.js';

export type NewArticle = {
  id: string;
  title: string;
  /** The text as received; it is normalised (LF, NFC, no BOM) unless `keepText` is set. */
  text: string;
  /**
   * Keep the text exactly as given, character for character: for annotated documents, whose
   * offsets point into the text as the user's files have it.
   */
  keepText?: boolean;
  metadata?: ArticleMetadata;
  provenance: Provenance;
};

/** Makes an article: normalised text (unless `keepText`), derived paragraphs, status `todo`. */
export function createArticle(a: NewArticle): Article {
  const text = a.keepText ? a.text : normalizeText(a.text).text;
  return {
    id: a.id,
    title: a.title.trim() || 'Untitled',
    text,
    paragraphs: paragraphsOf(text),
    metadata: a.metadata ?? {},
    provenance: a.provenance,
    status: 'todo',
  };
}

/** A document holding an article and no annotations yet. */
export const emptyDoc = (article: Article): ArticleDoc => ({
  type: 'sourcemark-article',
  version: FORMAT_VERSION,
  article,
  spans: [],
  links: [],
  events: [],
});
