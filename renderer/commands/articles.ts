/**
 * Article commands: opening one, its status (Alt+1/2/3, or any article's from the list),
 * Ctrl+Enter (done, then the next to do) and Alt+N, the list's query, restoring a damaged
 * article's backup, and a new article from pasted text.
 */
import type { ArticleStatus } from '../../annotations/index.js';
import type { ListQuery } from '../../app/api/contract.js';
import { nextNotDone } from '../state/selectors.js';
import { message } from '../state/write-path.js';
import { NO_ARGS, command, withMod } from './command.js';

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

/** Alt+N: the next article that is not done. */
export const openNextNotDone = command({
  name: 'openNextNotDone',
  windowKey: (e) => (e.altKey && !withMod(e) && e.key.toLowerCase() === 'n' ? NO_ARGS : null),
  perform: (wb) => {
    const next = nextNotDone(wb.store.get());
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
