/**
 * The suggestion methods' parameters and results (issue 20), spread into the Api's contract
 * (contract.ts). Free of Node imports, like the contract: the renderer imports its types.
 */

import { z } from 'zod';
import { isSafeId, type Link, type Span } from '../../annotations/index.js';
import type { SuggestStatus } from '../../annotations/suggest/model.js';
import type { ApplyResult } from '../store/types.js';

export type { SuggestStatus } from '../../annotations/suggest/model.js';

const id = z.string().refine(isSafeId, 'is not a valid id');
const author = { annotator: z.string().min(1).max(200).optional(), client: z.string().min(1).max(100).optional() };

export const suggestParams = {
  /** Suggestions for one article; with `apply`, the server adds them (one undoable batch). */
  suggest: z.object({ articleId: id, apply: z.boolean().optional(), ...author }).strict(),
  /** Remembers rejected suggestions by their span keys (`Quote@12-40`), so they are not suggested again. */
  rejectSuggestion: z.object({ articleId: id, keys: z.array(z.string().min(1).max(400)).min(1).max(10_000) }).strict(),
  /** Accepts pending suggestions (all of the article's, or `spanIds`) for `annotator`, on the server. */
  acceptSuggestions: z.object({ articleId: id, spanIds: z.array(id).max(100_000).optional(), ...author }).strict(),
  suggestStatus: z.object({}).strict(),
} as const;

export type SuggestResults = {
  /** The suggestions the article does not have yet; `applied` when the server added them. */
  suggest: { spans: Span[]; links: Link[]; model: { articles: number } | null; applied: ApplyResult | null };
  rejectSuggestion: { rejected: number };
  /** Null when there was nothing to accept. */
  acceptSuggestions: ApplyResult | null;
  suggestStatus: SuggestStatus;
};
