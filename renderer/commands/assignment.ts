/**
 * Assignment commands (issue 18): reading the project's assignments, assigning articles to
 * annotators, unassigning, and "double-annotate N%" at random (the Api's `getAssignments`,
 * `assign`, `unassign`, `assignDouble`). What they read is kept in renderer/state/assignments.ts,
 * where "next to do" (commands/articles.ts) finds it. Who may change assignments is the team
 * server's check; a refusal shows as the notice.
 */
import { assignmentsOf } from '../state/assignments.js';
import { message } from '../state/write-path.js';
import type { Workbench } from '../state/workbench.js';
import { command } from './command.js';

/** Annotator names typed as a list ("alice, bob carol"): split at commas and spaces, empty ones dropped. */
export const parseAnnotators = (typed: string): string[] => [...new Set(typed.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean))];

/** Reads the assignments (quietly: a project without any, or a failure, leaves "next to do" on every article). */
export const loadAssignments = command<[], Promise<void>>({
  name: 'loadAssignments',
  perform: async (wb) => {
    try {
      assignmentsOf(wb).set(await wb.api.getAssignments({}));
    } catch {
      assignmentsOf(wb).set(null);
    }
  },
});

/** Runs one change of the assignments; its answer is kept, a refusal is the notice. True when made. */
async function change(wb: Workbench, call: () => ReturnType<Workbench['api']['getAssignments']>, done: (n: number) => string): Promise<boolean> {
  try {
    const info = await call();
    assignmentsOf(wb).set(info);
    wb.store.set({ notice: done(Object.keys(info.articles).length) });
    return true;
  } catch (e) {
    wb.store.set({ notice: message(e) });
    return false;
  }
}

/** Assigns `articleIds` to `annotators` (added to who has them, or instead with `replace`). */
export const assignArticles = command<[articleIds: string[], annotators: string[], replace?: boolean], Promise<boolean>>({
  name: 'assignArticles',
  perform: (wb, articleIds, annotators, replace = false) =>
    change(wb, () => wb.api.assign({ articleIds, annotators, replace }), () => `Assigned ${articleIds.length} article${articleIds.length === 1 ? '' : 's'} to ${annotators.join(', ')}.`),
});

/** Takes `articleIds` from `annotators` (from everyone when none is named). */
export const unassignArticles = command<[articleIds: string[], annotators?: string[]], Promise<boolean>>({
  name: 'unassignArticles',
  perform: (wb, articleIds, annotators) =>
    change(wb, () => wb.api.unassign({ articleIds, ...(annotators?.length ? { annotators } : {}) }), () => `Unassigned ${articleIds.length} article${articleIds.length === 1 ? '' : 's'}.`),
});

/** Every article to one of `annotators`, `percent`% of them to two, at random (the same `seed`, the same result). */
export const doubleAnnotate = command<[percent: number, annotators: string[], seed?: number], Promise<boolean>>({
  name: 'doubleAnnotate',
  perform: (wb, percent, annotators, seed) =>
    change(wb, () => wb.api.assignDouble({ percent, annotators, ...(seed !== undefined ? { seed } : {}) }), (n) => {
      const doubled = assignmentsOf(wb).get()?.doubled?.length ?? 0;
      return `Assigned ${n} articles among ${annotators.join(', ')}; ${doubled} of them to two annotators.`;
    }),
});
