/**
 * Training off the main thread also works from a bundle, as in the desktop app: Electron's
 * dist/main/main.cjs is CommonJS with no worker.ts beside it, so `trainInWorker` must find the
 * compiled worker.cjs next to the bundle (scripts/build.mjs builds both with the same options
 * used here). Before, the bundle had no worker and training silently ran on the main process.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeBundle } from '../../../scripts/bundle-options.mjs';
import { repoRoot } from '../../helpers/gold.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

describe('the training thread in a CommonJS bundle', () => {
  it('starts worker.cjs beside the bundle and gets the model back', async () => {
    const dir = tempDir('sourcemark-bundle-');
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, [
      `import { trainInWorker } from ${JSON.stringify(path.join(repoRoot, 'app/suggest/trainer.ts'))};`,
      `import { isMainThread } from 'node:worker_threads';`,
      `trainInWorker([], '2026-01-01T00:00:00.000Z').then((m) => console.log(JSON.stringify({ type: m.type, main: isMainThread })), (e) => { console.log(JSON.stringify({ error: String(e), name: e.name })); });`,
    ].join('\n'));
    await build({ ...nodeBundle, sourcemap: false, logLevel: 'error', entryPoints: [entry], outfile: path.join(dir, 'main.cjs') });
    const run = () => JSON.parse(execFileSync(process.execPath, [path.join(dir, 'main.cjs')], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').pop()!) as Record<string, unknown>;
    // Without its worker the bundle cannot train off the thread, and says so (the caller falls back).
    expect(run()).toMatchObject({ name: 'Error' });
    await build({ ...nodeBundle, sourcemap: false, logLevel: 'error', entryPoints: [path.join(repoRoot, 'app/suggest/worker.ts')], outfile: path.join(dir, 'worker.cjs') });
    expect(run()).toMatchObject({ type: expect.any(String), main: true });
  }, 60_000);
});
