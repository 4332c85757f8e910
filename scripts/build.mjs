// Builds the renderer (dist/renderer) and Electron's main process and preload (dist/main) with
// esbuild. `npm run build`; `npm run serve` and `npm start` run it first.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (...p) => path.join(root, 'dist', ...p);
const watchless = { logLevel: 'warning', sourcemap: true, target: 'chrome130' };

const started = Date.now();
mkdirSync(out('renderer'), { recursive: true });
await build({
  ...watchless,
  entryPoints: { app: path.join(root, 'renderer/main.tsx') },
  outdir: out('renderer'),
  bundle: true,
  format: 'esm',
  jsx: 'automatic',
  minify: process.env.NODE_ENV === 'production',
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
});
copyFileSync(path.join(root, 'renderer/index.html'), out('renderer', 'index.html'));

if (!process.argv.includes('--renderer-only')) {
  await build({ ...nodeBundle, entryPoints: [path.join(root, 'main/main.ts')], outfile: out('main', 'main.cjs') });
  await build({ ...nodeBundle, entryPoints: [path.join(root, 'main/preload.ts')], outfile: out('main', 'preload.cjs') });
  // The suggester's training thread (app/suggest/trainer.ts looks for worker.cjs beside main.cjs).
  await build({ ...nodeBundle, entryPoints: [path.join(root, 'app/suggest/worker.ts')], outfile: out('main', 'worker.cjs') });
  // The index's reading threads (app/store/index-pool.ts looks for index-worker.cjs beside main.cjs).
  await build({ ...nodeBundle, entryPoints: [path.join(root, 'app/store/index-worker.ts')], outfile: out('main', 'index-worker.cjs') });
}
console.log(`built dist/ in ${Date.now() - started} ms`);
