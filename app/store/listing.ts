/**
 * What the store answers from its index alone, without reading an article: the article list
 * (filtered, sorted, paged, with the progress summary), the figures of `stats`, and how the
 * project uses its schema.
 *
 * Must not: read files or hold state; these are pure functions of the index entries given.
 */

import type { ArticleList, ListQuery, SchemaUsage, SchemaUsageWhere } from '../../annotations/index.js';
import { inListOrder, listedUnder, progressBucket, schemaUsageOfRows } from '../../annotations/index.js';
import { summaryOf, type IndexEntry } from './index-file.js';

/** Lists `all` entries: filtered, sorted, paged; with the progress summary of all of them. */
export function listEntries(all: readonly IndexEntry[], q: ListQuery = {}): ArticleList {
  const progress = { todo: 0, inProgress: 0, done: 0, damaged: 0 };
  for (const e of all) progress[progressBucket(e)]++;
  let items = inListOrder(all.filter((e) => listedUnder(e, q)), q);
  const total = items.length;
  items = items.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 500));
  return { total, items: items.map(summaryOf), progress };
}

/** The figures of `stats`: articles, spans per label, links, sources, damaged files. */
export type ProjectStats = {
  articles: number;
  spans: Record<string, number>;
  links: number;
  sources: number;
  damaged: { id: string; reason: string }[];
  progress: ArticleList['progress'];
};

/**
 * The figures of `stats` from the live entries (`live`), the number of article files on disk
 * (`onDisk`) and of sources.
 */
export function statsOf(live: readonly IndexEntry[], onDisk: number, sources: number): ProjectStats {
  const spans: Record<string, number> = {};
  let links = 0;
  for (const e of live) {
    for (const [label, n] of Object.entries(e.counts)) spans[label] = (spans[label] ?? 0) + n;
    links += e.links;
  }
  const damaged = live.filter((e) => e.damaged).map((e) => ({ id: e.id, reason: e.damaged! }));
  return { articles: onDisk, spans, links, sources, damaged, progress: listEntries(live, { limit: 0 }).progress };
}

/** How the entries use the schema: labels, link types, attributes and event types, with counts. */
export function schemaUsageOf(entries: readonly IndexEntry[]): SchemaUsage {
  const usage: Required<SchemaUsage> = { labels: {}, linkTypes: {}, attributes: {}, eventTypes: {} };
  const add = (into: Record<string, number>, from: Record<string, number> | undefined) => {
    for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
  };
  for (const e of entries) {
    add(usage.labels, e.counts);
    add(usage.linkTypes, e.linkTypes);
    add(usage.eventTypes, e.eventTypes);
    add(usage.attributes, e.attributes);
  }
  return usage;
}

/**
 * Which articles (by title) use each label, link type, event type and attribute value, keyed as
 * `usageKey` in annotations/model/schema.ts says; for naming them when a schema change is refused.
 */
export function schemaUsageWhere(entries: readonly IndexEntry[]): SchemaUsageWhere {
  return schemaUsageOfRows(entries).where;
}
