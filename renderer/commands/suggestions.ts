/**
 * Suggestion commands (issue 20): Alt+G asks the server for suggestions on the open article and
 * adds them through the write path (one batch, so Ctrl+Z takes them all back); with a pending
 * suggestion selected, Enter accepts it (it becomes the user's annotation, `origin` kept as
 * `suggested`) and Backspace or Delete rejects it (removed, and remembered by the project so it
 * is not suggested again); Alt+Shift+G accepts every pending suggestion of the article. Its
 * boundaries are adjusted before accepting with the span keys (Shift+arrows), as any span's.
 * Each selects the next pending suggestion, so Enter, Enter, Backspace walks through them.
 */
import { acceptOperation, addSuggestionsOperation, rejectOperation } from '../../annotations/suggest/accept.js';
import { nextPending, pendingOf } from '../state/suggestions.js';
import { isPendingSuggestion } from '../state/suggestions.js';
import { NO_ARGS, command, withMod } from './command.js';

/** Alt+G: suggestions for the open article (rules at first; a model once the project has taught it). */
export const suggestArticle = command<[], Promise<void>>({
  name: 'suggestArticle',
  windowKey: (e) => (e.altKey && !withMod(e) && !e.shiftKey && e.code === 'KeyG' ? NO_ARGS : null),
  perform: async (wb) => {
    const s = wb.store.get();
    const doc = s.doc;
    if (!doc) return;
    wb.store.set({ notice: 'Suggesting…' });
    try {
      // As this annotator: another person's spans neither hide suggestions nor show through them.
      const r = await wb.api.suggest({ articleId: doc.article.id, ...(s.user ? { annotator: s.user } : {}) });
      if (wb.store.get().doc?.article.id !== doc.article.id) return;
      const op = addSuggestionsOperation(doc.article.id, r);
      const how = r.model ? `learned from ${r.model.articles} articles` : 'rules';
      if (!op) return wb.store.set({ notice: `No new suggestions (${how}).` });
      // The first in reading order is selected, so Enter and Backspace walk through them from the top.
      const first = [...r.spans].sort((a, b) => a.fragments[0]!.start - b.fragments[0]!.start)[0]?.id ?? null;
      if (wb.writer.change(op, { patch: { selected: first, link: null, tab: 'annotation', notice: `${r.spans.length} suggestions (${how}): Enter accepts, Backspace rejects, Alt+Shift+G accepts all.` } }) && first) wb.view?.scrollToSpan(first);
    } catch (e) {
      wb.store.set({ notice: `Could not suggest: ${e instanceof Error ? e.message : String(e)}` });
    }
  },
});

/** Enter on a pending suggestion: accept it. */
export const acceptSuggestion = command({
  name: 'acceptSuggestion',
  key: (e, k) => (e.key === 'Enter' && !e.shiftKey && !e.altKey && k.span && isPendingSuggestion(k.span) ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const id = s.selected;
    if (!s.doc || !id) return;
    const op = acceptOperation(s.doc, s.user, wb.writer.now(), [id]);
    if (!op) return;
    const next = nextPending(s, [id]);
    if (wb.writer.change(op, { patch: { selected: next ?? id } }) && next) wb.view?.scrollToSpan(next);
  },
});

/** Backspace or Delete on a pending suggestion: reject it, and have the project remember. */
export const rejectSuggestion = command({
  name: 'rejectSuggestion',
  key: (e, k) => ((e.key === 'Backspace' || e.key === 'Delete') && k.span && isPendingSuggestion(k.span) ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const id = s.selected;
    if (!s.doc || !id) return;
    const r = rejectOperation(s.doc, [id]);
    if (!r) return;
    const next = nextPending(s, [id]);
    const articleId = s.doc.article.id;
    if (!wb.writer.change(r.op, { patch: { selected: next, link: null } })) return;
    if (next) wb.view?.scrollToSpan(next);
    wb.api.rejectSuggestion({ articleId, keys: r.keys }).catch((e: unknown) => wb.store.set({ notice: `The rejection could not be remembered: ${e instanceof Error ? e.message : String(e)}` }));
  },
});

/** Alt+Shift+G: accept every pending suggestion of the open article (one undo). */
export const acceptAllSuggestions = command({
  name: 'acceptAllSuggestions',
  windowKey: (e) => (e.altKey && !withMod(e) && e.shiftKey && e.code === 'KeyG' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    if (!s.doc) return;
    const pending = pendingOf(s);
    const op = acceptOperation(s.doc, s.user, wb.writer.now());
    if (!op) return wb.store.set({ notice: 'No suggestions to accept.' });
    wb.writer.change(op, { patch: { notice: `Accepted ${pending.length} suggestions.` } });
  },
});
