/**
 * What a command is (after excalidraw's actions): a name, the key that runs it when it has one,
 * and `perform`, which reads the state, changes it through the store or the write path, and may
 * drive the view. Commands take the workbench context, never a component, so they run in Node
 * with a fake Api and a fake view.
 */
import type { LabelDef, Span } from '../../annotations/index.js';
import type { WorkbenchState } from '../state/store.js';
import type { Workbench } from '../state/workbench.js';

/** The parts of a keyboard event a key test reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'defaultPrevented'>;

/** The situation a key is pressed in, in the article. */
export type ArticleKeyContext = {
  state: WorkbenchState;
  labels: readonly LabelDef[];
  /** The selected span, if any. */
  span: Span | undefined;
  /** True when text is selected in the article. */
  hasText: boolean;
};

/** The situation a key is pressed in, anywhere in the window. */
export type WindowKeyContext = {
  state: WorkbenchState;
  /** True when the focus is in a text field or a select (their own keys win). */
  inField: boolean;
};

export type Command<A extends unknown[] = [], R = void> = {
  readonly name: string;
  /** Its key in the article: the arguments to perform with when `e` is it, in situation `k`; null otherwise. */
  readonly key?: (e: KeyPress, k: ArticleKeyContext) => A | null;
  /** Its key anywhere in the window (undo, find, status): the arguments, or null. */
  readonly windowKey?: (e: KeyPress, k: WindowKeyContext) => A | null;
  readonly perform: (wb: Workbench, ...args: A) => R;
};

/** Declares a command (only for the types: the object is returned as it is). */
export const command = <A extends unknown[] = [], R = void>(c: Command<A, R>): Command<A, R> => c;

/** The arguments of a key test whose command takes none. */
export const NO_ARGS: [] = [];

/** True when `e` has Ctrl or ⌘. */
export const withMod = (e: KeyPress): boolean => e.ctrlKey || e.metaKey;

/** True for a single printable character (plain typing). */
export const isCharacter = (e: KeyPress): boolean => e.key.length === 1;

/** A letter key pressed with a span selected, without Alt: that letter, lower case (null otherwise). */
export const spanLetter = (e: KeyPress, k: ArticleKeyContext): string | null => (k.span && !e.altKey && isCharacter(e) ? e.key.toLowerCase() : null);
