/**
 * Undo and redo histories of a project store, one per annotator and scope, so an undo takes
 * back only its author's own changes.
 *
 * Scopes: an article's id (its spans, links, status) or "sources" (the project's sources:
 * rename, aliases, merge, split, delete). An undo in an article takes back the author's latest
 * step of that article *or* of the sources, whichever came last: the sources are edited while an
 * article is open, and an article's older steps may name a source that a later merge removed, so
 * undoing them before the merge would fail ("Source … does not exist"). Every step carries a
 * sequence number (one counter per store, rising) that says which came last.
 *
 * Must not: apply operations or serialize edits (the store runs every step through its edit
 * queue); this only keeps the stacks.
 */

import type { Operation } from '../../annotations/index.js';

/**
 * Who makes a change: the annotator (undo takes back only their own changes) and the page or
 * window it came from (so that page can tell its own changes from others' in change events).
 */
export type Author = { annotator?: string | undefined; client?: string | undefined };

/** One step: the operation made, its inverse, and when (a sequence number, higher is later). */
export type Step = { op: Operation; inverse: Operation; seq: number };

export type History = { undo: Step[]; redo: Step[] };

/** The scope of the project's sources, shared by every article's undo. */
export const SOURCES_SCOPE = 'sources';

/** Steps kept per history; older ones are dropped. */
const MAX_UNDO = 500;

export class Histories {
  private readonly histories = new Map<string, History>();
  private seq = 0;

  /** The history of `author` in `scope`, created empty when new. */
  of(scope: string, author: Author = {}): History {
    // One history per annotator and scope: an undo takes back only its author's own changes.
    const key = `${author.annotator ?? ''}\u0000${scope}`;
    let h = this.histories.get(key);
    if (!h) {
      h = { undo: [], redo: [] };
      this.histories.set(key, h);
    }
    return h;
  }

  /** The histories an undo in `scope` reaches: its own, and the sources' for an article. */
  reached(scope: string, author: Author = {}): History[] {
    return scope === SOURCES_SCOPE ? [this.of(scope, author)] : [this.of(scope, author), this.of(SOURCES_SCOPE, author)];
  }

  /** The history among those {@link reached} from `scope` whose `from` stack ends with the latest step, if any has one. */
  latest(scope: string, from: 'undo' | 'redo', author: Author = {}): History | undefined {
    let best: History | undefined;
    for (const h of this.reached(scope, author)) {
      const top = h[from].at(-1);
      if (top && (!best || top.seq > best[from].at(-1)!.seq)) best = h;
    }
    return best;
  }

  /**
   * Records a new operation: it can be undone, and nothing reached from `scope` can be redone
   * any more (a redo after a new change would replay a step over a state it was not made on).
   */
  record(scope: string, author: Author, op: Operation, inverse: Operation): void {
    const h = this.of(scope, author);
    h.undo.push({ op, inverse, seq: this.next() });
    if (h.undo.length > MAX_UNDO) h.undo.shift();
    for (const r of this.reached(scope, author)) r.redo = [];
  }

  /** Moves the latest step of `from` (reached from `scope`) to the other stack, as `op` with its `inverse`. */
  move(h: History, from: 'undo' | 'redo', op: Operation, inverse: Operation): void {
    h[from].pop();
    h[from === 'undo' ? 'redo' : 'undo'].push({ op, inverse, seq: this.next() });
  }

  private next(): number {
    return ++this.seq;
  }
}
