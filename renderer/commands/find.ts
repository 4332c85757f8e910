/** Find in the article (Ctrl+F): the query's hits, stepping through them, and selecting one as text for a label key. */
import { findHits } from '../../annotations/text/find.js';
import { NO_ARGS, command, withMod } from './command.js';

export const openFind = command({
  name: 'openFind',
  windowKey: (e) => (withMod(e) && e.key.toLowerCase() === 'f' ? NO_ARGS : null),
  perform: (wb) => wb.store.set({ find: { ...wb.store.get().find, open: true } }),
});

export const closeFind = command({
  name: 'closeFind',
  perform: (wb) => {
    wb.store.set({ find: { ...wb.store.get().find, open: false } });
    wb.view?.focus();
  },
});

/** Finds `query` in the open article (ignoring case) and scrolls to the first hit. */
export const setFindQuery = command<[query: string]>({
  name: 'setFindQuery',
  perform: (wb, query) => {
    const hits = findHits(wb.store.get().doc?.article.text ?? '', query);
    wb.store.set({ find: { open: true, query, hits, index: 0 } });
    if (hits[0]) wb.view?.scrollToOffset(hits[0].start);
  },
});

/** The next (1) or previous (-1) hit, wrapping around. */
export const findStep = command<[step: 1 | -1]>({
  name: 'findStep',
  perform: (wb, step) => {
    const f = wb.store.get().find;
    if (!f.hits.length) return;
    const index = (f.index + step + f.hits.length) % f.hits.length;
    wb.store.set({ find: { ...f, index } });
    wb.view?.scrollToOffset(f.hits[index]!.start);
  },
});

/** Ctrl+Enter in the find bar: the current hit becomes the text selection, ready for a label key. */
export const selectFound = command({
  name: 'selectFound',
  perform: (wb) => {
    const f = wb.store.get().find;
    const hit = f.hits[f.index];
    const view = wb.view;
    if (hit && view) {
      closeFind.perform(wb);
      view.select(hit.start, hit.end);
    }
  },
});
