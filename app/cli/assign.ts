/**
 * `npm run cli -- assign <folder> …` (issue 18): who annotates which article, in the project's
 * assignments.json (app/team/assignments.ts).
 *
 *   assign <folder>                                   the assignments, one article a line
 *   assign <folder> <article-ids…> --to NAME[,NAME]   add those annotators to those articles
 *   assign <folder> <article-ids…> --unassign [--to NAME]   take them off (everyone without --to)
 *   assign <folder> --double N --annotators a,b,c [--seed S]
 *                                                     every article to one of them, N% to two, at random
 *
 * The project is opened read-only (no lock), so this works while it is being served; only
 * assignments.json is written, durably. Bad input names the problem and changes nothing.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openingProgress, type Io } from './io.js';
import { UserError } from '../errors.js';
import { PROJECT_FILE } from '../store/files.js';
import { ProjectStore } from '../store/project-store.js';
import { AssignmentStore, assignTo, checkedAnnotators, doubleAssignment, unassignFrom } from '../team/assignments.js';

export const ASSIGN_USAGE = `  assign <folder>                    the assignments: each article and its annotators
  assign <folder> <article-ids…> --to NAME[,NAME…] [--unassign]
                                     assign those articles to those annotators (--unassign: take them off)
  assign <folder> --double N --annotators a,b,c [--seed S]
                                     every article to one annotator, N% of them to two, at random
                                     (balanced; the same seed gives the same draw)`;

const names = (list: string | undefined): string[] => (list ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** Runs `assign …`; resolves to the exit status. Throws UserError for a problem with the folder, an id or a name. */
export async function assignCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { to: { type: 'string' }, unassign: { type: 'boolean' }, double: { type: 'string' }, annotators: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    io.err(`sourcemark: ${(e as Error).message}\n\nUsage:\n${ASSIGN_USAGE}`);
    return 2;
  }
  const usage = (why: string) => {
    io.err(`sourcemark: ${why}\n\nUsage:\n${ASSIGN_USAGE}`);
    return 2;
  };
  const [folder, ...ids] = parsed.positionals;
  const v = parsed.values;
  if (!folder) return usage('"assign" needs the project\'s folder');
  const dir = path.resolve(folder);
  if (!existsSync(path.join(dir, PROJECT_FILE))) throw new UserError('project-missing', `${dir} is not a Sourcemark project (it has no ${PROJECT_FILE}).`);
  if (v.double !== undefined && ids.length) return usage('--double assigns every article: name no article ids with it');
  if (v.double === undefined && (v.annotators !== undefined || v.seed !== undefined)) return usage('--annotators and --seed go with --double N');
  if (ids.length && !v.to && !v.unassign) return usage('name the annotators with --to NAME (several: --to a,b)');
  if (!ids.length && (v.to !== undefined || v.unassign)) return usage('--to and --unassign need the article ids to assign');

  const store = await ProjectStore.open(dir, { onProgress: openingProgress(io), readOnly: true });
  try {
    const file = new AssignmentStore(dir);
    const articles = store.allArticles();
    if (v.double !== undefined) {
      const percent = Number(v.double);
      if (v.double.trim() === '' || !(percent >= 0 && percent <= 100)) return usage(`--double takes a percentage from 0 to 100, not "${v.double}"`);
      const seed = v.seed === undefined ? Date.now() % 2 ** 31 : Number(v.seed);
      if (!Number.isInteger(seed)) return usage(`--seed takes a whole number, not "${v.seed}"`);
      const all = articles.filter((a) => !a.damaged).map((a) => a.id);
      if (!all.length) throw new UserError('bad-request', `${dir} has no article to assign.`);
      const { map, doubled } = doubleAssignment(all, names(v.annotators), percent, seed);
      await file.update(() => map);
      io.out(`Assigned ${all.length} articles among ${checkedAnnotators(names(v.annotators)).join(', ')}; ${doubled.length} of them (${percent}%) to two annotators (seed ${seed}). Written to ${file.file}.`);
      return 0;
    }
    if (ids.length) {
      const known = new Set(articles.map((a) => a.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length) throw new UserError('not-found', `No article ${unknown.join(', ')} in ${dir}; nothing was assigned.`);
      const who = v.to !== undefined ? checkedAnnotators(names(v.to)) : undefined;
      if (v.unassign) await file.update((m) => unassignFrom(m, ids, who));
      else await file.update((m) => assignTo(m, ids, who!));
      io.out(`${v.unassign ? 'Unassigned' : 'Assigned'} ${ids.length} article${ids.length === 1 ? '' : 's'}${who ? ` ${v.unassign ? 'from' : 'to'} ${who.join(', ')}` : ''}. Written to ${file.file}.`);
      return 0;
    }
    const map = await file.read();
    if (v.json) io.out(JSON.stringify(map, null, 2));
    else if (!Object.keys(map).length) io.out(`Nothing is assigned in ${dir}: everyone's "next to do" is every article.`);
    else for (const a of articles) io.out(`${a.id.padEnd(28)} ${(map[a.id] ?? []).join(', ') || '(unassigned)'}  ${a.title}`);
    return 0;
  } finally {
    await store.close();
  }
}
