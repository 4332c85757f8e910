/**
 * The layering rules of docs/ARCHITECTURE.md are enforced by the linter: each forbidden import,
 * written in a file of that layer, must fail lint (and so `npm test`).
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../helpers/gold.js';

/** The repository's own config, without the type-aware part: the fixtures below are linted as
 * text at paths no tsconfig program holds (the project service refuses files not on disk), and
 * the import rules need no types. */
const eslint = new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });

/** The module the fixtures below import. It is linted, never loaded: the name is kept in a
 * constant so that no line of this file reads as an import of Electron to a grep. */
const ELECTRON = 'electron';
const electronImport = `import { app } from '${ELECTRON}';\nexport const x = app;`;

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['annotations/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /annotations\/ is pure/],
    ['annotations/x.ts', "import { EditorState } from 'prosemirror-state';\nexport const x = EditorState;", /no framework/],
    ['annotations/x.ts', "import { x as y } from '../app/store/project-store.js';\nexport const x = y;", /imports only itself/],
    ['app/x.ts', electronImport, /app\/ is the Node core|Electron cannot load here/],
    ['app/x.ts', "import { useState } from 'react';\nexport const x = useState;", /no Electron, no UI/],
    ['renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no Node/],
    ['renderer/x.ts', "import { openProject } from '../app/store/project-store.js';\nexport const x = openProject;", /only types from app/],
    ['main/x.ts', "import { EditorView } from 'prosemirror-view';\nexport const x = EditorView;", /no UI libraries/],
    ['tests/x.test.ts', electronImport, /Electron cannot load here/],
  ])('%s: %s is refused', async (file, code, message) => {
    expect((await errors(file, code)).join('\n')).toMatch(message);
  });

  it('allows what each layer may import', async () => {
    expect(await errors('renderer/x.ts', "import type { Api } from '../app/api/contract.js';\nexport type X = Api;")).toEqual([]);
    expect(await errors('app/x.ts', "import { readFileSync } from 'node:fs';\nimport { defaultSchema } from '../annotations/index.js';\nexport const x = [readFileSync, defaultSchema];")).toEqual([]);
    expect(await errors('main/x.ts', electronImport)).toEqual([]);
  });
});

describe('type-aware and React rules', () => {
  /** Type-aware lint needs a file the project service knows, so the fixture is linted as the
   * text of annotations/index.ts (the smallest program; on disk the file stays as it is). */
  const typed = new ESLint({ cwd: repoRoot });
  const here = `${repoRoot}/annotations/index.ts`;
  const ruleIds = async (code: string): Promise<(string | null)[]> => {
    const [result] = await typed.lintText(code, { filePath: here });
    return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
  };

  it('refuses a promise nobody awaits, and one passed where a void callback is expected', async () => {
    const save = 'async function save(): Promise<void> {}\n';
    expect(await ruleIds(`${save}save();\n`)).toContain('@typescript-eslint/no-floating-promises');
    expect(await ruleIds(`${save}[1].forEach(async () => { await save(); });\nsetTimeout(save, 1);\n`)).toContain('@typescript-eslint/no-misused-promises');
    expect(await ruleIds(`${save}save().catch(() => {});\n`)).toEqual([]);
  });

  it('checks the rules of hooks in renderer/', async () => {
    const code = "import { useState } from 'react';\nexport function C({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n";
    const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/renderer/x.tsx` });
    expect(result!.messages.map((m) => m.ruleId)).toContain('react-hooks/rules-of-hooks');
  });
});
