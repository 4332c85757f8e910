/**
 * Undo and redo histories of a project store, one per annotator and scope, so an undo takes
 * back only its author's own changes.
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

export type History = { undo: { op: Operation; inverse: Operation }[]; redo: { op: Operation; inverse: Operation }[] };

/** Steps kept per history; older ones are dropped. */
const MAX_UNDO = 500;

export class Histories {
  private readonly histories = new Map<string, History>();

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

  /** Records a new operation: it can be undone, and nothing can be redone any more. */
  record(scope: string, author: Author, op: Operation, inverse: Operation): void {
    const h = this.of(scope, author);
    h.undo.push({ op, inverse });
    if (h.undo.length > MAX_UNDO) h.undo.shift();
    h.redo = [];
  }
}
