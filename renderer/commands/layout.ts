/**
 * Layout commands: collapsing the side columns (Alt+Shift+A the article list, Alt+Shift+P the
 * details panel) and the relation-arcs view (Alt+R). What they set is the page's own preference,
 * not project data: it lives in a small container beside the workbench store (one per
 * workbench), is remembered in the page's storage (localStorage) under {@link LAYOUT_KEY}, and
 * never goes through the write path. Below 62.5rem the columns are drawers (App.tsx) and the
 * collapsed state is not used there.
 */
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, withMod, type KeyPress } from './command.js';

/** The storage key of the layout preferences (JSON of {@link LayoutPrefs}). */
export const LAYOUT_KEY = 'sourcemark.layout';

export type SidePanelName = 'articles' | 'details';

/** What the page remembers of its layout. Defaults: both columns shown, arcs off. */
export type LayoutPrefs = {
  collapsed: Readonly<Record<SidePanelName, boolean>>;
  /** The relation-arcs view above the text (editor/arcs.ts). */
  arcs: boolean;
};

export const DEFAULT_LAYOUT: LayoutPrefs = { collapsed: { articles: false, details: false }, arcs: false };

/** Reads the remembered preferences; anything unreadable gives the defaults for that field. */
export function readLayout(raw: string | null): LayoutPrefs {
  try {
    const v = JSON.parse(raw ?? '{}') as { collapsed?: Partial<Record<SidePanelName, unknown>>; arcs?: unknown };
    return {
      collapsed: { articles: v.collapsed?.articles === true, details: v.collapsed?.details === true },
      arcs: v.arcs === true,
    };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

/** The page's layout: the remembered preferences, and whether the article's details dialog is open (not remembered). */
export type LayoutState = LayoutPrefs & { editingDetails: boolean };

/** The layout of one page: a value replaced on each change, with subscribers (for `useSyncExternalStore`). */
export class LayoutStore {
  private state: LayoutState;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Workbench['env']['storage']) {
    this.state = { ...readLayout(storage.getItem(LAYOUT_KEY)), editingDetails: false };
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly get = (): LayoutState => this.state;

  /** Changes the state; a change of the preferences is remembered. */
  set(patch: Partial<LayoutState>): void {
    const next = { ...this.state, ...patch };
    if (patch.collapsed !== undefined || patch.arcs !== undefined) {
      try {
        this.storage.setItem(LAYOUT_KEY, JSON.stringify({ collapsed: next.collapsed, arcs: next.arcs } satisfies LayoutPrefs));
      } catch {
        // Storage full or refused (a private window): the preference holds for this page only.
      }
    }
    this.state = next;
    for (const fn of this.listeners) fn();
  }
}

const stores = new WeakMap<Workbench, LayoutStore>();

/** The layout preferences of `wb`'s page (made on first use, read from its storage). */
export function layoutOf(wb: Workbench): LayoutStore {
  let s = stores.get(wb);
  if (!s) stores.set(wb, (s = new LayoutStore(wb.env.storage)));
  return s;
}

/** Alt+Shift+letter by its physical key (Alt+letter types another character on a Mac keyboard). */
const altShift = (e: KeyPress, code: string): boolean => e.altKey && e.shiftKey && !withMod(e) && e.code === code;

/** Shows or hides a side column (on a wide screen); remembered. */
export const togglePanel = command<[panel: SidePanelName]>({
  name: 'togglePanel',
  windowKey: (e) => (altShift(e, 'KeyA') ? ['articles'] : altShift(e, 'KeyP') ? ['details'] : null),
  perform: (wb, panel) => {
    const l = layoutOf(wb);
    const { collapsed } = l.get();
    l.set({ collapsed: { ...collapsed, [panel]: !collapsed[panel] } });
  },
});

/** Alt+R: shows or hides the relation arcs above the text; remembered. */
export const toggleArcs = command({
  name: 'toggleArcs',
  windowKey: (e) => (e.altKey && !e.shiftKey && !withMod(e) && e.code === 'KeyR' ? NO_ARGS : null),
  perform: (wb) => {
    const l = layoutOf(wb);
    l.set({ arcs: !l.get().arcs });
  },
});
