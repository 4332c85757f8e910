/**
 * The suggester's files in a project: the learned model (`.sourcemark/suggest-model.json`,
 * git-ignored: it is rebuilt from the annotations) and the rejected suggestions
 * (`suggestions-rejected.json` at the project's root, small and versioned, so a team sharing the
 * project shares what it refused). Writes go to a temporary file renamed over the old one; a
 * file that cannot be read is reported by name and never overwritten silently.
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { isSuggestModel, type SuggestModel } from '../../annotations/suggest/model.js';
import { UserError } from '../errors.js';

export const MODEL_FILE = path.join('.sourcemark', 'suggest-model.json');
export const REJECTED_FILE = 'suggestions-rejected.json';
const REJECTED_TYPE = 'sourcemark-rejected-suggestions';

/** Span keys (`Label@start-end`) rejected per article. */
export type Rejected = Record<string, string[]>;

function writeAtomic(file: string, data: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** The project's model, or undefined when it has none (or one this version cannot use: it is retrained). */
export function readModel(dir: string): SuggestModel | undefined {
  const file = path.join(dir, MODEL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const m: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isSuggestModel(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

export function writeModel(dir: string, model: SuggestModel): void {
  writeAtomic(path.join(dir, MODEL_FILE), JSON.stringify(model));
}

/** The rejected suggestions of the project. A damaged file is a UserError naming it. */
export function readRejected(dir: string): Rejected {
  const file = path.join(dir, REJECTED_FILE);
  if (!existsSync(file)) return {};
  let data: { type?: unknown; articles?: unknown };
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as typeof data;
  } catch (e) {
    throw new UserError('bad-request', `${file}: not valid JSON (${(e as Error).message}); fix or remove it`);
  }
  if (data.type !== REJECTED_TYPE || typeof data.articles !== 'object' || data.articles === null) throw new UserError('bad-request', `${file}: not a list of rejected suggestions (expected "type": "${REJECTED_TYPE}")`);
  const out: Rejected = {};
  for (const [id, keys] of Object.entries(data.articles as Record<string, unknown>)) if (Array.isArray(keys)) out[id] = keys.filter((k): k is string => typeof k === 'string');
  return out;
}

/** Adds `keys` to the rejected suggestions of `articleId`. */
export function addRejected(dir: string, articleId: string, keys: readonly string[]): Rejected {
  const all = readRejected(dir);
  const set = new Set([...(all[articleId] ?? []), ...keys]);
  all[articleId] = [...set].sort();
  writeAtomic(path.join(dir, REJECTED_FILE), JSON.stringify({ type: REJECTED_TYPE, version: 1, articles: all }, null, 1) + '\n');
  return all;
}
