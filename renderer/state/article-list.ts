/**
 * The article list updated in place after a change of one article, as the server would list it
 * (app/store's `listArticles`: status filter, search in titles and outlets, sort by title unless
 * asked otherwise, ties by id), so the page need not ask for the whole list again after an edit.
 *
 * Pure. The list is still read from the Api when the query changes, after an import and after a
 * change made elsewhere: only this page's own changes are applied here.
 */
import type { ArticleStatus, ArticleSummary } from '../../annotations/index.js';
import type { ArticleList, ListQuery } from '../../app/api/contract.js';

type Progress = ArticleList['progress'];

const bucket = (e: { status: ArticleStatus; damaged?: string }): keyof Progress =>
  e.damaged ? 'damaged' : e.status === 'done' ? 'done' : e.status === 'in-progress' ? 'inProgress' : 'todo';

/** True when `e` is listed under `q` (the server's filter). */
function matches(e: ArticleSummary, q: ListQuery): boolean {
  const needle = q.search?.trim().toLowerCase();
  return (!q.status || (q.status === 'damaged' ? !!e.damaged : e.status === q.status && !e.damaged))
    && (!needle || e.title.toLowerCase().includes(needle) || (e.outlet ?? '').toLowerCase().includes(needle));
}

/** The server's order for `q`. */
function compare(q: ListQuery): (a: ArticleSummary, b: ArticleSummary) => number {
  const key = q.sort ?? 'title';
  const val = (e: ArticleSummary): string => (key === 'updated' ? e.updatedAt : key === 'published' ? e.published ?? '' : key === 'status' ? e.status : e.title.toLowerCase());
  const asc = (a: ArticleSummary, b: ArticleSummary): number => (val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : a.id < b.id ? -1 : 1);
  return q.descending ? (a, b) => asc(b, a) : asc;
}

/**
 * `list` (listed under `query`) with the article of `summary` as it is now: its row replaced,
 * added or dropped as the filter says, the rows in the server's order, and the progress counts
 * moved from the article's `before` status (its row when listed) to its new one.
 */
export function withSummary(list: ArticleList, query: ListQuery, summary: ArticleSummary, before?: { status: ArticleStatus; damaged?: string }): ArticleList {
  const old = list.items.find((e) => e.id === summary.id);
  const was = old ?? before;
  const progress = { ...list.progress };
  if (was) {
    progress[bucket(was)]--;
    progress[bucket(summary)]++;
  }
  const others = list.items.filter((e) => e.id !== summary.id);
  // A row not listed before joins only a list that is whole (not one page of a longer one).
  const listed = matches(summary, query) && (!!old || list.items.length >= list.total);
  const items = listed ? [...others, summary].sort(compare(query)) : others;
  const total = list.total + (listed ? 1 : 0) - (old ? 1 : 0);
  return { total, items, progress };
}
