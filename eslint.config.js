// Lint, and the layering rules of docs/ARCHITECTURE.md: what each folder may import. A wrong
// import fails `npm test` here as well as in the per-layer tsconfigs (and in dependency-cruiser,
// .dependency-cruiser.cjs, for the rules inside a layer and for cycles).
// Type-aware: every .ts/.tsx file is linted with the program of the tsconfig that covers it
// (annotations/, app/, main/, renderer/, tests/); the few files no tsconfig covers (scripts/*.ts,
// vitest.config.ts) get the default project; plain .js/.mjs files are linted without types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const node = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'url', 'stream', 'util', 'events', 'net'];
const banned = (groups, message) => groups.map((group) => ({ group: [group, `${group}/**`], message }));
const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bench-results/', 'sample/', '.tmp/', '.venv-interop/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['scripts/*.ts', 'scripts/*.d.mts', 'vitest.config.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A promise nobody awaits loses its error (an unhandled rejection, or a save that failed
      // in silence); a promise handed where a void callback is expected does the same.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['annotations/**/*.ts'],
    rules: restrict([
      ...banned(node, 'annotations/ is pure: no Node.'),
      ...banned(['electron', 'react', 'react-dom', 'prosemirror-*', 'lowdb'], 'annotations/ is pure: no framework, no I/O.'),
      ...banned(['**/app', '**/main', '**/renderer', '**/app/*', '**/main/*', '**/renderer/*'], 'annotations/ imports only itself.'),
    ]),
  },
  {
    files: ['app/**/*.ts'],
    rules: restrict([
      ...banned(['electron', 'react', 'react-dom', 'prosemirror-*'], 'app/ is the Node core: no Electron, no UI.'),
      ...banned(['**/main', '**/renderer', '**/main/*', '**/renderer/*'], 'app/ may import annotations/ only.'),
    ]),
  },
  {
    files: ['main/**/*.ts'],
    rules: restrict([
      ...banned(['react', 'react-dom', 'prosemirror-*'], 'main/ is the Electron shell: no UI libraries.'),
      ...banned(['**/renderer', '**/renderer/*'], 'main/ may not import renderer/.'),
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      ...banned(node, 'renderer/ runs in the page: no Node.'),
      ...banned(['electron', 'lowdb'], 'renderer/ talks only to the Api.'),
      ...banned(['**/main', '**/main/*'], 'renderer/ may not import main/.'),
      { group: ['**/app', '**/app/*'], allowTypeImports: true, message: 'renderer/ may import only types from app/.' },
    ]),
  },
  {
    files: ['tests/**/*.ts', 'app/**/*.ts', 'annotations/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'scripts/**/*.mjs'],
    ignores: ['main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Electron cannot load here: only main/ may import it.' }] }],
    },
  },
);
