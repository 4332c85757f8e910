// esbuild's options for what runs in Node as CommonJS: Electron's main process, the sandboxed
// preload and the suggester's training thread (scripts/build.mjs; tests/app/suggest/bundle.test.ts
// bundles with the same options). import.meta.url has no meaning in CommonJS: it is defined as
// the file's own URL, so `new URL('./x', import.meta.url)` finds files beside the bundle.
export const nodeBundle = {
  logLevel: 'warning', sourcemap: true, bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
