/**
 * Access to the gold fixture in ../shared/gold (brat), and to tests/fixtures/gold, the copy
 * that ships with the repository so a fresh clone without ../shared still runs every test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const shared = path.resolve(repoRoot, '../shared/gold');
const bundled = path.resolve(repoRoot, 'tests/fixtures/gold');

/** The folder the gold files are read from: ../shared when present, else the bundled copy. */
export const goldDir = existsSync(shared) ? shared : bundled;

export const GOLD_IDS = ['000_295e30e2d338d8a1', '002_6f0280c28b7f439d'] as const;

export type GoldFile = { id: string; txt: string; ann: string };

export const readGold = (id: string): GoldFile => ({
  id,
  txt: readFileSync(path.join(goldDir, `${id}.txt`), 'utf8'),
  ann: readFileSync(path.join(goldDir, `${id}.ann`), 'utf8'),
});

/** The counts the gold README states, per article. */
export const GOLD_COUNTS: Record<string, { Quote: number; Speaker: number; Cue: number; Claim: number; relations: number }> = {
  '000_295e30e2d338d8a1': { Quote: 13, Speaker: 12, Cue: 13, Claim: 7, relations: 33 },
  '002_6f0280c28b7f439d': { Quote: 8, Speaker: 7, Cue: 7, Claim: 3, relations: 18 },
};
