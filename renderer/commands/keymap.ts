/**
 * The keymaps: a lookup over the keys the commands declare, in order of precedence. In the
 * article: while choosing a link target, only the link keys (every other key is swallowed);
 * then label keys, Tab, Escape, Delete, Enter, Shift+arrows, the span's letters (L, K, F, S)
 * and its attributes' keys; plain typing never edits the text. In the window: undo and redo,
 * find, Ctrl+Enter, Alt+N, Alt+1/2/3. Keys with Ctrl or ⌘ are left to the window.
 */
import type { Workbench } from '../state/workbench.js';
import { selectedSpan } from '../state/selectors.js';
import { isCharacter, withMod, type ArticleKeyContext, type Command, type KeyPress, type WindowKeyContext } from './command.js';
import { cancelLink, confirmLink, linkNearest, moveLinkChoice, startLink } from './links.js';
import { addFragment, createSpan, relabelSelected, removeSelected, resizeSelected, setAttribute } from './spans.js';
import { collapseSelection, select, selectNext } from './selection.js';
import { openSourcePicker } from './sources.js';
import { markDoneAndNext, openNextNotDone, setStatus } from './articles.js';
import { redo, undo } from './history.js';
import { openFind } from './find.js';

type Binding<K> = (wb: Workbench, e: KeyPress, k: K) => boolean;

/** A command's key test as a binding: true (and performed) when `e` is its key. */
function bind<A extends unknown[], R, K>(c: Command<A, R>, test: ((e: KeyPress, k: K) => A | null) | undefined): Binding<K> {
  return (wb, e, k) => {
    const args = test?.(e, k);
    if (!args) return false;
    c.perform(wb, ...args);
    return true;
  };
}

/** A command's key in the article, as a binding. */
const articleKey = <A extends unknown[], R>(c: Command<A, R>): Binding<ArticleKeyContext> => bind(c, c.key);

/** A command's key anywhere in the window, as a binding. */
const windowKey = <A extends unknown[], R>(c: Command<A, R>): Binding<WindowKeyContext> => bind(c, c.windowKey);

/** While choosing a link target. */
const LINKING = [articleKey(moveLinkChoice), articleKey(confirmLink), articleKey(cancelLink)];

/** Otherwise, first match wins. */
const ARTICLE = [
  articleKey(createSpan), articleKey(relabelSelected),
  articleKey(selectNext), articleKey(collapseSelection), articleKey(select), articleKey(removeSelected),
  articleKey(resizeSelected),
  articleKey(startLink), articleKey(linkNearest), articleKey(addFragment), articleKey(openSourcePicker), articleKey(setAttribute),
];

const WINDOW = [windowKey(undo), windowKey(redo), windowKey(openFind), windowKey(markDoneAndNext), windowKey(openNextNotDone), windowKey(setStatus)];

/** A key pressed in the article view. Returns true when the key was used (its default is then prevented). */
export function handleArticleKey(wb: Workbench, e: KeyPress): boolean {
  const state = wb.store.get();
  const labels = state.project?.schema.labels;
  const view = wb.view;
  if (!labels || !state.doc || !view) return false;
  if (withMod(e)) return false; // undo, redo, find: handled by the window
  if (state.link) {
    LINKING.some((b) => b(wb, e, { state, labels, span: undefined, hasText: false }));
    return true;
  }
  const sel = view.selection();
  const k: ArticleKeyContext = { state, labels, span: selectedSpan(state), hasText: sel.end > sel.start };
  if (ARTICLE.some((b) => b(wb, e, k))) return true;
  // Plain typing never edits the text; navigation keys go through.
  return isCharacter(e) && !e.altKey;
}

/** A key pressed anywhere in the window (after the drawers' own keys). Returns true when used. */
export function handleWindowKey(wb: Workbench, e: KeyPress, inField: boolean): boolean {
  const k: WindowKeyContext = { state: wb.store.get(), inField };
  return WINDOW.some((b) => b(wb, e, k));
}
