/**
 * The one binding that keeps an article view showing the state. Once bound, the view follows
 * the store: a new copy of the open article is synced into it (only changed spans are redrawn),
 * new labels redraw it, and the overlay (selection, link choices, find results) is set whenever
 * what it shows changed. Nothing else writes to the view but the commands' own scrolling,
 * selecting and focusing; the view never writes to the state.
 */
import type { ViewPort } from '../editor/view-port.js';
import { visibleDoc } from './layers.js';
import { overlay, overlayInputs } from './selectors.js';
import type { Store } from './store.js';

/**
 * Keeps `view`, made for the open article as the store holds it now, in step with the store
 * until the returned function is called. A different article or a new text of it (`textVersion`)
 * is not synced: the view for it is made anew.
 */
export function bindView(store: Store, view: ViewPort): () => void {
  const first = store.get();
  const articleId = first.doc?.article.id;
  const textVersion = first.textVersion;
  // What the view shows of the article: the signed-in annotator's layer only, unless the project shows all (layers.ts).
  let doc = visibleDoc(first);
  if (doc && doc !== first.doc) view.sync(doc);
  let labels = first.project?.schema.labels;
  let inputs = overlayInputs(first);
  const update = (): void => {
    const s = store.get();
    if (!s.doc || s.doc.article.id !== articleId || s.textVersion !== textVersion) return;
    const nextLabels = s.project?.schema.labels;
    const labelsChanged = !!nextLabels && nextLabels !== labels;
    const shown = visibleDoc(s)!;
    if (shown !== doc || labelsChanged) {
      view.sync(shown, labelsChanged ? nextLabels : undefined);
      doc = shown;
      if (labelsChanged) labels = nextLabels;
    }
    const next = overlayInputs(s);
    if (next.some((x, i) => x !== inputs[i])) {
      inputs = next;
      view.overlay(overlay(s));
    }
  };
  return store.subscribe(update);
}
