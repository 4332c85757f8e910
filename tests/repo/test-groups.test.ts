/**
 * `npm run test:unit` must not open a browser nor need Python: every test file that launches
 * Chromium (`launchBrowser` of tests/helpers/browser.ts, or `workbenchSession` of
 * tests/helpers/server.ts, which calls it) is in vitest.config.ts' `browser` group, and every
 * one that runs the Python readers (tests/interop/python.ts) in `interop`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browser, interop } from '../../vitest.config.js';
import { repoRoot } from '../helpers/gold.js';

function testFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return rel === 'tests/bench' ? [] : testFiles(rel);
    return e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

/** True when `file` is matched by one of `group`'s entries (a path, or a folder followed by `**`). */
const inGroup = (group: readonly string[], file: string): boolean =>
  group.some((g) => (g.includes('**') ? file.startsWith(g.slice(0, g.indexOf('**'))) : g === file));

describe('test groups', () => {
  const files = testFiles('tests').map((f) => ({ f, text: readFileSync(path.join(repoRoot, f), 'utf8') }));

  it('puts every test file that launches Chromium in the browser group', () => {
    const launching = files.filter(({ text }) => /\b(launchBrowser|workbenchSession)\(/.test(text)).map(({ f }) => f);
    expect(launching.length).toBeGreaterThan(5);
    expect(launching.filter((f) => !inGroup(browser, f))).toEqual([]);
  });

  it('puts every test file that runs the Python readers in the interop group', () => {
    const python = files.filter(({ text }) => /from '(\.\.\/(\.\.\/)*interop|\.)\/python\.js'/.test(text)).map(({ f }) => f);
    expect(python.length).toBeGreaterThan(0);
    expect(python.filter((f) => !inGroup(interop, f))).toEqual([]);
  });
});
