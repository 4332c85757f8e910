/**
 * The Api's assignment methods (issue 18) over the project's `assignments.json`
 * (app/team/assignments.ts): reading them, assigning articles to annotators, unassigning, and
 * "double-annotate N%" at random. Every article id must exist; a read-only project refuses the
 * changes. Which role may call the changing ones (a manager) is the team server's check, not
 * this module's.
 */

import { UserError } from '../errors.js';
import {
  AssignmentStore, assignTo, assignmentsInfo, checkedAnnotators, doubleAssignment, unassignFrom, type AssignmentsInfo,
} from '../team/assignments.js';
import type { ProjectStore } from '../store/project-store.js';

export type AssignmentApi = {
  getAssignments: (p: Record<string, never>) => Promise<AssignmentsInfo>;
  assign: (p: { articleIds: string[]; annotators: string[]; replace?: boolean | undefined }) => Promise<AssignmentsInfo>;
  unassign: (p: { articleIds: string[]; annotators?: string[] | undefined }) => Promise<AssignmentsInfo>;
  assignDouble: (p: { percent: number; annotators: string[]; seed?: number | undefined; articleIds?: string[] | undefined }) => Promise<AssignmentsInfo>;
};

/** The assignment methods of the Api over `store`'s project folder. */
export function assignmentApi(store: ProjectStore): AssignmentApi {
  const file = new AssignmentStore(store.dir);
  const writable = (): void => {
    if (store.readOnly) throw new UserError(store.problem ? 'damaged' : 'bad-request', `The project is open read-only, so the assignments were not changed${store.problem ? `: ${store.problem}` : '.'}`);
  };
  const existing = (ids: readonly string[]): string[] => {
    const unknown = ids.filter((id) => !store.hasArticle(id));
    if (unknown.length) throw new UserError('not-found', `No article ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''} in this project; nothing was assigned.`);
    return [...new Set(ids)];
  };
  return {
    getAssignments: async () => assignmentsInfo(await file.read()),
    assign: async ({ articleIds, annotators, replace }) => {
      writable();
      const ids = existing(articleIds);
      const names = checkedAnnotators(annotators);
      return assignmentsInfo(await file.update((m) => assignTo(m, ids, names, replace ?? false)));
    },
    unassign: async ({ articleIds, annotators }) => {
      writable();
      const ids = existing(articleIds);
      const names = annotators ? checkedAnnotators(annotators) : undefined;
      return assignmentsInfo(await file.update((m) => unassignFrom(m, ids, names)));
    },
    assignDouble: async ({ percent, annotators, seed, articleIds }) => {
      writable();
      const ids = articleIds ? existing(articleIds) : store.allArticles().filter((a) => !a.damaged).map((a) => a.id);
      if (!ids.length) throw new UserError('bad-request', 'The project has no article to assign.');
      const { map, doubled } = doubleAssignment(ids, annotators, percent, seed ?? Date.now() % 2 ** 31);
      // The articles named are assigned anew; the others keep what they had.
      return assignmentsInfo(await file.update((m) => ({ ...unassignFrom(m, ids), ...map })), doubled);
    },
  };
}
