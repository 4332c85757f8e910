/**
 * The keymaps: a lookup over the keys the commands declare, in order of precedence. In the
 * article: while choosing a link target, only the link keys (every other key is swallowed);
 * then label keys, Tab, Escape, Delete, Enter, Shift+arrows, the span's letters (L, K, F, S)
 * and its attributes' keys; plain typing never edits the text. In the window: undo and redo,
 * find, Ctrl+Enter, Alt+N, Alt+1/2/3. Keys with Ctrl or ⌘ are left to the window, but for
 * Ctrl+Enter, which ProseMirror would swallow (it prevents the default of every Enter).
 *
 * Also the focus keys (F6 regions, Alt+L list, / search, ? and F1 help, N note), which change
 * no state and are carried out by the components (components/focus.ts), and {@link KEY_HELP},
 * the key list the help dialog shows, checked against the commands' own key tests
 * (tests/renderer/commands/keymap.test.ts). No DOM here.
 */
import type { Workbench } from '../state/workbench.js';
import type { WorkbenchState } from '../state/store.js';
import { selectedSpan } from '../state/selectors.js';
import { isCharacter, withMod, type ArticleKeyContext, type Command, type KeyPress, type WindowKeyContext } from './command.js';
import { cancelLink, confirmLink, linkNearest, moveLinkChoice, startLink } from './links.js';
import { addFragment, createSpan, relabelSelected, removeSelected, resizeSelected, setAttribute, tagAllOccurrences } from './spans.js';
import { collapseSelection, select, selectNext } from './selection.js';
import { openSourcePicker } from './sources.js';
import { editArticleDetails, markDoneAndNext, openNextNotDone, setStatus } from './articles.js';
import { toggleArcs, togglePanel } from './layout.js';
import { redo, undo } from './history.js';
import { openFind } from './find.js';
import { openSchemaEditor } from './schema.js';
import { openCuration } from './curation.js';
import { acceptAllSuggestions, acceptSuggestion, rejectSuggestion, suggestArticle } from './suggestions.js';
import { initialState } from '../state/store.js';
import type { Span } from '../../annotations/index.js';

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
export const LINKING_COMMANDS = [moveLinkChoice, confirmLink, cancelLink] as const;

/** Otherwise, first match wins. A schema's attribute key wins over A (tag all occurrences). */
export const ARTICLE_COMMANDS = [
  // Enter and Backspace on a pending suggestion accept and reject it (before the source picker and Delete).
  acceptSuggestion, rejectSuggestion,
  createSpan, relabelSelected,
  selectNext, collapseSelection, select, removeSelected,
  resizeSelected,
  startLink, linkNearest, addFragment, openSourcePicker, setAttribute, tagAllOccurrences,
] as const;

/** Anywhere in the window. */
export const WINDOW_COMMANDS = [undo, redo, openFind, markDoneAndNext, openNextNotDone, setStatus, editArticleDetails, togglePanel, toggleArcs, openSchemaEditor, openCuration, suggestArticle, acceptAllSuggestions] as const;

const LINKING = LINKING_COMMANDS.map((c) => articleKey<unknown[], unknown>(c as Command<unknown[], unknown>));
const ARTICLE = ARTICLE_COMMANDS.map((c) => articleKey<unknown[], unknown>(c as Command<unknown[], unknown>));
const WINDOW = WINDOW_COMMANDS.map((c) => windowKey<unknown[], unknown>(c as Command<unknown[], unknown>));
/** Window keys with Ctrl that the article view must run itself: ProseMirror prevents the default of Enter, which the window's test reads. */
const ARTICLE_MOD = [windowKey(markDoneAndNext)];

/** A key pressed in the article view. Returns true when the key was used (its default is then prevented). */
export function handleArticleKey(wb: Workbench, e: KeyPress): boolean {
  const state = wb.store.get();
  const labels = state.project?.schema.labels;
  const view = wb.view;
  if (!labels || !state.doc || !view) return false;
  // Undo, redo, find: handled by the window. Ctrl+Enter here: the view prevents its default.
  if (withMod(e)) return !state.link && ARTICLE_MOD.some((b) => b(wb, e, { state, inField: false }));
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

/** What a focus key asks for: the next or previous region (F6), the list, the search, the key help, the selected span's note. */
export type FocusRequest = { region: 1 | -1 } | 'list' | 'search' | 'help' | 'note';

/** True when a span is selected and N is free for its note (no attribute of its label has that key). */
export function noteKeyFree(state: WorkbenchState): boolean {
  const span = selectedSpan(state);
  const def = span && state.project?.schema.labels.find((l) => l.name === span.label);
  return !!span && !def?.attributes.some((a) => a.keys?.includes('n'));
}

/** Where a focus key is pressed: in a text field (or select), in the article text, with a span selected (and N free, {@link noteKeyFree}). */
export type FocusKeyContext = { inField: boolean; inText: boolean; spanSelected: boolean };

/**
 * The focus keys: F6 / Shift+F6 the next or previous region (anywhere, as in browsers and
 * IDEs), Alt+L the article list, / the article search, ? or F1 the key help (outside fields;
 * F1 anywhere), N (in the text, a span selected) the span's note. Null for any other key.
 */
export function focusKey(e: KeyPress, k: FocusKeyContext): FocusRequest | null {
  const mod = withMod(e);
  if (e.key === 'F6' && !mod && !e.altKey) return { region: e.shiftKey ? -1 : 1 };
  if (e.key === 'F1' && !mod && !e.altKey && !e.shiftKey) return 'help';
  // e.code: Alt+L types "¬" on a Mac keyboard.
  if (e.altKey && !mod && !e.shiftKey && e.code === 'KeyL') return 'list';
  if (k.inField || mod || e.altKey) return null;
  if (e.key === '/') return 'search';
  if (e.key === '?') return 'help';
  if (k.inText && k.spanSelected && e.key.toLowerCase() === 'n' && !e.shiftKey) return 'note';
  return null;
}

/**
 * One line of the key help: the keys as written for a person, what they do, and, where a
 * command declares them, that command and the presses (in Playwright's notation: "Control+Enter",
 * "Shift+Tab") its key test is checked against, in the situation `where` (text selected, a span
 * selected, choosing a link target, anywhere).
 */
export type KeyHelpLine = {
  keys: string;
  what: string;
  where: 'text' | 'span' | 'link' | 'window' | 'focus';
  command?: Command<never[], unknown>;
  press?: readonly string[];
};

const c = (x: unknown): Command<never[], unknown> => x as Command<never[], unknown>;

/** The key help, by group; the label and attribute keys come from the schema (see the help dialog). */
export const KEY_HELP: readonly { group: string; lines: readonly KeyHelpLine[] }[] = [
  { group: 'Annotating', lines: [
    { keys: '1–4', what: 'A label’s key: label the selected text; with no text selected, relabel the selected annotation', where: 'text', command: c(createSpan), press: ['1'] },
    { keys: 'F', what: 'Add the selected text as another part of the selected annotation', where: 'text', command: c(addFragment), press: ['f'] },
    { keys: 'Del / Backspace', what: 'Delete the selected annotation', where: 'span', command: c(removeSelected), press: ['Delete', 'Backspace'] },
    { keys: 'Shift+→ / Shift+←', what: 'Grow / shrink its end by a word', where: 'span', command: c(resizeSelected), press: ['Shift+ArrowRight', 'Shift+ArrowLeft'] },
    { keys: 'Alt+Shift+← / →', what: 'Grow / shrink its start by a word', where: 'span', command: c(resizeSelected), press: ['Alt+Shift+ArrowLeft', 'Alt+Shift+ArrowRight'] },
    { keys: 'D / I / M', what: 'An attribute’s key: set or clear it (quote type: direct, indirect, mixed)', where: 'span', command: c(setAttribute), press: ['d'] },
    { keys: 'S or Enter', what: 'Choose the speaker’s source', where: 'span', command: c(openSourcePicker), press: ['s', 'Enter'] },
    { keys: 'A', what: 'Tag every other occurrence of its text with the same label and source (one undo)', where: 'span', command: c(tagAllOccurrences), press: ['a'] },
    { keys: 'N', what: 'Write a note on the selected annotation (Escape returns to the text)', where: 'focus', press: ['n'] },
  ] },
  { group: 'Selecting', lines: [
    { keys: 'Tab / Shift+Tab', what: 'Next / previous annotation', where: 'span', command: c(selectNext), press: ['Tab', 'Shift+Tab'] },
    { keys: 'Click', what: 'Select the annotation under the pointer (the innermost)', where: 'window' },
    { keys: 'Click again', what: 'At the same spot: the enclosing annotation', where: 'window' },
    { keys: 'Escape', what: 'Collapse the text selection; then select nothing', where: 'span', command: c(select), press: ['Escape'] },
  ] },
  { group: 'Linking', lines: [
    { keys: 'L', what: 'Link the selected annotation: choose the target', where: 'span', command: c(startLink), press: ['l'] },
    { keys: '← → (↑ ↓)', what: 'While linking: the previous / next candidate', where: 'link', command: c(moveLinkChoice), press: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] },
    { keys: 'Enter', what: 'While linking: link to the candidate shown', where: 'link', command: c(confirmLink), press: ['Enter'] },
    { keys: 'Escape', what: 'While linking: cancel', where: 'link', command: c(cancelLink), press: ['Escape'] },
    { keys: 'K', what: 'Link at once to the candidate L starts on (the nearest in its sentence, then the sentence before)', where: 'span', command: c(linkNearest), press: ['k'] },
  ] },
  { group: 'Articles', lines: [
    { keys: 'Ctrl+Enter', what: 'Mark the article done and open the next to do (also from the text)', where: 'window', command: c(markDoneAndNext), press: ['Control+Enter', 'Meta+Enter'] },
    { keys: 'Alt+N', what: 'Open the next article to do', where: 'window', command: c(openNextNotDone), press: ['Alt+n'] },
    { keys: 'Alt+1 / 2 / 3', what: 'Status: to do, in progress, done', where: 'window', command: c(setStatus), press: ['Alt+1', 'Alt+2', 'Alt+3'] },
    { keys: 'Ctrl+Z / Ctrl+Shift+Z', what: 'Undo / redo (Ctrl+Y redoes too)', where: 'window', command: c(undo), press: ['Control+z'] },
    { keys: 'Ctrl+Shift+Z / Ctrl+Y', what: 'Redo', where: 'window', command: c(redo), press: ['Control+Shift+z', 'Control+y'] },
    { keys: 'Ctrl+F', what: 'Find in the article (Enter next, Shift+Enter previous, Ctrl+Enter selects the result)', where: 'window', command: c(openFind), press: ['Control+f'] },
    { keys: 'Alt+M', what: 'Edit the article’s details: title, outlet, byline, date, link (undoable)', where: 'window', command: c(editArticleDetails), press: ['Alt+KeyM'] },
    { keys: 'Alt+S', what: 'Edit the labels, their keys and attributes, the link types and the verdict scale (the schema)', where: 'window', command: c(openSchemaEditor), press: ['Alt+KeyS'] },
  ] },
  // The curation view's own keys are commands/curation.ts' CURATION_COMMANDS (tests/renderer/commands/curation.test.ts).
  { group: 'Curating', lines: [
    { keys: 'Alt+C', what: 'Curate the open article: compare its layers and build the curated one', where: 'window', command: c(openCuration), press: ['Alt+KeyC'] },
    { keys: 'N / P', what: 'In curation: the next / previous open disagreement', where: 'window' },
    { keys: '↓ / ↑', what: 'In curation: the next / previous unit of any kind', where: 'window' },
    { keys: '1–9', what: 'In curation: accept that layer’s version into the curated layer', where: 'window' },
    { keys: 'X', what: 'In curation: reject the unit (nothing curated there); X again takes it back', where: 'window' },
    { keys: 'E', what: 'In curation: accept the first version and adjust it with Shift+arrows; Enter when done', where: 'window' },
    { keys: 'A', what: 'In curation: accept every agreed unit (one undo)', where: 'window' },
  ] },
  // Enter and Backspace act only on a pending suggestion (no press: the check's span is an ordinary one).
  { group: 'Suggestions', lines: [
    { keys: 'Alt+G', what: 'Suggest speakers, cues and quotes for the article (dashed; learned from the project once it has about five annotated articles)', where: 'window', command: c(suggestArticle), press: ['Alt+KeyG'] },
    { keys: 'Enter', what: 'On a suggestion: accept it (adjust it first with Shift+arrows)', where: 'span', command: c(acceptSuggestion) },
    { keys: 'Backspace / Del', what: 'On a suggestion: reject it (not suggested again)', where: 'span', command: c(rejectSuggestion) },
    { keys: 'Alt+Shift+G', what: 'Accept every suggestion of the article (one undo)', where: 'window', command: c(acceptAllSuggestions), press: ['Alt+Shift+KeyG'] },
  ] },
  { group: 'Moving around', lines: [
    { keys: 'F6 / Shift+F6', what: 'Next / previous region: toolbar, Import, search, article list, text, side panel, status bar', where: 'focus', press: ['F6', 'Shift+F6'] },
    { keys: 'Alt+L', what: 'The article list (the open article)', where: 'focus', press: ['Alt+KeyL'] },
    { keys: '/', what: 'Search the article titles', where: 'focus', press: ['/'] },
    { keys: 'Alt+A / Alt+P', what: 'Articles / the details panel (drawers on a narrow screen; Escape closes)', where: 'window' },
    { keys: 'Alt+Shift+A / Alt+Shift+P', what: 'Hide or show the article list / the details panel (remembered)', where: 'window', command: c(togglePanel), press: ['Alt+Shift+KeyA', 'Alt+Shift+KeyP'] },
    { keys: 'Alt+R', what: 'Show or hide the links as arcs above the text (remembered)', where: 'window', command: c(toggleArcs), press: ['Alt+KeyR'] },
    { keys: '? or F1', what: 'This list of keys', where: 'focus', press: ['?', 'F1'] },
  ] },
];

/** A press in Playwright's notation ("Control+Shift+z", "Alt+KeyL") as the key tests see it. */
export function parsePress(press: string): KeyPress {
  const parts = press === '+' ? ['+'] : press.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const code = /^Key[A-Z]$/.test(key) ? key : key.length === 1 && /[a-z]/i.test(key) ? `Key${key.toUpperCase()}` : '';
  return {
    key: /^Key[A-Z]$/.test(key) ? key.slice(3).toLowerCase() : key, code,
    altKey: mods.has('Alt'), shiftKey: mods.has('Shift'), ctrlKey: mods.has('Control'), metaKey: mods.has('Meta'), defaultPrevented: false,
  };
}

/**
 * What the app does with `key` in the article already (the command's name, or the focus key's
 * request), or undefined when a label or an attribute value may take it (the schema editor
 * refuses the others: a label's key is tried first, so it would hide them). Found by asking
 * every article command's key test and {@link focusKey}, with a span selected and without, text
 * selected and without, in both cases of a letter; the schema's own keys are not counted.
 */
export function reservedKey(key: string): string | undefined {
  const span = { id: 'probe', label: '\u0000', fragments: [], attributes: {} } as unknown as Span;
  const state = initialState();
  for (const k of new Set([key, key.toLowerCase(), key.toUpperCase()])) {
    const e: KeyPress = { key: k, code: '', altKey: false, shiftKey: k !== k.toLowerCase(), ctrlKey: false, metaKey: false, defaultPrevented: false };
    for (const ctx of [{ span, hasText: false }, { span, hasText: true }, { span: undefined, hasText: true }]) {
      const used = ARTICLE_COMMANDS.find((c) => (c.key as ((e: KeyPress, k: ArticleKeyContext) => unknown) | undefined)?.(e, { state, labels: [], ...ctx }));
      const focus = !used && focusKey(e, { inField: false, inText: true, spanSelected: !!ctx.span });
      if (!used && !focus) continue;
      // In the key help's words: "Link the selected annotation: choose the target (L)".
      const line = KEY_HELP.flatMap((g) => g.lines).find((l) => (used ? l.command === c(used) : l.where === 'focus' && l.press?.includes(k)));
      return line ? `${line.what.replace(/ \(.*\)$/, '').toLowerCase()} (${line.keys})` : used ? used.name : String(focus);
    }
  }
  return undefined;
}
