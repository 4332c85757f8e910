/**
 * `window.__workbench`: the small facade the browser tests (tests/e2e/long-article.test.ts,
 * soak.test.ts) drive the page through, over the store and the commands. Not an Api: it offers
 * only what those tests call, as they call it.
 */
import { createSpan, relabelSelected, removeSelected, setAttribute } from './commands/spans.js';
import { selectNext } from './commands/selection.js';
import type { Workbench } from './state/workbench.js';

export function testHook(wb: Workbench) {
  return {
    get: wb.store.get,
    /** The article view while one is shown (the page's ArticleView). */
    get view() {
      return wb.view;
    },
    selectNext: (step: 1 | -1) => selectNext.perform(wb, step),
    createSpan: (label: string) => createSpan.perform(wb, label),
    relabelSelected: (label: string) => relabelSelected.perform(wb, label),
    setAttribute: (name: string, value: string | null) => setAttribute.perform(wb, name, value),
    removeSelected: () => removeSelected.perform(wb),
    /** Resolves once every queued save is answered. */
    idle: () => wb.writer.idle(),
  };
}
