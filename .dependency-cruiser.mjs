// The import graph's rules (docs/ARCHITECTURE.md, "What each folder may import"), checked by
// dependency-cruiser in `npm run deps` (part of `npm test`): no cycle anywhere, the layers of the
// repository, and the floors inside each layer. ESLint (eslint.config.js) and the per-layer
// tsconfigs check the same layers file by file; this file is the one that sees the whole graph,
// so it alone can refuse a cycle or an upward import between two folders of one layer.
// Type-only imports count (tsPreCompilationDeps): a type import upward still ties a low floor
// to a high one, and renderer/'s "only types from app/" needs to tell the two kinds apart.

/** npm packages that do I/O or draw: none of them may enter annotations/. */
const notPure = '^node_modules/(electron|react|react-dom|prosemirror-[^/]+|lowdb)/';
const ui = '^node_modules/(react|react-dom|prosemirror-[^/]+)/';

/** A rule that `from` may not import `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

/** `floor` may import none of the folders (of one layer) listed in `above`. */
const below = (layer, floor, above, comment) =>
  forbid(`${layer}-${floor}-no-upward`, comment, { path: `^${layer}/${floor}/` }, { path: `^${layer}/(${above.join('|')})/` });

export default {
  forbidden: [
    forbid('no-circular', 'A cycle makes the load order matter and the floors meaningless.', {}, { circular: true }),
    forbid('not-to-unresolvable', 'An import that resolves to nothing.', {}, { couldNotResolve: true }),
    forbid(
      'no-test-code-in-source',
      'Source never loads test helpers or fixtures; tests/ depends on the source, not the other way round.',
      { path: '^(annotations|app|main|renderer|scripts)/' },
      { path: '^tests/' },
    ),

    // The layers.
    forbid('annotations-pure-no-node', 'annotations/ is pure: no Node.', { path: '^annotations/' }, { dependencyTypes: ['core'] }),
    forbid('annotations-pure-no-io', 'annotations/ is pure: no framework, no I/O.', { path: '^annotations/' }, { path: notPure }),
    forbid('annotations-only-itself', 'annotations/ imports only itself.', { path: '^annotations/' }, { path: '^(app|main|renderer)/' }),
    forbid('app-no-ui', 'app/ is the Node core: no Electron, no UI.', { path: '^app/' }, { path: '^node_modules/(electron|react|react-dom|prosemirror-[^/]+)/' }),
    forbid('app-no-electron-builtin', 'app/ is the Node core: no Electron.', { path: '^app/' }, { path: '^electron$' }),
    forbid('app-only-annotations', 'app/ may import annotations/ only.', { path: '^app/' }, { path: '^(main|renderer)/' }),
    forbid('main-no-ui', 'main/ is the Electron shell: no UI libraries.', { path: '^main/' }, { path: ui }),
    forbid('main-no-renderer', 'main/ may not import renderer/.', { path: '^main/' }, { path: '^renderer/' }),
    forbid('renderer-no-node', 'renderer/ runs in the page: no Node.', { path: '^renderer/' }, { dependencyTypes: ['core'] }),
    forbid('renderer-only-api', 'renderer/ talks only to the Api: no Electron, no lowdb.', { path: '^renderer/' }, { path: '^(node_modules/(electron|lowdb)/|electron$)' }),
    forbid('renderer-no-main', 'renderer/ may not import main/.', { path: '^renderer/' }, { path: '^main/' }),
    forbid(
      'renderer-only-types-from-app',
      'renderer/ may import only types from app/ (import type): app/ runs in Node.',
      { path: '^renderer/' },
      { path: '^app/', dependencyTypesNot: ['type-only'] },
    ),

    // Inside annotations/: model <- text <- edit <- analysis <- suggest, and edit <- formats
    // (formats/ neither imports analysis/ or suggest/ nor is imported by them). index.ts
    // re-exports them all, so nothing inside may import it (that would be an import of every
    // floor, and a cycle).
    below('annotations', 'model', ['text', 'edit', 'analysis', 'suggest', 'formats'], 'model/ imports only itself.'),
    below('annotations', 'text', ['edit', 'analysis', 'suggest', 'formats'], 'text/ imports only model/ and itself.'),
    below('annotations', 'edit', ['analysis', 'suggest', 'formats'], 'edit/ imports only model/, text/ and itself.'),
    below('annotations', 'analysis', ['suggest', 'formats'], 'analysis/ (agreement, curation, corpus counts) imports only model/, text/, edit/ and itself.'),
    below('annotations', 'suggest', ['formats'], 'suggest/ (rules and learned models) imports only model/, text/, edit/, analysis/ and itself.'),
    below('annotations', 'formats', ['analysis', 'suggest'], 'formats/ reads and writes files of other tools: it imports only model/, text/, edit/ and itself.'),
    forbid(
      'annotations-no-barrel-inside',
      'annotations/index.ts is for the other layers; inside annotations/ import the module itself.',
      { path: '^annotations/[^/]+/' },
      { path: '^annotations/index\\.ts$' },
    ),

    // Inside app/: errors.ts at the bottom; store/, import/, export/ in the middle; api/ above
    // them; shells/ (HTTP server, desktop IPC) above api/; cli/ at the top.
    forbid('app-errors-at-the-bottom', 'app/errors.ts is below everything that throws: it imports nothing else of app/.', { path: '^app/errors\\.ts$' }, { path: '^app/', pathNot: '^app/errors\\.ts$' }),
    below('app', 'store', ['api', 'shells', 'cli'], 'store/ is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'import', ['api', 'shells', 'cli'], 'import/ is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'export', ['api', 'shells', 'cli'], 'export/ is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'corpus', ['api', 'shells', 'cli'], 'corpus/ (search index, corpus tables) is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'suggest', ['api', 'shells', 'cli'], 'suggest/ (suggesting, training in a worker) is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'team', ['api', 'shells', 'cli'], 'team/ (accounts, sessions, roles, assignment) is below the Api: it never imports api/, shells/ or cli/.'),
    below('app', 'api', ['shells', 'cli'], 'api/ is the top floor of the core: the shells and the CLI use it, not the other way round.'),
    below('app', 'shells', ['cli'], 'shells/ never import cli/.'),

    // Inside renderer/: editor/ (the ProseMirror view) <- state/ (the one write path) <-
    // commands/ (each with its key) <- components/ (React).
    below('renderer', 'editor', ['state', 'commands', 'components'], 'editor/ is the view only: it imports neither state/ nor commands/ nor components/.'),
    below('renderer', 'state', ['commands', 'components'], 'state/ is below the commands and the screens that use it.'),
    below('renderer', 'commands', ['components'], 'commands/ never import components/.'),
  ],
  options: {
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^(dist|sample|bench-results|\\.tmp|\\.venv-interop)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
