/**
 * The corpus methods of the Api (issue 21) over a store: the sources table, a source's quotes
 * and claims, the claims tracker, search, provenance groups and decisions, chart series. The
 * corpus (facts and search index, app/corpus/) is opened on the first call and kept up to date
 * by the store's change events.
 */

import type { ArticleFacts } from '../../annotations/analysis/corpus.js';
import { chartSeries, claimTable, sourceItems, sourceTable } from '../../annotations/analysis/corpus.js';
import { provenanceGroups, quotesOf } from '../../annotations/analysis/provenance.js';
import { CorpusIndex } from '../corpus/corpus-index.js';
import { readDecisions, writeDecisions } from '../corpus/provenance-file.js';
import { UserError } from '../errors.js';
import type { Source } from '../../annotations/index.js';
import type { ProjectStore } from '../store/project-store.js';
import type { CorpusChoices, CorpusResults, corpusParams } from './corpus-contract.js';
import type { z } from 'zod';

type Params<M extends keyof typeof corpusParams> = z.output<(typeof corpusParams)[M]>;
export type CorpusApi = { [M in keyof CorpusResults]: (p: Params<M>) => Promise<CorpusResults[M]> };

const opened = new WeakMap<ProjectStore, Promise<CorpusIndex>>();

/** The corpus of `store`, opened once (and shared by every Api over that store). */
export function corpusOf(store: ProjectStore): Promise<CorpusIndex> {
  let c = opened.get(store);
  if (!c) {
    c = CorpusIndex.open(store);
    opened.set(store, c);
  }
  return c;
}

function choicesOf(all: readonly ArticleFacts[]): CorpusChoices {
  const outlets = new Set<string>();
  const layers = new Set<string>();
  let first: string | undefined;
  let last: string | undefined;
  for (const a of all) {
    if (a.outlet) outlets.add(a.outlet);
    for (const l of a.layers) layers.add(l);
    const d = a.published?.slice(0, 10);
    if (d && (!first || d < first)) first = d;
    if (d && (!last || d > last)) last = d;
  }
  return { outlets: [...outlets].sort(), layers: [...layers].sort(), dates: { ...(first ? { first } : {}), ...(last ? { last } : {}) } };
}

/**
 * `label:Quote` and `source:NAME` (a source's id, name or alias; quoted when it has spaces) in a
 * query, as the search box takes them: the query without them, and the filters they name.
 */
export function searchOperators(query: string, sources: readonly Source[]): { query: string; label?: string; sourceId?: string } {
  let label: string | undefined;
  let sourceId: string | undefined;
  const rest = query.replace(/(^|\s)(label|source):("[^"]*"|\S+)/gi, (_m, space: string, kind: string, raw: string) => {
    const value = raw.replace(/^"|"$/g, '');
    if (kind.toLowerCase() === 'label') label = value;
    else {
      const v = value.toLowerCase();
      sourceId = sources.find((s) => s.id === value || s.name.toLowerCase() === v || s.aliases.some((a) => a.toLowerCase() === v))?.id ?? value;
    }
    return space;
  });
  return { query: rest.trim(), ...(label ? { label } : {}), ...(sourceId ? { sourceId } : {}) };
}

export function corpusApi(store: ProjectStore): CorpusApi {
  const ready = async () => {
    const c = await corpusOf(store);
    await c.settled();
    return c;
  };
  const groups = async () => {
    const c = await ready();
    let problem: string | undefined;
    let decisions;
    try {
      decisions = readDecisions(store.dir);
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
      decisions = { confirmed: [], splits: [] };
    }
    return { groups: provenanceGroups(quotesOf(c.all()), decisions), decisions, ...(problem ? { problem } : {}) };
  };
  return {
    corpusSources: async (f) => {
      const all = (await ready()).all();
      return { rows: sourceTable(store.sources, all, f), choices: choicesOf(all) };
    },
    sourceQuotes: async ({ id, ...f }) => {
      const source = store.sources.find((s) => s.id === id);
      if (!source) throw new UserError('not-found', `Source ${id} does not exist.`);
      return { source, items: sourceItems(id, (await ready()).all(), f) };
    },
    corpusClaims: async ({ offset = 0, limit, ...f }) => {
      const all = (await ready()).all();
      const items = claimTable(all, f);
      const scale = store.schema.verdictScale;
      // The checked claims (a verdict on the scale) of the whole selection: what the ClaimReview export writes.
      const checked = items.filter((i) => i.verdict !== undefined && scale.includes(i.verdict));
      return {
        items: limit === undefined && offset === 0 ? items : items.slice(offset, limit === undefined ? undefined : offset + limit), total: items.length,
        checked: { total: checked.length, articles: [...new Set(checked.map((c) => c.articleId))] }, verdicts: scale, choices: choicesOf(all),
      };
    },
    searchCorpus: async ({ query, label, sourceId, limit }) => {
      const q = searchOperators(query, store.sources);
      return (await ready()).search(q.query, { label: label ?? q.label, sourceId: sourceId ?? q.sourceId, limit });
    },
    provenanceGroups: groups,
    setProvenance: async ({ decisions }) => {
      if (store.readOnly) throw new UserError('bad-request', 'The project is open read-only: provenance decisions cannot be saved.');
      writeDecisions(store.dir, decisions);
      const g = await groups();
      return { groups: g.groups, decisions: g.decisions };
    },
    corpusCharts: async (f) => chartSeries(store.sources, (await ready()).all(), f),
  };
}
