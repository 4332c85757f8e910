/**
 * Commands that choose what is selected: a span (by click, Tab, a link in the panel), none
 * (Escape), or the text selection collapsed (Escape with text selected). They change no data.
 */
import { innermostFirst } from '../../annotations/index.js';
import { NO_ARGS, command } from './command.js';
import { linkTo } from './links.js';
import type { Workbench } from '../state/workbench.js';
import { span } from '../state/selectors.js';

/**
 * The last click on spans, per workbench: the span ids under it (innermost first) and which of
 * them it selected. (Where in the text it was is not known here: the view restores its own
 * selection when the highlights change, so the caret after a click is no record of it.)
 */
const lastClicks = new WeakMap<Workbench, { ids: string[]; i: number }>();

/** Selects span `id` (or nothing), shows its details and scrolls to it. Escape, with no text selected, selects nothing. */
export const select = command<[id: string | null]>({
  name: 'select',
  key: (e, k) => (e.key === 'Escape' && !k.hasText ? [null] : null),
  perform: (wb, id) => {
    wb.store.set({ selected: id, link: null, tab: 'annotation' });
    if (id) wb.view?.scrollToSpan(id);
  },
});

/** Escape with text selected: the selection collapses (the span stays selected). */
export const collapseSelection = command({
  name: 'collapseSelection',
  key: (e, k) => (e.key === 'Escape' && k.hasText ? NO_ARGS : null),
  perform: (wb) => wb.view?.collapse(),
});

/** Tab / Shift+Tab: the next or previous annotation in reading order (wrapping around). */
export const selectNext = command<[step: 1 | -1]>({
  name: 'selectNext',
  key: (e) => (e.key === 'Tab' ? [e.shiftKey ? -1 : 1] : null),
  perform: (wb, step) => {
    const s = wb.store.get();
    const spans = s.doc?.spans ?? [];
    if (!spans.length) return;
    const at = spans.findIndex((x) => x.id === s.selected);
    const next = at < 0 ? (step > 0 ? 0 : spans.length - 1) : (at + step + spans.length) % spans.length;
    select.perform(wb, spans[next]!.id);
  },
});

/**
 * A click on spans (`ids`, the highlights under the pointer): while choosing a link target,
 * the one clicked among the candidates; else the innermost (the shortest). Only a repeated click on the same spot (the same
 * spans under it) while the span the last click chose is still selected selects the next
 * enclosing one, so a click on a claim inside a quote selected some other way selects the claim.
 * A click on plain text selects nothing (and keeps a link choice open).
 */
export const clickSpans = command<[ids: string[]]>({
  name: 'clickSpans',
  perform: (wb, ids) => {
    const s = wb.store.get();
    const link = s.link;
    if (link && ids.length) {
      const target = ids.find((id) => link.candidates.includes(id));
      if (target) return linkTo.perform(wb, target);
    }
    if (!ids.length) {
      lastClicks.delete(wb);
      if (!link) select.perform(wb, null);
      return;
    }
    ids = innermostFirst(ids, (id) => span(s, id));
    const last = lastClicks.get(wb);
    const again = last !== undefined && last.ids.join() === ids.join() && s.selected === last.ids[last.i];
    const i = again ? (last.i + 1) % ids.length : 0;
    lastClicks.set(wb, { ids, i });
    select.perform(wb, ids[i]!);
  },
});
