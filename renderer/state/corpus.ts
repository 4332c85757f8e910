/**
 * The corpus pages' side of the state (issue 21): their routes (`#/sources`, `#/sources/<id>`,
 * `#/claims`, `#/provenance`, `#/charts`), reading their data through the Api, and going from a
 * row to its place in an article (the article opened, the span selected or the range selected,
 * and scrolled to).
 */
import type { ApiParams, ApiResults } from '../../app/api/contract.js';
import type { TextOffset } from '../../annotations/index.js';
import type { Workbench } from './workbench.js';

export type CorpusRoute =
  | { page: 'sources' } | { page: 'source'; id: string } | { page: 'claims' } | { page: 'provenance' } | { page: 'charts' };

/** The corpus page an address names, or undefined for the workbench's own addresses. */
export function corpusRouteOf(hash: string): CorpusRoute | undefined {
  const m = /^#\/(sources|claims|provenance|charts)(?:\/([A-Za-z0-9_-]+))?\/?$/.exec(hash);
  if (!m) return undefined;
  if (m[1] === 'sources') return m[2] ? { page: 'source', id: m[2] } : { page: 'sources' };
  return { page: m[1] as 'claims' | 'provenance' | 'charts' };
}

/** The header's links to the corpus pages, in order. */
export const CORPUS_LINKS = [
  { hash: '#/sources', text: 'Sources', pages: ['sources', 'source'] },
  { hash: '#/claims', text: 'Claims', pages: ['claims'] },
  { hash: '#/provenance', text: 'Provenance', pages: ['provenance'] },
  { hash: '#/charts', text: 'Charts', pages: ['charts'] },
] as const;

type Method = 'corpusSources' | 'sourceQuotes' | 'corpusClaims' | 'searchCorpus' | 'provenanceGroups' | 'setProvenance' | 'corpusCharts';

/** One corpus Api call (the pages hold their results themselves: they are read again on each visit). */
export function loadCorpus<M extends Method>(wb: Workbench, method: M, params: ApiParams<M>): Promise<ApiResults[M]> {
  return (wb.api[method] as (p: ApiParams<M>) => Promise<ApiResults[M]>)(params);
}

/** Resolves to true once `ok` holds (checked on every change of the state, and every 50 ms for the view), false after `ms`. */
function until(wb: Workbench, ok: () => boolean, ms = 8000): Promise<boolean> {
  if (ok()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const started = Date.now();
    const done = (value: boolean) => {
      unsubscribe();
      clearInterval(poll);
      resolve(value);
    };
    const check = () => (ok() ? done(true) : Date.now() - started > ms ? done(false) : undefined);
    const unsubscribe = wb.store.subscribe(check);
    const poll = setInterval(check, 50);
  });
}

/**
 * Opens article `articleId` and shows the place `start`–`end` (UTF-16 offsets): the span
 * `spanId` selected when given (its details shown), else that range of text selected.
 */
export async function jumpTo(wb: Workbench, at: { articleId: string; start: number; end: number; spanId?: string | undefined }): Promise<void> {
  wb.env.navigate(`#/articles/${at.articleId}`);
  const shown = await until(wb, () => wb.store.get().doc?.article.id === at.articleId && !!wb.view);
  if (!shown || !wb.view) return;
  // The view syncs the new document in a frame of its own; wait for it before selecting in it.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const view = wb.view;
  if (at.spanId && wb.store.get().doc?.spans.some((s) => s.id === at.spanId)) {
    wb.store.set({ selected: at.spanId, link: null, tab: 'annotation' });
    view.scrollToSpan(at.spanId);
  } else {
    view.select(at.start as TextOffset, at.end as TextOffset);
    view.scrollToOffset(at.start as TextOffset);
  }
  view.focus();
}

/** Saves a text as a file the browser downloads. */
export function download(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
