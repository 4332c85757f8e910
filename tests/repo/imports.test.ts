/**
 * The import graph (docs/ARCHITECTURE.md, "What each folder may import"): dependency-cruiser,
 * run as `npm run deps` does, finds no cycle and no forbidden or upward import in the repository;
 * and its rules do refuse each kind of mistake, shown on small trees written to a temporary
 * folder (never into the repository, where other tools would see them).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cruise as depcruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, tempDir } from '../helpers/project.js';

const options = await extractDepcruiseOptions(path.join(repoRoot, '.dependency-cruiser.mjs'));

/** The folders `npm run deps` cruises, read from package.json so that the two never differ. */
const cruised: string[] = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  .deps!.split(/\s+/)
  .slice(1)
  .filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--config');

type Violation = { rule: { name: string }; from: string; to: string };

/** Cruises `folders` of `baseDir` with the repository's rules (in this process, as `npm run deps` does in its own); the violations found. */
async function cruise(baseDir: string, folders: string[]): Promise<Violation[]> {
  const { output } = await depcruise(folders, { ...options, baseDir });
  return (output as ICruiseResult).summary.violations;
}

/** Writes `files` (path relative to a new temporary folder -> source) and returns the folder. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('sourcemark-deps-');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const brief = (v: Violation[]): string[] => v.map((x) => `${x.rule.name}: ${x.from} -> ${x.to}`);

afterAll(() => cleanTemp());

describe('import graph', () => {
  it('cruises the source, the tests and the scripts', () => {
    expect(cruised).toEqual(['annotations', 'app', 'main', 'renderer', 'tests', 'scripts']);
  });

  it('has no cycle and no forbidden or upward import', async () => {
    expect(brief(await cruise(repoRoot, cruised))).toEqual([]);
  }, 60_000);

  it('reports an upward import inside app/ and a cycle', async () => {
    const dir = tree({
      'app/api/contract.ts': 'export type Api = { ping(): void };\n',
      // store/ is below the Api: this import is upward.
      'app/store/x.ts': "import type { Api } from '../api/contract.js';\nexport type X = Api;\n",
      'app/cli/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'app/cli/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    const found = brief(await cruise(dir, ['app']));
    expect(found).toContain('app-store-no-upward: app/store/x.ts -> app/api/contract.ts');
    expect(found).toContainEqual(expect.stringMatching(/^no-circular: app\/cli\/(a\.ts -> app\/cli\/b|b\.ts -> app\/cli\/a)\.ts$/));
  }, 30_000);

  it('reports each layer and floor rule', async () => {
    const dir = tree({
      'annotations/model/types.ts': "import { t } from '../text/find.js';\nexport const m = t;\n",
      'annotations/text/find.ts': 'export const t = 1;\n',
      'annotations/edit/ops.ts': "import { readFileSync } from 'node:fs';\nimport { n } from '../index.js';\nexport const e = [readFileSync, n];\n",
      'annotations/index.ts': 'export const n = 1;\n',
      'app/errors.ts': "import { s } from './store/s.js';\nexport const err = s;\n",
      'app/store/s.ts': "import { h } from '../../tests/helpers/h.js';\nexport const s = h;\n",
      'app/api/methods.ts': "import { srv } from '../shells/server.js';\nexport const api = srv;\n",
      'app/shells/server.ts': 'export const srv = 1;\n',
      'renderer/editor/view.ts': "import { st } from '../state/store.js';\nexport const v = st;\n",
      'renderer/state/store.ts': "import { srv } from '../../app/shells/server.js';\nimport type { Api } from '../../app/api/contract.js';\nexport const st = srv;\nexport type A = Api;\n",
      'app/api/contract.ts': 'export type Api = { ping(): void };\n',
      'tests/helpers/h.ts': 'export const h = 1;\n',
    });
    expect(brief(await cruise(dir, ['annotations', 'app', 'renderer', 'tests'])).sort()).toEqual([
      'annotations-model-no-upward: annotations/model/types.ts -> annotations/text/find.ts',
      'annotations-no-barrel-inside: annotations/edit/ops.ts -> annotations/index.ts',
      'annotations-pure-no-node: annotations/edit/ops.ts -> fs',
      'app-api-no-upward: app/api/methods.ts -> app/shells/server.ts',
      'app-errors-at-the-bottom: app/errors.ts -> app/store/s.ts',
      'no-test-code-in-source: app/store/s.ts -> tests/helpers/h.ts',
      'renderer-editor-no-upward: renderer/editor/view.ts -> renderer/state/store.ts',
      // The value import from app/ is refused; the type import beside it is not.
      'renderer-only-types-from-app: renderer/state/store.ts -> app/shells/server.ts',
    ]);
  }, 30_000);
});
