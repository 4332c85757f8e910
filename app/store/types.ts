/**
 * The types the store produces and its callers consume: what an applied operation returns and
 * the change events it announces. The Api's contract imports them from here (store/ is below
 * api/ and never imports from it).
 *
 * Must not: hold code, or import a module that imports Node (the renderer compiles these types
 * through the contract); how a store is opened (`StoreOptions`) lives in core.ts.
 */

import type { ArticleDoc, ProjectSchema, Source } from '../../annotations/index.js';

export type { Author } from './history.js';

/** What an operation changed, as it is now on disk. */
export type ApplyResult = {
  /** The articles the operation changed, as they are now on disk. */
  docs: ArticleDoc[];
  sources?: Source[];
  schema?: ProjectSchema;
};

/**
 * A change made through the store, as open pages hear of it (`GET /api/events` in browser mode,
 * a stream of `data: <json>` lines): which articles changed, and whether the sources, the
 * schema or the project settings did; who made it, and from which page (`client`). `revision`
 * grows by one per change of one open store.
 */
export type ChangeEvent = {
  revision: number;
  articles: string[];
  sources: boolean;
  schema: boolean;
  project: boolean;
  annotator?: string;
  client?: string;
};
