/**
 * Article commands: opening one, its status (Alt+1/2/3, or any article's from the list),
 * Ctrl+Enter (done, then the next to do) and Alt+N, the list's query, restoring a damaged
 * article's backup, a new article from pasted text, and the open article's details (title,
 * outlet, byline, date, link: Alt+M opens the dialog; saved as one undoable `updateArticle`).
 */
import type { Article, ArticlePatch, ArticleStatus, EditableMetadata } from '../../annotations/index.js';
import type { ListQuery } from '../../app/api/contract.js';
import { assignedArticles, assignmentsOf, nextToDo } from '../state/assignments.js';
import { message } from '../state/write-path.js';
import { NO_ARGS, command, withMod } from './command.js';
import { layoutOf } from './layout.js';

const STATUS_KEYS: Record<string, ArticleStatus> = { 1: 'todo', 2: 'in-progress', 3: 'done' };

/** The address of an article in the page. */
export const articleHash = (id: string): string => `#/articles/${id}`;

/** Shows article `id` (after the last change of the one being left is saved). */
export const openArticle = command<[id: string], Promise<void>>({
  name: 'openArticle',
  perform: async (wb, id) => {
    if (wb.store.get().doc?.article.id === id) return;
    await wb.writer.idle();
    try {
      const doc = await wb.api.getArticle({ id });
      wb.store.set({ doc, loadError: null, selected: null, link: null, sourcePicker: null, remote: null, find: { ...wb.store.get().find, hits: [], index: 0 } });
    } catch (e) {
      wb.store.set({ doc: null, loadError: message(e) });
    }
  },
});

/** The open article's status (Alt+1 to do, Alt+2 in progress, Alt+3 done); undoable like any change of it. */
export const setStatus = command<[status: ArticleStatus]>({
  name: 'setStatus',
  windowKey: (e) => (e.altKey && !withMod(e) && Object.hasOwn(STATUS_KEYS, e.key) ? [STATUS_KEYS[e.key]!] : null),
  perform: (wb, status) => {
    const doc = wb.store.get().doc;
    if (doc && doc.article.status !== status) wb.writer.change({ op: 'setStatus', articleId: doc.article.id, status });
  },
});

/** The status of any article in the list (the open one goes through {@link setStatus}). */
export const setStatusOf = command<[articleId: string, status: ArticleStatus]>({
  name: 'setStatusOf',
  perform: (wb, articleId, status) => {
    if (articleId === wb.store.get().doc?.article.id) return setStatus.perform(wb, status);
    wb.writer.change({ op: 'setStatus', articleId, status }, { scope: articleId });
  },
});

/** Alt+N: the next article that is not done (of those assigned to this annotator, when any are: state/assignments.ts). */
export const openNextNotDone = command({
  name: 'openNextNotDone',
  windowKey: (e) => (e.altKey && !withMod(e) && e.key.toLowerCase() === 'n' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const next = nextToDo(s, assignedArticles(assignmentsOf(wb).get(), s.user));
    if (next) wb.env.navigate(articleHash(next));
  },
});

/** Ctrl+Enter (outside fields, unless a field used it): the open article is done; the next to do opens. */
export const markDoneAndNext = command({
  name: 'markDoneAndNext',
  windowKey: (e, k) => (withMod(e) && e.key === 'Enter' && !k.inField && !e.defaultPrevented ? NO_ARGS : null),
  perform: (wb) => {
    setStatus.perform(wb, 'done');
    openNextNotDone.perform(wb);
  },
});

/** Lists the articles for `query` (search, status filter). */
export const setListQuery = command<[query: ListQuery], Promise<void>>({
  name: 'setListQuery',
  perform: (wb, query) => wb.refreshList(query),
});

/** Puts a damaged article's newest backup back (the damaged file is set aside). */
export const restoreBackup = command<[id: string], Promise<void>>({
  name: 'restoreBackup',
  perform: async (wb, id) => {
    try {
      await wb.api.restoreBackup({ id });
      wb.store.set({ notice: 'The newest backup was restored; the damaged file was set aside in .sourcemark/damaged/.' });
      await wb.refreshList();
    } catch (e) {
      wb.store.set({ notice: message(e) });
    }
  },
});

/** A new article from pasted text, then opened. */
export const importText = command<[text: string], Promise<void>>({
  name: 'importText',
  perform: async (wb, text) => {
    try {
      const r = await wb.api.importText({ text, origin: 'paste' });
      await wb.refreshList();
      wb.store.set({ notice: `Pasted text added as “${r.title}”.` });
      wb.env.navigate(articleHash(r.id));
    } catch (e) {
      wb.store.set({ notice: message(e) });
    }
  },
});

/** What the article's details dialog edits, as typed (an empty field clears it). */
export type ArticleDetailsForm = { title: string } & Record<EditableMetadata, string>;

const FIELDS: readonly EditableMetadata[] = ['outlet', 'byline', 'published', 'url'];

/** The form filled from an article. */
export const detailsForm = (a: Article): ArticleDetailsForm => ({
  title: a.title, outlet: a.metadata.outlet ?? '', byline: a.metadata.byline ?? '', published: a.metadata.published ?? '', url: a.metadata.url ?? '',
});

/**
 * The patch that turns `a`'s details into the form's: only the fields that changed, trimmed; an
 * emptied field is cleared (`null`). Null when nothing changed.
 */
export function detailsPatch(a: Article, form: ArticleDetailsForm): ArticlePatch | null {
  const patch: ArticlePatch = {};
  const title = form.title.trim();
  if (title !== a.title) patch.title = title;
  const metadata: NonNullable<ArticlePatch['metadata']> = {};
  for (const k of FIELDS) {
    const value = form[k].trim();
    if (value === (a.metadata[k] ?? '')) continue;
    metadata[k] = value === '' ? null : value;
  }
  if (Object.keys(metadata).length) patch.metadata = metadata;
  return Object.keys(patch).length ? patch : null;
}

/** Alt+M, or the pencil by the title: opens the open article's details dialog. */
export const editArticleDetails = command({
  name: 'editArticleDetails',
  windowKey: (e) => (e.altKey && !e.shiftKey && !withMod(e) && e.code === 'KeyM' ? NO_ARGS : null),
  perform: (wb) => {
    if (wb.store.get().doc) layoutOf(wb).set({ editingDetails: true });
  },
});

/** Closes the details dialog without saving. */
export const closeArticleDetails = command({
  name: 'closeArticleDetails',
  perform: (wb) => {
    layoutOf(wb).set({ editingDetails: false });
    wb.view?.focus();
  },
});

/**
 * Saves the details dialog: one `updateArticle` (undoable with Ctrl+Z) when something changed;
 * the dialog closes. Returns false, with the reason as the notice, when the model refuses it (a
 * blank title, a date that is not ISO 8601, a link that is not http(s)); the dialog stays open.
 */
export const saveArticleDetails = command<[form: ArticleDetailsForm], boolean>({
  name: 'saveArticleDetails',
  perform: (wb, form) => {
    const doc = wb.store.get().doc;
    if (!doc) return false;
    const patch = detailsPatch(doc.article, form);
    if (patch && !wb.writer.change({ op: 'updateArticle', articleId: doc.article.id, patch })) return false;
    closeArticleDetails.perform(wb);
    return true;
  },
});

/**
 * The status as it should be read: "Done" of an article with no annotation left (all deleted
 * after it was marked) says so, since the mark no longer means what it meant.
 */
export function statusText(status: ArticleStatus, annotations: number): string {
  const base = status === 'done' ? 'Done' : status === 'in-progress' ? 'In progress' : 'To do';
  return status === 'done' && annotations === 0 ? `${base} — but no annotations` : base;
}
