/**
 * Who annotates which article (issue 18): the project's `assignments.json`, one file a manager
 * writes, mapping an article id to the annotators assigned to it. The rules are pure functions
 * (assign, unassign, "double-annotate N%" at random, reproducible with a seed); the file is read
 * and written here through the store's file operations with a durable write (temp file, fsync,
 * rename), as `app/store/registry.ts` writes `sourcemark.json`.
 *
 * Must not: check who may change assignments (the team server enforces the manager role on the
 * Api methods), or touch any other file of the project.
 */

import path from 'node:path';
import { z } from 'zod';
import { annotatorNameProblem, seededRandom, shuffled } from '../../annotations/index.js';
import { UserError, describeFsError, describeWriteError } from '../errors.js';
import { realFileOps, writeFileDurably, type FileOps } from '../store/durable.js';
import { stableStringify } from '../store/json.js';
import type { AssignmentMap, AssignmentsInfo } from './assignment-types.js';

export type { AssignmentMap, AssignmentsInfo } from './assignment-types.js';

export const ASSIGNMENTS_FILE = 'assignments.json';
export const ASSIGNMENTS_VERSION = 1;

export const AssignmentsFileSchema = z.object({
  type: z.literal('sourcemark-assignments'),
  version: z.number().int().positive(),
  articles: z.record(z.string(), z.array(z.string().min(1))),
  updatedAt: z.string().optional(),
});
export type AssignmentsFile = z.infer<typeof AssignmentsFileSchema>;

/** Annotator names, checked: empty and reserved names (`curated`, `all`) are refused with the reason. */
export function checkedAnnotators(names: readonly string[]): string[] {
  const clean = [...new Set(names.map((n) => n.trim()))];
  if (!clean.length) throw new UserError('bad-request', 'Name at least one annotator.');
  for (const n of clean) {
    const problem = annotatorNameProblem(n);
    if (problem) throw new UserError('bad-request', `Cannot assign to "${n}": ${problem}.`);
  }
  return clean.sort();
}

const sortedUnion = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])].sort();

/** `map` with `annotators` added to each of `articleIds` (or, with `replace`, instead of those assigned). */
export function assignTo(map: AssignmentMap, articleIds: readonly string[], annotators: readonly string[], replace = false): AssignmentMap {
  const next = { ...map };
  for (const id of articleIds) next[id] = replace ? [...annotators].sort() : sortedUnion(next[id] ?? [], annotators);
  return next;
}

/** `map` without `annotators` on `articleIds` (every annotator when none is named); an article left with none is unassigned. */
export function unassignFrom(map: AssignmentMap, articleIds: readonly string[], annotators?: readonly string[]): AssignmentMap {
  const next = { ...map };
  for (const id of articleIds) {
    const kept = annotators ? (next[id] ?? []).filter((a) => !annotators.includes(a)) : [];
    if (kept.length) next[id] = kept;
    else delete next[id];
  }
  return next;
}

/**
 * Every article of `articleIds` to one annotator, and `percent`% of them (rounded) to a second,
 * different one, at random but balanced: the first annotators go round in a shuffled order, the
 * second is the least loaded other annotator. The same `seed` gives the same assignment.
 */
export function doubleAssignment(articleIds: readonly string[], annotators: readonly string[], percent: number, seed: number): { map: AssignmentMap; doubled: string[] } {
  if (!(percent >= 0 && percent <= 100)) throw new UserError('bad-request', `The share to double-annotate must be between 0 and 100 percent, not ${percent}.`);
  const names = checkedAnnotators(annotators);
  const doubleCount = Math.round((articleIds.length * percent) / 100);
  if (doubleCount > 0 && names.length < 2) throw new UserError('bad-request', 'Double annotation needs at least two annotators.');
  const random = seededRandom(seed);
  const order = shuffled([...articleIds].sort(), random);
  const people = shuffled(names, random);
  const load = new Map(people.map((p) => [p, 0]));
  const map: AssignmentMap = {};
  order.forEach((id, i) => {
    const first = people[i % people.length]!;
    map[id] = [first];
    load.set(first, load.get(first)! + 1);
  });
  const doubled = shuffled(order, random).slice(0, doubleCount);
  for (const id of doubled) {
    const first = map[id]![0]!;
    let best: string | undefined;
    for (const p of people) if (p !== first && (best === undefined || load.get(p)! < load.get(best)!)) best = p;
    map[id] = [first, best!].sort();
    load.set(best!, load.get(best!)! + 1);
  }
  return { map, doubled: doubled.sort() };
}

/** The articles assigned to `annotator`, sorted. */
export const assignedTo = (map: AssignmentMap, annotator: string): string[] =>
  Object.keys(map).filter((id) => map[id]!.includes(annotator)).sort();

/**
 * The project's `assignments.json`: read (a missing file is no assignment), changed one change
 * at a time, each written durably before the next starts. A file that cannot be read or does not
 * match the format is named in the error and left as it is.
 */
export class AssignmentStore {
  private queue: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(dir: string, private readonly fs: FileOps = realFileOps, private readonly clock: () => Date = () => new Date()) {
    this.file = path.join(dir, ASSIGNMENTS_FILE);
  }

  /** The assignments on disk (none when the file does not exist). */
  async read(): Promise<AssignmentMap> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new UserError('damaged', `${this.file} cannot be read: ${describeFsError(e)}.`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError('damaged', `${this.file} is not valid JSON (${e instanceof Error ? e.message : String(e)}). Correct it or delete it to start the assignments again; nothing was changed.`);
    }
    const parsed = AssignmentsFileSchema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new UserError('damaged', `${this.file} does not match the assignments format: ${first.path.join('.') || 'file'}: ${first.message}. Correct it or delete it; nothing was changed.`);
    }
    if (parsed.data.version > ASSIGNMENTS_VERSION) throw new UserError('newer-version', `${this.file} was written by a newer Sourcemark (format ${parsed.data.version}); update Sourcemark to change the assignments.`);
    return parsed.data.articles;
  }

  /** Changes the assignments with `f` (given what is on disk) and writes the result; resolves to it once on disk. */
  update(f: (current: AssignmentMap) => AssignmentMap): Promise<AssignmentMap> {
    const run = this.queue.then(async () => {
      const next = f(await this.read());
      const file: AssignmentsFile = { type: 'sourcemark-assignments', version: ASSIGNMENTS_VERSION, articles: next, updatedAt: this.clock().toISOString() };
      try {
        await writeFileDurably(this.file, stableStringify(file), this.fs);
      } catch (e) {
        throw new UserError('write-failed', `Could not save ${this.file}: ${describeWriteError(e)}. The assignments are unchanged.`);
      }
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** {@link AssignmentsInfo} of a map. */
export const assignmentsInfo = (articles: AssignmentMap, doubled?: string[]): AssignmentsInfo => ({
  articles, annotators: [...new Set(Object.values(articles).flat())].sort(), ...(doubled ? { doubled } : {}),
});
