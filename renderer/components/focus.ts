/**
 * Moving the keyboard focus between the page's regions (F6 / Shift+F6, as browsers and IDEs
 * do), to the article list (Alt+L), the search (/) and the selected annotation's note (N):
 * the DOM side of the focus keys that commands/keymap.ts declares (`focusKey`). It changes no
 * state; a region that is not shown (a closed drawer on a narrow screen) or inert (behind an
 * open drawer) is skipped.
 */

/**
 * The regions in F6 order: where each lies (`within`) and what in it takes the focus (`target`:
 * selectors in order of preference, each the first shown match in the page's order; the open
 * article's row before the list's first, the selected tab before the first tab).
 */
export const REGIONS = [
  { name: 'toolbar', within: '.app > header.topbar', target: ['button, a[href], input, select'] },
  { name: 'import', within: '.left .import-tools', target: ['button'] },
  { name: 'search', within: '.left .left-tools:not(.import-tools)', target: ['input[aria-label="Search articles"]'] },
  { name: 'list', within: '.left .article-list', target: ['li.current a', 'li a'] },
  { name: 'text', within: '.app > main.centre', target: ['.ProseMirror, .placeholder, .load-error'] },
  { name: 'panel', within: 'aside.right', target: ['[role="tab"][aria-selected="true"]', '[role="tab"]'] },
  { name: 'status', within: 'footer.statusbar', target: ['button'] },
] as const;

export type RegionName = (typeof REGIONS)[number]['name'];

/** True when `el` is shown and not inside an inert subtree (so it can take the focus). */
const focusable = (el: Element): el is HTMLElement => el instanceof HTMLElement && el.getClientRects().length > 0 && !el.closest('[inert]');

/**
 * The first shown element inside `within` of the most preferred of `targets` that has one (a
 * selector list would give the first in the page's order, whichever selector it matched).
 */
export function preferredTarget(within: Element | null, targets: readonly string[]): HTMLElement | undefined {
  if (!within) return undefined;
  for (const sel of targets) {
    const el = [...within.querySelectorAll(sel)].find(focusable);
    if (el) return el;
  }
  return undefined;
}

/** The first shown element of the region's most preferred `target` that has one, if any. */
const regionTarget = (r: (typeof REGIONS)[number]): HTMLElement | undefined => preferredTarget(document.querySelector(r.within), r.target);

const modalOpen = (): boolean => !!document.querySelector('[aria-modal="true"]');

/**
 * Gives the focus (`focus`), now or, while a modal dialog is open, once the last one is gone and the
 * focus was left on nothing (a dialog that gives it back somewhere has its way). What opens
 * behind a dialog (the first article behind the name dialog, a new text behind the cleaning
 * dialog) so never takes the keyboard from it, and has it after. The returned function cancels.
 */
export function focusWhenFree(focus: () => void): () => void {
  if (!modalOpen()) {
    focus();
    return () => undefined;
  }
  const watch = new MutationObserver(() => {
    if (modalOpen()) return;
    watch.disconnect();
    const a = document.activeElement;
    if (!a || a === document.body) focus();
  });
  watch.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-modal'] });
  return () => watch.disconnect();
}

/** Focuses `el`; the plain text placeholder takes the focus once made focusable. */
function focusEl(el: HTMLElement): void {
  if (!el.matches('button, a[href], input, select, textarea, [tabindex]')) el.tabIndex = -1;
  el.focus();
}

/** The region the focus is in (undefined: none, say the page itself). */
export function currentRegion(active: Element | null = document.activeElement): RegionName | undefined {
  return REGIONS.find((r) => active && document.querySelector(r.within)?.contains(active))?.name;
}

/** F6 (1) or Shift+F6 (-1): focuses the next or previous shown region, wrapping around; its name, or undefined when none can take the focus. */
export function cycleRegion(step: 1 | -1): RegionName | undefined {
  const at = REGIONS.findIndex((r) => r.name === currentRegion());
  for (let n = 1; n <= REGIONS.length; n++) {
    const i = at < 0 ? (step > 0 ? n - 1 : REGIONS.length - n) : (at + step * n + REGIONS.length * n) % REGIONS.length;
    const r = REGIONS[i]!;
    const el = regionTarget(r);
    if (el) {
      focusEl(el);
      return r.name;
    }
  }
  return undefined;
}

/** Focuses region `name`'s target; false when it is not shown (a closed drawer). */
export function focusRegion(name: RegionName): boolean {
  const el = regionTarget(REGIONS.find((r) => r.name === name)!);
  if (el) focusEl(el);
  return !!el;
}

/** The note field of the selected annotation, in the details panel. */
export const NOTE_FIELD = 'textarea[aria-label="Note"]';

/** Focuses the selected annotation's note field; false when it is not shown. */
export function focusNote(): boolean {
  const el = [...document.querySelectorAll(NOTE_FIELD)].find(focusable);
  el?.focus();
  return !!el;
}

/** Tab and Shift+Tab inside a modal dialog: the focus wraps around within `dialog`, never leaving it. */
export function trapTab(e: { key: string; shiftKey: boolean; preventDefault(): void }, dialog: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const items = [...dialog.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
    (el): el is HTMLElement => focusable(el) && !(el as HTMLButtonElement).disabled,
  );
  if (!items.length) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !dialog.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * The keys of a modal dialog: Tab stays inside it ({@link trapTab}); Escape closes it, and goes no
 * further (the window's own Escape must not act too).
 */
export function modalKeys(onClose: () => void): (e: { key: string; shiftKey: boolean; preventDefault(): void; stopPropagation(): void; currentTarget: HTMLElement }) => void {
  return (e) => {
    trapTab(e, e.currentTarget);
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
  };
}
