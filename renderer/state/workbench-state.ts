/** The workbench's state type (what React subscribes to) and the state a new Workbench starts from. */
import type { ArticleDoc, ArticleStatus } from '../../annotations/index.js';
import type { ArticleList, ListQuery, ProjectInfo, SourceDetails } from '../../app/api/contract.js';

/** What the Export dialog filters by; an empty list means no filter of that kind. */
export type ExportFilterChoice = { status: ArticleStatus[]; articles: string[]; labels: string[]; annotators: string[] };

export type SaveState = { kind: 'saved' | 'saving' | 'error'; message?: string };
export type PanelTab = 'annotation' | 'sources' | 'guidelines';

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
  find: { open: boolean; query: string; hits: { start: number; end: number }[]; index: number };
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
