/**
 * The agreement methods' parameters and results (issue 18), spread into the Api's contract
 * (contract.ts). Free of Node imports, like the contract: the renderer imports its types.
 */

import { z } from 'zod';
import { isSafeId } from '../../annotations/index.js';
import type { AgreementReport } from '../../annotations/analysis/agreement.js';
import type { ArticleAgreementRow, SpanDiffRow } from '../../annotations/analysis/agreement-detail.js';

export type { AgreementReport, LinkAgreementRow, PairAgreementRow, SourceAgreementRow } from '../../annotations/analysis/agreement.js';
export type { ArticleAgreementRow, DiffSpan, SpanDiffRow } from '../../annotations/analysis/agreement-detail.js';

const id = z.string().refine(isSafeId, 'is not a valid id');
const name = z.string().min(1).max(200);
const author = { annotator: name.optional(), client: z.string().min(1).max(100).optional() };

export const agreementParams = {
  /** The report: per pair of annotator layers and label, αu over all; `withCurated` adds "vs curated" pairs. */
  agreement: z.object({ label: name.optional(), article: id.optional(), withCurated: z.boolean().optional() }).strict(),
  /** The drill-down of one pair: the articles both annotated, or with `article` the spans where they differ. */
  agreementDetail: z.object({ annotators: z.tuple([name, name]), label: name.optional(), article: id.optional() }).strict(),
  /**
   * Copies every span (with its links and source) that all annotator layers of an article (or
   * at least `min`) agree on exactly into the curated layer: one undoable batch per article.
   */
  acceptAgreed: z.object({ min: z.number().int().min(1).max(1000).optional(), articles: z.array(id).min(1).max(100_000).optional(), ...author }).strict(),
} as const;

export type AcceptAgreedResult = {
  /** Articles that got something; spans and links copied in all. */
  articles: number;
  spans: number;
  links: number;
  /** The articles changed (each is one step in its own undo history). */
  changed: string[];
};

export type AgreementResults = {
  agreement: AgreementReport;
  agreementDetail: { articles: ArticleAgreementRow[]; spans?: SpanDiffRow[]; title?: string };
  acceptAgreed: AcceptAgreedResult;
};
