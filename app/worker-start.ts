/**
 * Starting a worker thread from TypeScript sources and from a bundle alike: from a bundle
 * (Electron's dist/main/main.cjs, scripts/build.mjs) the compiled `.cjs` beside it; from the
 * sources (tsx, vitest) the `.ts` through tsx's loader, registered inside the worker (a loader
 * given to the parent with --import does not reach a worker thread in Node 20).
 *
 * Must not: know what a worker does (app/suggest/trainer.ts, app/store/index-pool.ts do).
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** No worker thread could be started here (a bundle without its worker file): not a failure of the work. */
export class WorkerUnavailable extends Error {
  override name = 'WorkerUnavailable';
}

/**
 * Starts the worker `bundled` (the compiled file's URL, beside the bundle) or else `source` (the
 * TypeScript file's URL) with `workerData` (and `resourceLimits`, when given). Throws when neither
 * can be started.
 */
export function startWorker(bundled: URL, source: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const js = fileURLToPath(bundled);
  if (existsSync(js)) return new Worker(js, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source.href)}); }).catch((e) => { throw e; });`;
  return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
