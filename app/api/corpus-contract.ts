/**
 * The corpus methods' parameters and results (issue 21), spread into the Api's contract
 * (contract.ts). Free of Node imports, like the contract: the renderer imports its types.
 */

import { z } from 'zod';
import { SourceKindSchema } from '../../annotations/index.js';
import type { AttributedItem, ChartSeries, SourceRow } from '../../annotations/analysis/corpus.js';
import type { ProvenanceDecisions, ProvenanceGroup } from '../../annotations/analysis/provenance.js';
import type { Source } from '../../annotations/index.js';
import type { SearchHit } from '../corpus/search.js';

export type { AttributedItem, ChartSeries, SourceRow } from '../../annotations/analysis/corpus.js';
export type { ProvenanceDecisions, ProvenanceGroup } from '../../annotations/analysis/provenance.js';
export type { SearchHit } from '../corpus/search.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const text = z.string().min(1).max(200);
/** The corpus filter: outlet, publication dates (inclusive), layers (default: every layer, the curated one alone where present). */
const filter = { outlet: text.optional(), from: day.optional(), to: day.optional(), layers: z.array(text).max(100).optional() };
const key = z.string().min(1).max(400);

export const corpusParams = {
  corpusSources: z.object({ ...filter, kind: SourceKindSchema.optional(), label: text.optional() }).strict(),
  sourceQuotes: z.object({ id: text, ...filter }).strict(),
  corpusClaims: z.object({
    ...filter, sourceId: text.optional(), verdict: text.optional(), checkWorthy: text.optional(), checked: z.boolean().optional(),
    /** At most this many items (from `offset`); `total` says how many matched. */
    offset: z.number().int().nonnegative().optional(), limit: z.number().int().positive().max(1_000_000).optional(),
  }).strict(),
  searchCorpus: z.object({ query: z.string().max(500), label: text.optional(), sourceId: text.optional(), limit: z.number().int().positive().max(1000).optional() }).strict(),
  provenanceGroups: z.object({}).strict(),
  setProvenance: z.object({
    decisions: z.object({
      confirmed: z.array(key).max(100_000),
      splits: z.array(z.object({ members: z.array(key).min(1), from: z.array(key).min(1) }).strict()).max(100_000),
    }).strict(),
  }).strict(),
  corpusCharts: z.object(filter).strict(),
} as const;

/** What the corpus pages' filters can choose from. */
export type CorpusChoices = { outlets: string[]; layers: string[]; dates: { first?: string; last?: string } };

export type CorpusResults = {
  corpusSources: { rows: SourceRow[]; choices: CorpusChoices };
  sourceQuotes: { source: Source; items: AttributedItem[] };
  corpusClaims: { items: AttributedItem[]; total: number; checked: { total: number; articles: string[] }; verdicts: string[]; choices: CorpusChoices };
  searchCorpus: { hits: SearchHit[]; articles: number };
  provenanceGroups: { groups: ProvenanceGroup[]; decisions: ProvenanceDecisions; problem?: string };
  setProvenance: { groups: ProvenanceGroup[]; decisions: ProvenanceDecisions };
  corpusCharts: ChartSeries;
};
