/**
 * The types of the project's assignments (issue 18), without any Node import, so the Api's
 * contract (which the renderer imports) can name them. The rules and the file: assignments.ts.
 */

/** Article id to the annotators assigned to it (sorted, no duplicates); an article absent is unassigned. */
export type AssignmentMap = Record<string, string[]>;

/** What the Api answers about assignments: the map, every annotator named in it (sorted), and after `assignDouble` the articles given two. */
export type AssignmentsInfo = { articles: AssignmentMap; annotators: string[]; doubled?: string[] };
