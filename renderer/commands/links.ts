/**
 * Link commands: L chooses a target among the candidates (arrows, Enter, Escape, or a click),
 * starting on the best one (the nearest in the span's sentence, then in the sentence before:
 * annotations/edit/link-candidates.ts); K links to that one at once; a link is removed from the panel.
 */
import { randomId, type Link } from '../../annotations/index.js';
import { orderLinkCandidates } from '../../annotations/edit/link-candidates.js';
import { linkTargets, selectedSpan, span } from '../state/selectors.js';
import { NO_ARGS, command, spanLetter } from './command.js';

/** L: starts choosing a link target for the selected span, the best candidate (nearest in its sentence) first. */
export const startLink = command({
  name: 'startLink',
  key: (e, k) => (spanLetter(e, k) === 'l' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const from = selectedSpan(s);
    if (!from || !s.doc) return;
    const labels = new Set(linkTargets(s, from.label).flatMap((t) => t.to));
    if (!labels.size) return wb.store.set({ notice: `A ${from.label} cannot be linked to anything in this schema.` });
    const candidates = orderLinkCandidates(s.doc.spans, from, labels, s.doc.article.text);
    if (!candidates.length) return wb.store.set({ notice: `There is no ${[...labels].join(' or ')} in this article to link to.` });
    wb.store.set({ link: { from: from.id, candidates, index: 0 }, notice: 'Choose with ← →, Enter to link, Esc to cancel (or click one).' });
    wb.view?.scrollToSpan(candidates[0]!);
  },
});

/** While choosing: the arrows move to the next or previous candidate (wrapping around). */
export const moveLinkChoice = command<[step: number]>({
  name: 'moveLinkChoice',
  key: (e, k) => {
    if (!k.state.link) return null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') return [1];
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') return [-1];
    return null;
  },
  perform: (wb, step) => {
    const link = wb.store.get().link;
    if (!link) return;
    const index = (link.index + step + link.candidates.length) % link.candidates.length;
    wb.store.set({ link: { ...link, index } });
    wb.view?.scrollToSpan(link.candidates[index]!);
  },
});

/** While choosing: Escape stops. */
export const cancelLink = command({
  name: 'cancelLink',
  key: (e, k) => (k.state.link && e.key === 'Escape' ? NO_ARGS : null),
  perform: (wb) => wb.store.set({ link: null, notice: null }),
});

/** Links the chosen span (or the selected one) to `targetId`, with the schema's link type between their labels. */
export const linkTo = command<[targetId: string]>({
  name: 'linkTo',
  perform: (wb, targetId) => {
    const s = wb.store.get();
    const from = span(s, s.link?.from ?? s.selected);
    const to = span(s, targetId);
    if (!from || !to || !s.doc) return;
    const type = linkTargets(s, from.label).find((t) => t.to.includes(to.label))?.type;
    if (!type) return;
    const link: Link = { id: randomId('l'), type, from: from.id, to: to.id, annotator: s.user, createdAt: wb.writer.now() };
    const chosen = { link: null, selected: from.id, tab: 'annotation' } as const;
    if (!wb.writer.change({ op: 'addLink', articleId: s.doc.article.id, link }, { patch: chosen })) wb.store.set(chosen);
    wb.view?.scrollToSpan(from.id);
  },
});

/** While choosing: Enter links to the candidate shown. */
export const confirmLink = command({
  name: 'confirmLink',
  key: (e, k) => (k.state.link && e.key === 'Enter' ? NO_ARGS : null),
  perform: (wb) => {
    const link = wb.store.get().link;
    if (link) linkTo.perform(wb, link.candidates[link.index]!);
  },
});

/** K: links the selected span to the best candidate (the one L starts on), at once. */
export const linkNearest = command({
  name: 'linkNearest',
  key: (e, k) => (spanLetter(e, k) === 'k' ? NO_ARGS : null),
  perform: (wb) => {
    startLink.perform(wb);
    if (wb.store.get().link) confirmLink.perform(wb);
  },
});

export const removeLink = command<[id: string]>({
  name: 'removeLink',
  perform: (wb, id) => {
    const doc = wb.store.get().doc;
    if (doc) wb.writer.change({ op: 'removeLink', articleId: doc.article.id, linkId: id });
  },
});
