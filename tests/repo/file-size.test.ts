/**
 * No source file over about 400 lines (docs/ARCHITECTURE.md) unless it says why at its top: a
 * line reading `Over 400 lines: <the reason>` within its first 20 lines. A file that long is
 * usually two concerns; the sentence makes the exception a decision someone wrote down.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/gold.js';

/** The folders of source code (tests/ is left out: a test file is a list of cases). */
const SOURCE = ['annotations', 'app', 'main', 'renderer', 'scripts'];
const LIMIT = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|mjs|js|cjs)$/.test(e.name) ? [rel] : [];
  });
}

/** The files over the limit that give no reason at their top. */
export function tooLong(files: { name: string; text: string }[]): string[] {
  return files
    .filter(({ text }) => text.split('\n').length > LIMIT + 1 && !/Over 400 lines: \S/.test(text.split('\n').slice(0, 20).join('\n')))
    .map(({ name }) => name);
}

describe('file size', () => {
  it(`no source file is over ${LIMIT} lines without a reason at its top`, () => {
    const files = SOURCE.flatMap(sourceFiles).map((name) => ({ name, text: readFileSync(path.join(repoRoot, name), 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(tooLong(files)).toEqual([]);
  });

  it('tells a long file without a reason from one with it', () => {
    const body = 'export const x = 1;\n'.repeat(LIMIT + 5);
    expect(tooLong([
      { name: 'long.ts', text: `/** Parsing. */\n${body}` },
      { name: 'explained.ts', text: `/**\n * Parsing.\n * Over 400 lines: one state machine, split it and its states scatter.\n */\n${body}` },
      { name: 'short.ts', text: 'export const x = 1;\n'.repeat(LIMIT - 1) },
    ])).toEqual(['long.ts']);
  });
});
