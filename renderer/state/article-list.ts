/**
 * The article list updated in place after a change of one article, listed by the rules the
 * server lists by (`listedUnder`, `listOrder` in annotations/model/summary.ts), so the page
 * need not ask for the whole list again after an edit.
 *
 * Pure. The list is still read from the Api when the query changes, after an import and after a
 * change made elsewhere: only this page's own changes are applied here.
 */
import { listOrder, listedUnder, progressBucket, type ArticleStatus, type ArticleSummary } from '../../annotations/index.js';
import type { ArticleList, ListQuery } from '../../app/api/contract.js';

/**
 * `list` (listed under `query`) with the article of `summary` as it is now: its row replaced,
 * added or dropped as the filter says, the rows in the server's order, and the progress counts
 * moved from the article's `before` status (its row when listed) to its new one.
 */
export function withSummary(list: ArticleList, query: ListQuery, summary: ArticleSummary, before?: { status: ArticleStatus; damaged?: string | undefined }): ArticleList {
  const old = list.items.find((e) => e.id === summary.id);
  const was = old ?? before;
  const progress = { ...list.progress };
  if (was) {
    progress[progressBucket(was)]--;
    progress[progressBucket(summary)]++;
  }
  const others = list.items.filter((e) => e.id !== summary.id);
  // A row not listed before joins only a list that is whole (not one page of a longer one).
  const listed = listedUnder(summary, query) && (!!old || list.items.length >= list.total);
  const items = listed ? [...others, summary].sort(listOrder(query)) : others;
  const total = list.total + (listed ? 1 : 0) - (old ? 1 : 0);
  return { total, items, progress };
}
