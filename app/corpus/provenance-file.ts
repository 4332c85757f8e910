/**
 * The user's provenance decisions (confirmed groups, splits; annotations/analysis/provenance.ts)
 * in the project folder as `provenance.json`. A file that does not match its format is never
 * overwritten: reading it says which file and what is wrong, and writing refuses until it is
 * fixed or moved away.
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EMPTY_DECISIONS, type ProvenanceDecisions } from '../../annotations/analysis/provenance.js';
import { UserError } from '../errors.js';

export const PROVENANCE_FILE = 'provenance.json';

export const DecisionsSchema = z.object({
  confirmed: z.array(z.string().min(1).max(400)).max(100_000),
  splits: z.array(z.object({ members: z.array(z.string().min(1).max(400)).min(1), from: z.array(z.string().min(1).max(400)).min(1) }).strict()).max(100_000),
}).strict();

const FileSchema = z.object({ type: z.literal('sourcemark-provenance'), version: z.literal(1), decisions: DecisionsSchema }).strict();

/** The decisions of the project in `dir` (none when the file is absent). Throws a UserError naming the file when it is damaged. */
export function readDecisions(dir: string): ProvenanceDecisions {
  const file = path.join(dir, PROVENANCE_FILE);
  if (!existsSync(file)) return EMPTY_DECISIONS;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError('damaged', `${PROVENANCE_FILE} is not valid JSON (${e instanceof Error ? e.message : String(e)}); fix or move it away to record provenance decisions again.`);
  }
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UserError('damaged', `${PROVENANCE_FILE} does not match its format (${first.path.join('.') || 'file'}: ${first.message}); fix or move it away to record provenance decisions again.`);
  }
  return parsed.data.decisions;
}

/** Writes the decisions (temporary file renamed over the old one); refuses over a damaged file. */
export function writeDecisions(dir: string, decisions: ProvenanceDecisions): void {
  readDecisions(dir); // throws, naming the file, when the one on disk is damaged: it is left as it is
  const file = path.join(dir, PROVENANCE_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ type: 'sourcemark-provenance', version: 1, decisions }, null, 2) + '\n');
  renameSync(tmp, file);
}
