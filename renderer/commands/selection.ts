/**
 * Commands that choose what is selected: a span (by click, Tab, a link in the panel), none
 * (Escape), or the text selection collapsed (Escape with text selected). They change no data.
 */
import { NO_ARGS, command } from './command.js';
import { linkTo } from './links.js';
import type { Workbench } from '../state/workbench.js';

/** Span ids a repeated click at one spot cycles through, innermost first; one memory per workbench. */
const clickCycles = new WeakMap<Workbench, { ids: string[]; i: number }>();

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
 * A click on spans (`ids`, innermost first): while choosing a link target, the one clicked
 * among the candidates; else the innermost, then each enclosing one on repeated clicks at the
 * same spot. A click on plain text selects nothing (and keeps a link choice open).
 */
export const clickSpans = command<[ids: string[]]>({
  name: 'clickSpans',
  perform: (wb, ids) => {
    const link = wb.store.get().link;
    if (link && ids.length) {
      const target = ids.find((id) => link.candidates.includes(id));
      if (target) return linkTo.perform(wb, target);
    }
    if (!ids.length) {
      if (!link) select.perform(wb, null);
      return;
    }
    const last = clickCycles.get(wb);
    const same = last && last.ids.join() === ids.join();
    const i = same ? (last.i + 1) % ids.length : 0;
    clickCycles.set(wb, { ids, i });
    select.perform(wb, ids[i]!);
  },
});
