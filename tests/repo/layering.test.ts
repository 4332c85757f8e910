/**
 * The layering rules of ../shared/style.md are enforced by the linter: each forbidden import,
 * written in a file of that layer, must fail lint (and so `npm test`).
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { repoRoot } from '../helpers/gold.js';

const eslint = new ESLint({ cwd: repoRoot });

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
