/**
 * The project's assignments as this page last read them (issue 18; the Api's `getAssignments`,
 * app/team/assignments.ts), beside the workbench store, and the "next to do" that follows
 * them: the articles assigned to the current annotator when there are any, every article
 * otherwise (nothing assigned, or nothing to this annotator).
 *
 * Values only: reading and changing them is renderer/commands/assignment.ts'.
 */
import type { AssignmentsInfo } from '../../app/api/contract.js';
import type { WorkbenchState } from './store.js';

/** The assignments of one page: a value replaced on each change, with subscribers. */
export class AssignmentCache {
  private info: AssignmentsInfo | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** The assignments, or null before they are read. */
  readonly get = (): AssignmentsInfo | null => this.info;

  set(info: AssignmentsInfo | null): void {
    this.info = info;
    for (const fn of this.listeners) fn();
  }
}

const caches = new WeakMap<object, AssignmentCache>();

/** The assignment cache of a workbench's page (made on first use, empty until read). */
export function assignmentsOf(wb: object): AssignmentCache {
  let c = caches.get(wb);
  if (!c) caches.set(wb, (c = new AssignmentCache()));
  return c;
}

/** The articles `user` is assigned, or null when "next to do" is every article (nothing assigned to them). */
export function assignedArticles(info: AssignmentsInfo | null, user: string): ReadonlySet<string> | null {
  if (!info || !user) return null;
  const mine = Object.keys(info.articles).filter((id) => info.articles[id]!.includes(user));
  return mine.length ? new Set(mine) : null;
}

/**
 * The next article (in list order) after the open one that is not done, not damaged, and
 * among `assigned` when that is given; wrapping around.
 */
export function nextToDo(s: WorkbenchState, assigned: ReadonlySet<string> | null): string | undefined {
  const items = s.list?.items ?? [];
  const at = items.findIndex((a) => a.id === s.doc?.article.id);
  const order = [...items.slice(at + 1), ...items.slice(0, Math.max(0, at))];
  return order.find((a) => a.status !== 'done' && !a.damaged && (!assigned || assigned.has(a.id)))?.id;
}
