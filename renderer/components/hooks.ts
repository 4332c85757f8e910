/** The components' view of the state: a hook over the store (`useSyncExternalStore`). */
import { useEffect, useSyncExternalStore } from 'react';
import type { WorkbenchState } from '../state/store.js';
import type { Workbench } from '../state/workbench.js';

/** The workbench state, re-rendering when it changes. */
export const useWorkbench = (wb: Workbench): WorkbenchState => useSyncExternalStore(wb.store.subscribe, wb.store.get);

const subscribeHash = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/**
 * A hook for the page an address names: `parse(location.hash)`, re-rendering when the address
 * changes. The parsed value is kept while the address stays the same, so its identity is stable.
 */
export function hashRoute<T>(parse: (hash: string) => T): () => T {
  let lastHash: string | undefined;
  let last: T;
  const read = (): T => {
    if (location.hash !== lastHash) {
      lastHash = location.hash;
      last = parse(location.hash);
    }
    return last;
  };
  return () => useSyncExternalStore(subscribeHash, read);
}

/** A hook that is true while the CSS media query `query` matches (re-rendering when it changes). */
export function mediaQuery(query: string): () => boolean {
  const list = (): MediaQueryList => matchMedia(query);
  const subscribe = (cb: () => void) => {
    const q = list();
    q.addEventListener('change', cb);
    return () => q.removeEventListener('change', cb);
  };
  return () => useSyncExternalStore(subscribe, () => list().matches);
}

/**
 * A page shown over the workbench (the corpus pages, the Agreement page): while it is up, the
 * columns under it are inert, and its heading takes the focus each time `page` changes.
 * `selector` names the page's own element (a class of the `.app`'s child).
 */
export function usePageOverWorkbench(selector: string, page: string): void {
  useEffect(() => {
    const others = [...document.querySelectorAll<HTMLElement>(`.app > *:not(${selector}):not(header):not(footer)`)];
    for (const el of others) el.inert = true;
    document.querySelector<HTMLElement>(`${selector} h1`)?.focus();
    return () => {
      for (const el of others) el.inert = false;
    };
  }, [selector, page]);
}
