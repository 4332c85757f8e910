/**
 * While a link target is being chosen (L): the instruction, next to the span being linked in
 * the text (below the line where it ends, or above when there is no room, within the text
 * column), or next to the candidate shown when
 * that span is scrolled out of sight; it follows scrolling and resizing. The words reach a
 * screen reader through the status bar's live region, so this box is for the eye only.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { Workbench } from '../state/workbench.js';
import { span as spanOf } from '../state/selectors.js';
import { useWorkbench } from './hooks.js';

/** Pixels between the span and the hint. */
const GAP = 6;

/** The last line box of span `id`'s highlights that is in sight in the article (where its shown text ends), if any. */
function lastLineOf(id: string): DOMRect | undefined {
  const rects = [...document.querySelectorAll(`.ProseMirror [data-span-id="${CSS.escape(id)}"]`)].flatMap((el) => [...el.getClientRects()]);
  return rects.filter(inSight).at(-1);
}

/** The article's scrolling box (the hint stays inside its width). */
const articleBox = (): DOMRect | undefined => document.querySelector('.article-scroll')?.getBoundingClientRect();

/** True when `r` is at least partly inside the article's scrolling box. */
function inSight(r: DOMRect): boolean {
  const box = articleBox();
  return !!box && r.bottom > box.top && r.top < box.bottom && r.height > 0;
}

export function LinkHint({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const link = s.link;
  const box = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const from = link ? spanOf(s, link.from) : undefined;
  const active = link?.candidates[link.index];
  useLayoutEffect(() => {
    if (!link) return;
    const place = () => {
      const anchor = lastLineOf(link.from) ?? (active ? lastLineOf(active) : undefined);
      const hint = box.current?.getBoundingClientRect();
      if (!anchor || !hint) return setAt(null);
      const below = anchor.bottom + GAP;
      const top = below + hint.height > window.innerHeight - 4 ? Math.max(4, anchor.top - GAP - hint.height) : below;
      // Under the line where the span ends, inside the text column (never over the side panels).
      const column = articleBox() ?? { left: 0, right: window.innerWidth };
      const left = Math.max(column.left + 4, Math.min(anchor.left, column.right - hint.width - 4));
      setAt({ top, left });
    };
    place();
    // Scrolling the text (a candidate scrolled into view) or the window moves the span.
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [link, active]);
  if (!link || !from) return null;
  return (
    <div ref={box} className="link-hint" aria-hidden="true" data-link-hint={link.from}
      style={at ? { top: at.top, left: at.left } : { visibility: 'hidden', top: 0, left: 0 }}>
      <strong>Link this {from.label}</strong> to a highlighted one: <kbd>←</kbd> <kbd>→</kbd> choose · <kbd>Enter</kbd> link · <kbd>Esc</kbd> cancel · or click one
      {link.candidates.length > 1 && <span className="link-hint-count"> ({link.index + 1} of {link.candidates.length})</span>}
    </div>
  );
}
