/**
 * The workbench's UI state: its type, the state a page starts from, and the container React
 * subscribes to (`useSyncExternalStore(store.subscribe, store.get)`). Every `set` is one
 * notification, so a change that touches several fields sets them together.
 *
 * It holds values only: no Api calls, no view, no rules about what may change (those are the
 * write path's, write-path.ts, and the commands').
 */
import type { ArticleDoc, ArticleStatus, TextOffset } from '../../annotations/index.js';
import type { ArticleList, ListQuery, ProjectInfo, SourceDetails } from '../../app/api/contract.js';

/** What the Export dialog filters by; an empty list means no filter of that kind. */
export type ExportFilterChoice = { status: ArticleStatus[]; articles: string[]; labels: string[]; annotators: string[]; layer?: string };

export type SaveState = { kind: 'saved' | 'saving' | 'error'; message?: string };
export type PanelTab = 'annotation' | 'sources' | 'guidelines';

/** A find result: `[start, end)` of the article text. */
export type FindHit = { start: TextOffset; end: TextOffset };

export type WorkbenchState = {
  project: ProjectInfo | null;
  fatal: string | null;
  list: ArticleList | null;
  query: ListQuery;
  doc: ArticleDoc | null;
  loadError: string | null;
  selected: string | null;
  link: { from: string; candidates: string[]; index: number } | null;
  sourcePicker: { spanId: string; query: string } | null;
  save: SaveState;
  user: string;
  askUser: boolean;
  find: { open: boolean; query: string; hits: FindHit[]; index: number };
  tab: PanelTab;
  notice: string | null;
  /** An import under way: files done of total, the current one; `cancelled` once asked to stop. */
  importing: { done: number; total: number; current: string; cancelled: boolean } | null;
  /** The last import's summary, in sentences, until dismissed. */
  importReport: string[] | null;
  sourceDetails: SourceDetails | null;
  /** Counts changes of the open article's text (its cleaning changed, or that was undone): the view is made anew. */
  textVersion: number;
  /** The last change made elsewhere (another person, tab or window) that this page now shows. */
  remote: string | null;
};

/** The state before the project is read. */
export function initialState(): WorkbenchState {
  return {
    project: null, fatal: null, list: null, query: {}, doc: null, loadError: null, selected: null, link: null, sourcePicker: null,
    save: { kind: 'saved' }, user: '', askUser: false, find: { open: false, query: '', hits: [], index: 0 }, tab: 'annotation', notice: null,
    sourceDetails: null, importing: null, importReport: null, textVersion: 0, remote: null,
  };
}

/** The one container of the state: a persistent value replaced on every `set`. */
export class Store {
  private state: WorkbenchState;
  private readonly listeners = new Set<() => void>();

  constructor(state: WorkbenchState = initialState()) {
    this.state = state;
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly get = (): WorkbenchState => this.state;

  /** Replaces the fields in `patch` and notifies once; nothing happens when every field is unchanged (`===`). */
  set(patch: Partial<WorkbenchState>): void {
    const keys = Object.keys(patch) as (keyof WorkbenchState)[];
    if (keys.every((k) => patch[k] === this.state[k])) return;
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }
}
